import { en } from './en'
import { zhCN } from './zh-CN'

export type Lang = 'zh-CN' | 'en'
type Strings = typeof zhCN
type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings]

const STORAGE_KEY = 'lang'
const listeners = new Set<() => void>()
// No storage outside a browser (the unit tests): Chinese, the app's first language.
let lang: Lang = globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
if (globalThis.document) document.documentElement.lang = lang

/** The current language. */
export function currentLang(): Lang {
  return lang
}

/** The current language's strings. */
export function strings(): Strings {
  return lang === 'en' ? en : zhCN
}

/** A UI string with `{name}` placeholders filled in. */
export function t(key: TextKey, values: Record<string, string | number> = {}): string {
  return strings()[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
}

/** Switches the language, remembers it, and tells every listener to redraw its text. */
export function setLang(next: Lang): void {
  lang = next
  globalThis.localStorage?.setItem(STORAGE_KEY, next)
  if (globalThis.document) document.documentElement.lang = next
  for (const listener of listeners) listener()
}

/** Calls `listener` now and whenever the language changes. */
export function onLangChange(listener: () => void): void {
  listeners.add(listener)
  listener()
}
