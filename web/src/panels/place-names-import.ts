import { ApiError, type Problem } from '../api/client'
import { importPlaceNames, type PlaceNamesImport } from '../api/place-names'
import { pnStrings, pt } from '../i18n/place-names'
import { errorMessage, fieldLabel } from '../i18n/errors'
import { h } from './dom'
import { clashBlock } from './name-clashes'

/** The link that saves the CSV template (the server's header row, by the columns' Chinese titles). */
function templateLink(): HTMLElement {
  return h('a', { class: 'pn-link', id: 'pn-import-template', href: '/api/place-names/import/template', download: 'place-names-template.csv' }, pnStrings().importTemplate)
}

/** A refused record's field as people call it: `row 3: source` → 第 3 行 资料来源 (the register's own words for its fields first). */
function importFieldLabel(field: string): string {
  const at = /^(row|feature) (\d+): (\w+)(?:\.\d+)?$/.exec(field)
  const own = at && pnStrings().field[at[3]!]
  return own ? `${fieldLabel(`${at[1]} ${at[2]}`)} ${own}` : fieldLabel(field)
}

/** The table of an import's warnings: each record with clashes, by its row, and what it clashes with. */
function warningsTable(report: PlaceNamesImport): HTMLElement {
  const s = pnStrings()
  return h(
    'table',
    { class: 'grid pn-import-table', id: 'pn-import-warnings' },
    h('thead', {}, h('tr', {}, h('th', {}, report.format === 'csv' ? s.importRow : s.importFeature), h('th', {}, s.importName), h('th', {}, s.importWarning))),
    h('tbody', {}, ...report.warnings.map((r) =>
      h('tr', {}, h('td', {}, String(r.row)), h('td', {}, r.name), h('td', {}, ...r.warnings.map((w) => clashBlock(w, (row) => pt(report.format === 'csv' ? 'importInFile' : 'importInFileFeature', { row }))))))),
  )
}

/** The table of a refused file's errors, by row and field, in people's words. */
function errorsTable(errors: NonNullable<Problem['errors']>): HTMLElement {
  const s = pnStrings()
  return h(
    'table',
    { class: 'grid pn-import-table', id: 'pn-import-errors' },
    h('thead', {}, h('tr', {}, h('th', {}, s.importWhere), h('th', {}, s.importReason))),
    h('tbody', {}, ...errors.map((e) => h('tr', {}, h('td', {}, importFieldLabel(e.field)), h('td', {}, errorMessage(e))))),
  )
}

/**
 * The import of a file of place names for place-name staff: choose a CSV (or GeoJSON) and
 * its source, check it (a dry run: every row checked, the duplicate and homophone warnings
 * listed), then import what was checked, all or nothing. `onImported` runs after an import.
 */
export function importForm({ onImported, onCancel }: { onImported: () => void; onCancel: () => void }): HTMLElement {
  const s = pnStrings()
  const file = h('input', { type: 'file', id: 'pn-import-file', name: 'file', accept: '.csv,.geojson,.json,text/csv,application/geo+json' })
  const source = h('select', { id: 'pn-import-source', name: 'source' }, ...(['register', 'census'] as const).map((value) => h('option', { value }, s.dataSources[value] ?? value)))
  const progress = h('progress', { max: 1, value: 0, hidden: true, class: 'pn-progress' })
  const status = h('p', { class: 'pn-note', role: 'status', 'aria-live': 'polite' })
  const result = h('div', { class: 'pn-import-result', id: 'pn-import-result' })
  const check = h('button', { type: 'button', id: 'pn-import-check' }, s.importCheck)
  const run = h('button', { type: 'button', id: 'pn-import-run', class: 'pn-primary', hidden: true })
  const cancel = h('button', { type: 'button' }, s.cancel)
  cancel.addEventListener('click', onCancel)
  // Only the file just checked, with the source it was checked for, is imported.
  let checked: { file: File; source: string } | null = null
  const resetCheck = () => {
    checked = null
    run.hidden = true
  }
  file.addEventListener('change', () => {
    if (result.childElementCount) status.textContent = s.importChanged
    result.replaceChildren()
    resetCheck()
  })
  source.addEventListener('change', resetCheck)

  async function send(dryRun: boolean) {
    const chosen = file.files?.[0]
    if (!chosen) {
      status.textContent = s.importChooseFile
      return
    }
    const from = source.value as 'register' | 'census'
    // What is sent stays as it is until the answer is in.
    const controls = [file, source, check, run]
    for (const c of controls) c.disabled = true
    progress.hidden = false
    progress.value = 0
    status.textContent = s.importUploading
    result.replaceChildren()
    try {
      const report = await importPlaceNames(chosen, { dryRun, source: from }, (sent) => {
        progress.value = sent
        if (sent >= 1) status.textContent = s.importWorking
      })
      status.textContent = pt(dryRun ? 'importChecked' : 'importDone', { created: report.created, rows: report.rows, format: report.format === 'csv' ? 'CSV' : 'GeoJSON' })
      result.replaceChildren(
        report.ignored_columns.length ? h('p', { class: 'pn-note' }, pt('importIgnored', { columns: report.ignored_columns.join('、') })) : '',
        report.warnings.length ? h('p', { class: 'pn-warned' }, pt(dryRun ? 'importWarned' : 'importWarnedDone', { n: report.warnings.length })) : h('p', { class: 'pn-note' }, s.importNoWarnings),
        report.warnings.length ? warningsTable(report) : '',
      )
      if (dryRun) {
        checked = { file: chosen, source: from }
        run.textContent = pt('importRun', { n: report.created })
        run.hidden = false
      } else {
        resetCheck()
        onImported()
      }
    } catch (error) {
      resetCheck()
      const problem = error instanceof ApiError ? error.problem : null
      if (problem?.code === 'import_invalid' && problem.errors?.length) {
        status.textContent = pt('importRefused', { n: problem.error_count ?? problem.errors.length })
        result.replaceChildren(errorsTable(problem.errors))
      } else {
        status.textContent = error instanceof Error ? error.message : String(error)
      }
    } finally {
      // On a phone the answer lies below the form, out of sight in the sheet.
      status.scrollIntoView({ block: 'start', behavior: 'smooth' })
      progress.hidden = true
      for (const c of controls) c.disabled = false
    }
  }
  check.addEventListener('click', () => void send(true))
  run.addEventListener('click', () => {
    if (checked && checked.file === file.files?.[0] && checked.source === source.value) void send(false)
    else status.textContent = s.importChanged
  })

  return h(
    'div',
    { class: 'pn-form', id: 'pn-import-form' },
    h('h2', {}, s.importTitle),
    h('p', { class: 'pn-note' }, s.importRule),
    h('details', { class: 'pn-note' }, h('summary', {}, s.importFormat), h('p', {}, s.importHint)),
    templateLink(),
    h('label', { class: 'pn-field', for: 'pn-import-file' }, h('span', {}, s.importFile), file),
    h('label', { class: 'pn-field', for: 'pn-import-source' }, h('span', {}, s.importSource), source),
    progress,
    status,
    h('div', { class: 'pn-actions' }, check, run, cancel),
    result,
  )
}
