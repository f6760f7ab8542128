import { describe, expect, it } from 'vitest'
import { splitSql } from './split-sql'

describe('splitSql', () => {
  it('splits at top-level semicolons and drops empty statements', () => {
    expect(splitSql('SELECT 1;\n\nSELECT 2;\n-- trailing comment\n')).toEqual(['SELECT 1', 'SELECT 2'])
  })

  it('keeps semicolons inside strings, identifiers and comments', () => {
    const script = `SELECT 'a;b', 'it''s;'; SELECT "odd;name" FROM t; /* x; y */ SELECT 3 -- z;\n`
    expect(splitSql(script)).toEqual([`SELECT 'a;b', 'it''s;'`, `SELECT "odd;name" FROM t`, `/* x; y */ SELECT 3 -- z;`])
  })

  it('keeps dollar-quoted function bodies whole', () => {
    const script = `CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql; SELECT f();`
    expect(splitSql(script)).toEqual([
      `CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql`,
      'SELECT f()',
    ])
  })
})
