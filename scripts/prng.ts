/** A seeded pseudo-random generator (mulberry32): the same seed gives the same sample data. */
export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    /** Uniform in [0, 1). */
    next,
    /** Uniform in [min, max). */
    between: (min: number, max: number) => min + (max - min) * next(),
    /** A whole number in [min, max]. */
    int: (min: number, max: number) => min + Math.floor((max - min + 1) * next()),
  }
}
