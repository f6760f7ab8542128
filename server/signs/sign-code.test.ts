import { describe, expect, it } from 'vitest'
import { checkCharacter, isSignCode, signCode } from './sign-code'

describe('sign codes', () => {
  it('take the ISO 7064 MOD 11-2 check character of resident identity cards', () => {
    // GB 11643-1999's example number 11010519491231002X.
    expect(checkCharacter('11010519491231002')).toBe('X')
    expect(signCode('410402', 17)).toBe('41040200017X')
    expect(signCode('410423', 1)).toBe(`4104230000${1}${checkCharacter('41042300001')}`)
  })

  it('catch any one mistyped character and any two neighbours swapped', () => {
    const code = signCode('410425', 12345)
    expect(isSignCode(code)).toBe(true)
    for (let i = 0; i < 11; i++) {
      for (const d of '0123456789') {
        if (d === code[i]) continue
        expect(isSignCode(code.slice(0, i) + d + code.slice(i + 1)), `${i} → ${d}`).toBe(false)
      }
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)
      if (swapped !== code) expect(isSignCode(swapped), `swap ${i}`).toBe(false)
    }
  })

  it('refuse what breaks the format', () => {
    for (const bad of ['', '41040200017', '41040200017x', '410402000171X', '4104020001 7X', '４１０４０２０００１７X']) expect(isSignCode(bad), bad).toBe(false)
  })
})
