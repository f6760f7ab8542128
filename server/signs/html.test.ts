import { describe, expect, it } from 'vitest'
import { escapeHtml, html } from './html'

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `<script>alert(1)</script>" onload="x' \`y\` &amp;`
    const out = html`<p title="${evil}">${evil}</p>`.html
    expect(out).not.toMatch(/<script|" onload|' |`y`/)
    expect(out).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`)
    expect(escapeHtml('&<>"\'`')).toBe('&#38;&#60;&#62;&#34;&#39;&#96;')
  })

  it('keeps what html made, and joins arrays', () => {
    expect(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.html).toBe('<ul><li>a&#60;</li><li>b</li></ul>')
    expect(html`${null}${undefined}${false}${0}`.html).toBe('0')
  })
})
