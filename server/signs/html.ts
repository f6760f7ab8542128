/** A value made safe to put in HTML text or a quoted attribute: every markup character escaped. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** HTML that is already escaped, to put into {@link html} as it is. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html
  }
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[]

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof SafeHtml) return part.html
  if (Array.isArray(part)) return part.map(render).join('')
  return escapeHtml(part)
}

/**
 * A template tag for HTML: every interpolated value is escaped unless it is {@link SafeHtml}
 * (what another `html` call made); arrays are joined. So no text from a record or a form
 * can become markup or script, wherever it is shown.
 * @example html`<p>${'<b>'}</p>`.html // '<p>&#60;b&#62;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!))
  return new SafeHtml(out)
}
