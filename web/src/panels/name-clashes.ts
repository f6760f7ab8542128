import { checkNameClashes, type ClashRecord, type ClashWarning } from '../api/search'
import { strings } from '../i18n'
import { homeCounties } from '../registers/store'
import { h } from './dom'

/** The 8 categories of the 2022 条例 art. 3 (server/place-names/romanize.ts CATEGORIES). */
const CATEGORIES = ['street', 'residential', 'village_seat', 'admin_division', 'park', 'natural', 'facility', 'other'] as const

/** The categories art. 9 checks (server/place-names/duplicates.ts SCOPES), and whether each needs the county. */
const NEEDS_COUNTY: Record<string, boolean> = { admin_division: false, village_seat: true, street: true, residential: true }

/** Waits this long after the last change before checking, in milliseconds. */
const PAUSE_MS = 250

/**
 * Shows the duplicate and homophone warnings of a name (from `GET /api/place-names/duplicates`
 * or a write's `Write-Warnings`): each clash with the records it names, their county and
 * code, and that staff decide. Empty warnings say that none was found.
 */
export function renderClashWarnings(slot: HTMLElement, warnings: ClashWarning[], checked = true): void {
  const s = strings()
  if (!warnings.length) {
    slot.replaceChildren(checked ? h('p', { class: 'clash-none' }, s.clashNone) : '')
    slot.className = 'clash-warnings'
    return
  }
  slot.className = 'clash-warnings warn'
  slot.setAttribute('role', 'status')
  slot.replaceChildren(...warnings.map((w) => clashBlock(w)), h('p', { class: 'clash-decide' }, s.clashDecide))
}

/**
 * One duplicate or homophone warning: its kind and scope, and each record it names with its
 * spelling, county, code and status, or (in an import's report) `inFile` of its row.
 */
export function clashBlock(w: ClashWarning, inFile?: (row: number) => string): HTMLElement {
  const s = strings()
  const where = (r: ClashRecord) =>
    r.row !== undefined && inFile ? inFile(r.row) : [r.county_name, r.code, s.searchStatuses[r.status]].filter(Boolean).join(' · ')
  return h(
    'div',
    { class: `clash ${w.code}` },
    h('strong', {}, s.clashHeading.replace('{kind}', w.code === 'duplicate_name' ? s.clashDuplicate : s.clashHomophone).replace('{scope}', s.clashScopes[w.params.scope] ?? w.params.scope)),
    h('ul', {}, ...w.params.records.map((r) => h('li', {}, h('span', { class: 'clash-name' }, r.name), ` ${r.roman_spelling}`, ` · ${where(r)}`))),
  )
}

/**
 * Keeps a clash warning up to date as a place-name form changes: `read` gives the name as
 * it would be written, its category, where it lies and the record it renames (if any);
 * call the returned function whenever one of them changes.
 */
export function watchNameClashes(
  slot: HTMLElement,
  read: () => { name: string; category: string; county_code?: string; at?: [number, number]; exclude?: string },
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  // Answers to older states of the form than the latest are dropped.
  let latest = 0
  return () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      const mine = ++latest
      const query = read()
      const needsCounty = NEEDS_COUNTY[query.category]
      if (!query.name.trim() || needsCounty === undefined || (needsCounty && !query.county_code && !query.at)) {
        slot.replaceChildren(needsCounty === undefined && query.name.trim() ? h('p', { class: 'clash-none' }, strings().clashNoScope) : '')
        slot.className = 'clash-warnings'
        return
      }
      try {
        const warnings = await checkNameClashes(query)
        if (mine === latest) renderClashWarnings(slot, warnings)
      } catch {
        // A name the server refuses (Latin letters, too long) is the form's own error to show; no warning here.
        if (mine === latest) slot.replaceChildren()
      }
    }, PAUSE_MS)
  }
}

/**
 * The name check (地名查重): a proposed name, its category and county, checked against the
 * register by art. 9 as it is typed.
 */
export function openNameCheck(layout: HTMLElement, name: string): void {
  const s = strings()
  document.getElementById('name-check')?.remove()
  const nameInput = h('input', { name: 'name', value: /\p{Script=Han}/u.test(name) ? name : '', autocomplete: 'off', maxlength: 50 })
  const category = h('select', { name: 'category' }, ...CATEGORIES.map((c) => h('option', { value: c }, s.searchCategories[c] ?? c)))
  const county = h('select', { name: 'county_code' }, ...homeCounties().map((c) => h('option', { value: c.code }, c.name)))
  const slot = h('div', { class: 'clash-warnings', 'aria-live': 'polite' })
  const dialog = h(
    'dialog',
    { id: 'name-check', class: 'dialog' },
    h('h2', {}, s.clashTitle),
    h('p', { class: 'clash-hint' }, s.clashHint),
    h('label', {}, s.clashName, nameInput),
    h('label', {}, s.clashCategory, category),
    h('label', {}, s.clashCounty, county),
    slot,
    h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => dialog.close() }, s.clashClose)),
  )
  dialog.addEventListener('close', () => dialog.remove())
  const update = watchNameClashes(slot, () => ({ name: nameInput.value.trim(), category: category.value, county_code: county.value || undefined }))
  for (const element of [nameInput, category, county]) element.addEventListener('input', update)
  layout.append(dialog)
  dialog.showModal()
  update()
}
