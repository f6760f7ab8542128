import { onLangChange, t } from '../i18n'
import { h } from './dom'

/** Screens at most this wide get the phone layout (the same width as in style.css). */
export const PHONE_QUERY = '(max-width: 640px)'

/** Whether the screen is phone-sized. */
export const isPhone = (): boolean => matchMedia(PHONE_QUERY).matches

/** A panel that folds away to its title bar: beside the map on wide screens, a bottom sheet on phones. */
export type Sheet = {
  element: HTMLElement
  /** Where the panel's content goes. */
  body: HTMLElement
  expanded: () => boolean
  setExpanded: (expanded: boolean) => void
}

const sheets = new Set<Sheet>()

/**
 * Makes `element` a sheet titled `title`, its children moved into the sheet's body. It
 * starts expanded on wide screens and folded on phones, where only one sheet is open at
 * a time. `side` says where it sits on wide screens; on phones it is always at the bottom.
 * It is marked `data-covers-map` with the edge it lies along, so popups and zooms keep clear of it.
 */
export function createSheet(element: HTMLElement, options: { title: () => string; side?: 'right' | 'left' }): Sheet {
  const bodyId = `${element.id || 'sheet'}-body`
  const body = h('div', { class: 'sheet-body', id: bodyId })
  body.append(...element.childNodes)
  const label = h('span', { class: 'sheet-title' })
  const chevron = h('span', { class: 'sheet-chevron', 'aria-hidden': 'true' })
  const toggle = h('button', { type: 'button', class: 'sheet-toggle', 'aria-controls': bodyId }, h('span', { class: 'sheet-grip', 'aria-hidden': 'true' }), label, chevron)
  element.classList.add('sheet', `sheet-${options.side ?? 'right'}`)
  element.replaceChildren(toggle, body)

  let expanded = !isPhone()
  const draw = () => {
    element.classList.toggle('collapsed', !expanded)
    // Folded on a wide screen, only its title bar is left, across the top corner.
    element.dataset.coversMap = isPhone() ? 'bottom' : expanded ? (options.side ?? 'right') : 'top'
    toggle.setAttribute('aria-expanded', String(expanded))
    label.textContent = options.title()
    chevron.textContent = expanded === isPhone() ? '▾' : '▴'
    toggle.title = expanded ? t('sheetCollapse') : t('sheetExpand')
    element.setAttribute('aria-label', options.title())
  }
  const sheet: Sheet = {
    element,
    body,
    expanded: () => expanded,
    setExpanded(next) {
      expanded = next
      if (next && isPhone()) for (const other of sheets) if (other !== sheet && other.expanded()) other.setExpanded(false)
      draw()
    },
  }
  toggle.addEventListener('click', () => sheet.setExpanded(!expanded))
  sheets.add(sheet)
  onLangChange(draw)
  // Turning a tablet or resizing a window across the phone width: wide screens show the panel, phones the map.
  matchMedia(PHONE_QUERY).addEventListener('change', () => sheet.setExpanded(!isPhone()))
  return sheet
}

/** On a phone, folds every sheet (a popup or a form needs the map); on wide screens does nothing. */
export function foldSheetsOnPhone(): void {
  if (!isPhone()) return
  for (const sheet of sheets) if (sheet.expanded()) sheet.setExpanded(false)
}
