/**
 * Splits a SQL script into its statements at top-level semicolons, skipping those inside
 * quoted strings, quoted identifiers, comments and dollar-quoted bodies.
 * @example splitSql("SELECT 1; SELECT ';'") // ["SELECT 1", "SELECT ';'"]
 */
export function splitSql(script: string): string[] {
  const statements: string[] = []
  let start = 0
  let i = 0
  const push = (end: number) => {
    const statement = script.slice(start, end).trim()
    if (statement.replace(/--[^\n]*/g, '').trim()) statements.push(statement)
  }
  while (i < script.length) {
    const rest = script.slice(i)
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i)
      i = end < 0 ? script.length : end + 1
    } else if (rest.startsWith('/*')) {
      const end = script.indexOf('*/', i + 2)
      i = end < 0 ? script.length : end + 2
    } else if (script[i] === "'" || script[i] === '"') {
      const quote = script[i]!
      let j = i + 1
      // A doubled quote is an escaped quote inside the literal.
      while (j < script.length && !(script[j] === quote && script[j + 1] !== quote)) j += script[j] === quote ? 2 : 1
      i = j + 1
    } else if (/^\$[A-Za-z_]*\$/.test(rest)) {
      const tag = rest.match(/^\$[A-Za-z_]*\$/)![0]
      const end = script.indexOf(tag, i + tag.length)
      i = end < 0 ? script.length : end + tag.length
    } else if (script[i] === ';') {
      push(i)
      start = i + 1
      i++
    } else {
      i++
    }
  }
  push(script.length)
  return statements
}
