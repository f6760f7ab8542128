import { ApiError, type Problem } from '../api/client'
import { importPlaceNames, type PlaceNamesImport } from '../api/place-names'
import { pnStrings, pt } from '../i18n/place-names'
import { errorMessage, fieldLabel } from '../i18n/errors'
import { h } from './dom'
import { clashBlock } from './name-clashes'

/** The columns of the CSV template: the required ones first, by their Chinese titles, as the server reads them. */
const TEMPLATE_COLUMNS = ['标准名称', '类别', '小类', '经度', '纬度', '罗马字母拼写', '含义', '来历', '沿革', '别名', '曾用名', '状态', '资料来源']

/** A link that saves the CSV template (with a BOM, so that a spreadsheet reads it as UTF-8). */
function templateLink(): HTMLElement {
  const link = h('a', { class: 'pn-link', id: 'pn-import-template', download: 'place-names-template.csv' }, pnStrings().importTemplate)
  link.addEventListener('click', () => {
    link.setAttribute('href', URL.createObjectURL(new Blob([`\uFEFF${TEMPLATE_COLUMNS.join(',')}\r\n`], { type: 'text/csv' })))
  })
  return link
}

/** The table of an import's warnings: each record with clashes, by its row, and what it clashes with. */
function warningsTable(report: PlaceNamesImport): HTMLElement {
  const s = pnStrings()
  return h(
    'table',
    { class: 'grid pn-import-table', id: 'pn-import-warnings' },
    h('thead', {}, h('tr', {}, h('th', {}, report.format === 'csv' ? s.importRow : s.importFeature), h('th', {}, s.importName), h('th', {}, s.importWarning))),
    h('tbody', {}, ...report.warnings.map((r) =>
      h('tr', {}, h('td', {}, String(r.row)), h('td', {}, r.name), h('td', {}, ...r.warnings.map((w) => clashBlock(w, (row) => pt('importInFile', { row }))))))),
  )
}

/** The table of a refused file's errors, by row and field, in people's words. */
function errorsTable(errors: NonNullable<Problem['errors']>): HTMLElement {
  const s = pnStrings()
  return h(
    'table',
    { class: 'grid pn-import-table', id: 'pn-import-errors' },
    h('thead', {}, h('tr', {}, h('th', {}, s.importWhere), h('th', {}, s.importReason))),
    h('tbody', {}, ...errors.map((e) => h('tr', {}, h('td', {}, fieldLabel(e.field)), h('td', {}, errorMessage(e))))),
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
  // Only a file just checked, as it was checked, is imported.
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
    for (const b of [check, run]) b.disabled = true
    progress.hidden = false
    progress.value = 0
    status.textContent = s.importUploading
    result.replaceChildren()
    try {
      const report = await importPlaceNames(chosen, { dryRun, source: source.value as 'register' | 'census' }, (sent) => {
        progress.value = sent
        if (sent >= 1) status.textContent = s.importWorking
      })
      status.textContent = pt(dryRun ? 'importChecked' : 'importDone', { created: report.created, rows: report.rows, format: report.format === 'csv' ? 'CSV' : 'GeoJSON' })
      result.replaceChildren(
        report.ignored_columns.length ? h('p', { class: 'pn-note' }, pt('importIgnored', { columns: report.ignored_columns.join('、') })) : '',
        report.warnings.length ? h('p', { class: 'pn-warned' }, pt('importWarned', { n: report.warnings.length })) : h('p', { class: 'pn-note' }, s.importNoWarnings),
        report.warnings.length ? warningsTable(report) : '',
      )
      if (dryRun) {
        checked = { file: chosen, source: source.value }
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
      progress.hidden = true
      check.disabled = false
      run.disabled = false
    }
  }
  check.addEventListener('click', () => void send(true))
  run.addEventListener('click', () => checked && checked.file === file.files?.[0] && void send(false))

  return h(
    'div',
    { class: 'pn-form', id: 'pn-import-form' },
    h('h2', {}, s.importTitle),
    h('p', { class: 'pn-note' }, s.importHint),
    h('p', { class: 'pn-note' }, s.importRule),
    templateLink(),
    h('label', { class: 'pn-field', for: 'pn-import-file' }, h('span', {}, s.importFile), file),
    h('label', { class: 'pn-field', for: 'pn-import-source' }, h('span', {}, s.importSource), source),
    progress,
    status,
    h('div', { class: 'pn-actions' }, check, run, cancel),
    result,
  )
}
