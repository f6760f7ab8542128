/**
 * Sign codes: the county-level code where the sign stands (6 digits), a serial within that
 * county (5 digits) and a check character by ISO 7064 MOD 11-2 (0–9 or X, as on a resident
 * identity card), e.g. `41040200017X`. The check character catches any one mistyped
 * character and any two neighbours swapped.
 */
export const SIGN_CODE = /^[0-9]{11}[0-9X]$/

/**
 * The ISO 7064 MOD 11-2 check character of a string of digits.
 * @example checkCharacter('41040200017') // 'X'
 */
export function checkCharacter(digits: string): string {
  let sum = 0
  for (const d of digits) sum = ((sum + Number(d)) * 2) % 11
  const check = (12 - sum) % 11
  return check === 10 ? 'X' : String(check)
}

/** Whether `code` has the format and its check character is right. */
export function isSignCode(code: string): boolean {
  return SIGN_CODE.test(code) && checkCharacter(code.slice(0, 11)) === code[11]
}

/**
 * The code of the `serial`-th sign of a county.
 * @example signCode('410402', 17) // '41040200017X'
 */
export function signCode(countyCode: string, serial: number): string {
  const digits = `${countyCode}${String(serial).padStart(5, '0')}`
  return `${digits}${checkCharacter(digits)}`
}
