import type { Map as MapLibreMap } from 'maplibre-gl'
import { filters, setFilters } from '../registers/store'

/**
 * The map's modes (coverage, plan, place names, signs, boundaries) share the screen: each
 * has a toggle in the top bar's `#modes` group and a panel on the left (a bottom sheet on a
 * phone), so one is on at a time. A toggle says it is on by `aria-pressed="true"`; when one
 * turns on, each other one that is on is clicked off.
 */
export function exclusiveModes(): void {
  const toggles = () => [...document.querySelectorAll<HTMLButtonElement>('#modes > button')]
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const turnedOn = record.target as HTMLButtonElement
      if (turnedOn.getAttribute('aria-pressed') !== 'true') continue
      for (const other of toggles()) if (other !== turnedOn && other.getAttribute('aria-pressed') === 'true') other.click()
    }
  })
  for (const toggle of toggles()) observer.observe(toggle, { attributes: true, attributeFilter: ['aria-pressed'] })
}

/** Puts a mode's toggle into the top bar's group of modes, after those already there. */
export function addModeToggle(toggle: HTMLButtonElement): void {
  document.getElementById('modes')!.append(toggle)
}

/**
 * A mode's declutter switch: on, it hides the given registers and the plain community dots
 * that were showing; off, it brings back what it hid (and nothing the user hid meanwhile).
 */
export function declutterer(map: MapLibreMap, registers: readonly string[]): (on: boolean) => void {
  let hidden: { registers: string[]; communities: boolean } | null = null
  return (on) => {
    if (on && !hidden) {
      const shown = registers.filter((c) => !filters.hiddenRegisters.has(c))
      const communities = map.getLayer('communities') ? map.getLayoutProperty('communities', 'visibility') !== 'none' : false
      hidden = { registers: shown, communities }
      if (shown.length) setFilters((f) => shown.forEach((c) => f.hiddenRegisters.add(c)))
      if (communities) map.setLayoutProperty('communities', 'visibility', 'none')
    } else if (!on && hidden) {
      const { registers: shown, communities } = hidden
      hidden = null
      if (shown.length) setFilters((f) => shown.forEach((c) => f.hiddenRegisters.delete(c)))
      if (communities) map.setLayoutProperty('communities', 'visibility', 'visible')
    }
  }
}
