import { describe, expect, it } from 'vitest'
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from './password'

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('平顶山-2025!')
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(stored).not.toContain('平顶山')
    expect(await verifyPassword('平顶山-2025!', stored)).toBe(true)
    expect(await verifyPassword('平顶山-2024!', stored)).toBe(false)
  })

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'))
  })

  it('matches nothing with the unmatchable hash or a malformed one', async () => {
    expect(await verifyPassword('', UNMATCHABLE_HASH)).toBe(false)
    expect(await verifyPassword('x', 'md5$abc')).toBe(false)
  })
})
