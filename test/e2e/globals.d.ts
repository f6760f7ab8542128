import type { Map as MapLibreMap } from 'maplibre-gl'

declare global {
  interface Window {
    /** Set by web/src/main.ts. */
    appMap?: MapLibreMap
  }
}
