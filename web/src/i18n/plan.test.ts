import { describe, expect, it } from 'vitest'
import { setLang } from './index'
import { PLAN_STRINGS, pt } from './plan'

describe('the plan strings', () => {
  it('has the same keys, and the same placeholders, in Chinese and in English', () => {
    const zh = PLAN_STRINGS['zh-CN'] as Record<string, unknown>
    const en = PLAN_STRINGS.en as Record<string, unknown>
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    const holes = (text: unknown) => (typeof text === 'string' ? [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort() : [])
    for (const key of Object.keys(zh)) expect(holes(en[key]), key).toEqual(holes(zh[key]))
  })

  it('fills the placeholders in the current language', () => {
    setLang('en')
    expect(pt('failingCount', { failing: 3, units: 10 })).toBe('3 of 10 units fail')
    setLang('zh-CN')
    expect(pt('failingCount', { failing: 3, units: 10 })).toBe('3 / 10 个单位未达到')
  })
})
