import type { Feature } from 'geojson'
import { onLangChange, strings, t } from '../i18n'
import { formatValue, REGISTERS, registerOf, type Field, type Register } from '../registers/registers'
import { onRecordsChange, onSelect, select, selected, visibleRecords } from '../registers/store'
import { csvFileName, toCsv, type CsvColumn } from './csv-export'
import { h } from './dom'

/** How many rows are drawn at most; the others are counted, exported, and reached by typing a filter. */
const ROW_LIMIT = 1000
/** Longer text is cut short in its cell. */
const LONG_TEXT = 16

type Sort = { key: string; descending: boolean }

/** A record with the text of each of its register's fields, as the table shows them. */
type Row = { record: Feature; cells: string[] }

const NUMERIC: ReadonlySet<Field['type']> = new Set(['integer', 'number'])
const collator = new Intl.Collator('zh-CN', { numeric: true })

/** A register's visible records as rows, narrowed to those with `query` in a shown value, and sorted. */
function tableRows(register: Register, sort: Sort | undefined, query: string): Row[] {
  const s = strings()
  const needle = query.trim().toLocaleLowerCase()
  const rows = visibleRecords(register)
    .map((record) => ({ record, cells: register.fields.map((f) => formatValue(f, record.properties?.[f.key], s)) }))
    .filter((row) => !needle || row.cells.some((cell) => cell.toLocaleLowerCase().includes(needle)))
  const column = sort ? register.fields.findIndex((f) => f.key === sort.key) : -1
  const field = register.fields[column]
  if (!sort || !field) return rows
  const sign = sort.descending ? -1 : 1
  const compare = NUMERIC.has(field.type)
    ? (a: Row, b: Row) => Number(a.record.properties?.[field.key]) - Number(b.record.properties?.[field.key])
    : (a: Row, b: Row) => collator.compare(a.cells[column]!, b.cells[column]!)
  // Empty values go last whichever the direction; ties keep the server's order (the sort is stable).
  return rows.sort((a, b) => {
    const emptyA = a.cells[column] === ''
    const emptyB = b.cells[column] === ''
    if (emptyA || emptyB) return Number(emptyA) - Number(emptyB)
    return sign * compare(a, b)
  })
}

/** The columns of a register's CSV export: the feature id, the table's columns, and a point's longitude and latitude. */
function csvColumns(register: Register): CsvColumn<Row>[] {
  const s = strings()
  const coordinate = (row: Row, axis: 0 | 1) => (row.record.geometry?.type === 'Point' ? row.record.geometry.coordinates[axis] : undefined)
  return [
    { header: s.csvId, value: (row) => row.record.id },
    ...register.fields.map((f, i): CsvColumn<Row> => ({ header: f.label(s), value: (row) => row.cells[i] })),
    ...(register.geometry === 'Point'
      ? [
          { header: s.csvLongitude, value: (row: Row) => coordinate(row, 0) },
          { header: s.csvLatitude, value: (row: Row) => coordinate(row, 1) },
        ]
      : []),
  ]
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = h('a', { href: url, download: fileName })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/**
 * The table view of the registers: a drawer below the map, opened by `toggle`, with a tab
 * per register listing the records the planner's filters let through. Columns sort on a
 * click, a text box narrows the rows, a row click selects the record on the map, and a
 * selection made on the map shows its row. The current tab exports as CSV.
 */
export function renderTable(container: HTMLElement, toggle: HTMLElement): void {
  let open = false
  let collapsed = false
  let tab: string = REGISTERS[0]!.collection
  const sorts = new Map<string, Sort>()
  const queries = new Map<string, string>()
  /** The drawn rows of the current tab, by record id. */
  let drawn = new Map<string | number, HTMLTableRowElement>()
  let current: Row[] = []
  /** Set while a row click selects its record: the row is in view already. */
  let clicking = false

  const register = () => registerOf(tab)!
  const tabs = h('div', { class: 'table-tabs', role: 'tablist' })
  const search = h('input', {
    type: 'search',
    name: 'table-search',
    class: 'table-search',
    oninput: () => {
      queries.set(tab, search.value)
      drawRows()
    },
  })
  const count = h('span', { class: 'table-count', 'aria-live': 'polite' })
  const exportButton = h('button', { type: 'button', class: 'table-export', onclick: () => exportCsv() })
  const collapseButton = h('button', { type: 'button', class: 'table-collapse', onclick: () => setCollapsed(!collapsed) })
  const closeButton = h('button', { type: 'button', class: 'table-close', onclick: () => setOpen(false) }, '×')
  const thead = h('thead')
  const tbody = h('tbody')
  const scroller = h('div', { class: 'table-scroll', id: 'table-panel', role: 'tabpanel' }, h('table', { class: 'record-table' }, thead, tbody))
  const note = h('p', { class: 'table-note' })
  container.classList.add('table-drawer')
  container.hidden = true
  container.replaceChildren(
    h('div', { class: 'table-bar' }, tabs, search, count, exportButton, collapseButton, closeButton),
    scroller,
    note,
  )
  toggle.setAttribute('aria-controls', container.id)
  toggle.setAttribute('aria-expanded', 'false')
  toggle.addEventListener('click', () => setOpen(!open))

  function setOpen(next: boolean) {
    open = next
    container.hidden = !open
    toggle.setAttribute('aria-expanded', String(open))
    if (!open) return
    redraw()
    markSelected(true)
  }

  function setCollapsed(next: boolean) {
    collapsed = next
    container.classList.toggle('collapsed', collapsed)
    drawChrome()
    markSelected(true)
  }

  function drawChrome() {
    const s = strings()
    toggle.textContent = s.tableView
    container.setAttribute('aria-label', s.tableView)
    search.placeholder = s.tableSearch
    search.setAttribute('aria-label', s.tableSearch)
    exportButton.textContent = s.tableExport
    const collapseText = collapsed ? s.tableExpand : s.tableCollapse
    collapseButton.replaceChildren(collapsed ? '▴ ' : '▾ ', h('span', { class: 'button-text' }, collapseText))
    collapseButton.title = collapseText
    collapseButton.setAttribute('aria-label', collapseText)
    collapseButton.setAttribute('aria-expanded', String(!collapsed))
    closeButton.title = s.close
    closeButton.setAttribute('aria-label', s.close)
  }

  function drawTabs() {
    const s = strings()
    tabs.replaceChildren(
      ...REGISTERS.map((r) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: 'table-tab',
            'data-collection': r.collection,
            'aria-selected': String(r.collection === tab),
            'aria-controls': 'table-panel',
            onclick: () => showTab(r.collection),
          },
          r.title(s),
          h('span', { class: 'tab-count' }, String(visibleRecords(r).length)),
        ),
      ),
    )
  }

  function drawHead() {
    const s = strings()
    const sort = sorts.get(tab)
    thead.replaceChildren(
      h(
        'tr',
        {},
        ...register().fields.map((f) => {
          const direction = sort?.key === f.key ? (sort.descending ? 'descending' : 'ascending') : undefined
          return h(
            'th',
            { scope: 'col', class: NUMERIC.has(f.type) ? 'num' : undefined, 'data-key': f.key, 'aria-sort': direction ?? 'none' },
            h(
              'button',
              { type: 'button', onclick: () => sortBy(f.key) },
              f.label(s),
              h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''),
            ),
          )
        }),
      ),
    )
  }

  function drawRows() {
    const r = register()
    const query = queries.get(tab) ?? ''
    current = tableRows(r, sorts.get(tab), query)
    const total = visibleRecords(r).length
    const selection = selected()
    const selectedAt = selection?.collection === tab ? current.findIndex((row) => row.record.id === selection.id) : -1
    // The selected record is drawn even when it lies past the limit.
    const shown = current.slice(0, Math.max(ROW_LIMIT, selectedAt + 1))
    const numeric = r.fields.map((f) => NUMERIC.has(f.type))
    drawn = new Map()
    tbody.replaceChildren(
      ...shown.map((row) => {
        const id = row.record.id!
        const tr = h(
          'tr',
          {
            'data-id': String(id),
            'aria-selected': 'false',
            onclick: () => {
              clicking = true
              select({ collection: r.collection, id })
              clicking = false
            },
          },
          ...row.cells.map((cell, i) =>
            // Only long text is cut short (with its full text as a tooltip): clipping every cell slows the layout.
            cell.length > LONG_TEXT ? h('td', { class: 'long', title: cell }, cell) : h('td', { class: numeric[i] ? 'num' : undefined }, cell),
          ),
        )
        drawn.set(id, tr)
        return tr
      }),
    )
    if (!shown.length) tbody.append(h('tr', { class: 'table-empty' }, h('td', { colspan: r.fields.length }, t('tableEmpty'))))
    count.textContent = t('tableRows', { shown: current.length, total })
    const notes = [
      query.trim() && total > current.length ? t('tableFilteredOut', { n: total - current.length }) : '',
      current.length > shown.length ? t('tableOverLimit', { n: current.length - shown.length }) : '',
    ].filter(Boolean)
    note.textContent = notes.join('；')
    note.hidden = !notes.length
    markSelected(false)
  }

  function redraw() {
    if (!open) return
    drawTabs()
    drawHead()
    search.value = queries.get(tab) ?? ''
    drawRows()
  }

  function showTab(collection: string) {
    if (collection === tab) return
    tab = collection
    // The drawn rows are another register's until the next redraw (now, or when the drawer opens).
    drawn = new Map()
    scroller.scrollTo(0, 0)
    redraw()
  }

  function sortBy(key: string) {
    const sort = sorts.get(tab)
    sorts.set(tab, { key, descending: sort?.key === key && !sort.descending })
    drawHead()
    drawRows()
  }

  let marked: HTMLTableRowElement | undefined
  /** Highlights the selected record's row, if drawn, and (for a selection made elsewhere) scrolls to it. */
  function markSelected(scroll: boolean) {
    marked?.classList.remove('selected')
    marked?.setAttribute('aria-selected', 'false')
    const selection = selected()
    marked = selection?.collection === tab ? drawn.get(selection.id) : undefined
    marked?.classList.add('selected')
    marked?.setAttribute('aria-selected', 'true')
    if (scroll && marked && !collapsed) marked.scrollIntoView({ block: 'center', inline: 'nearest' })
  }

  function exportCsv() {
    download(csvFileName(tab, new Date()), toCsv(csvColumns(register()), current))
  }

  onSelect((selection) => {
    if (selection && registerOf(selection.collection) && selection.collection !== tab) showTab(selection.collection)
    else if (open && selection?.collection === tab && !drawn.has(selection.id) && current.some((row) => row.record.id === selection.id)) drawRows()
    markSelected(!clicking)
  })
  onRecordsChange(redraw)
  onLangChange(() => {
    drawChrome()
    redraw()
  })
}
