import { html, SafeHtml } from './html'
import type { NearbyPlace, Sign } from './signs.queries'

/** The public pages' languages: Chinese first, English by `?lang=en`. */
export type PageLang = 'zh' | 'en'

/** Half the side of the small map's square, in metres. */
export const MAP_RADIUS_M = 250

const TEXT = {
  zh: {
    htmlLang: 'zh-CN',
    other: 'English',
    otherLang: 'en',
    standardName: '标准地名',
    meaning: '含义',
    origin: '来历',
    history: '沿革',
    none: '暂无记载',
    map: '标志位置',
    mapAlt: '标志位置及周边道路示意图',
    fullMap: '在完整地图中查看',
    nearby: '附近地名',
    noNearby: '附近 500 米内没有其他标准地名',
    metres: (m: number) => (m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 千米`),
    report: '报告标志问题',
    code: '标志编码',
    removed: '此标志已拆除。以下是它所标示的地名。',
    outdated: '地名已更新：标志牌上的内容将按标准地名更换。',
    printed: (name: string, spelling: string) => `牌面现为：${name} ${spelling}`,
    generated: '示例数据（生成）：此标志及其周边道路为系统生成的演示数据，并非真实设置的标志。',
    generatedBadge: '示例数据（生成）',
    bureau: (city: string) => `${city}民政局 地名管理`,
    contact: '联系我们',
    notFoundTitle: '未找到此标志',
    notFound: (code: string) => `没有编码为「${code}」的地名标志。请核对标志上印的编码，或按名称查找。`,
    badCode: (code: string) => `「${code}」不是地名标志的编码。标志编码为 12 位，例如 41040200017X。`,
    search: '查找地名',
    searchLabel: '地名',
    searchButton: '查找',
    noResults: (q: string) => `没有找到名称含「${q}」的地名标志。`,
    results: '地名标志',
    north: '北',
    scale: '100 米',
    mapTitle: (name: string) => `${name}地名标志位置`,
  },
  en: {
    htmlLang: 'en',
    other: '中文',
    otherLang: 'zh',
    standardName: 'Standard place name',
    meaning: 'Meaning',
    origin: 'Origin',
    history: 'History',
    none: 'Not recorded yet',
    map: 'Where the sign stands',
    mapAlt: 'Map of the sign and the streets around it',
    fullMap: 'Open the full map',
    nearby: 'Named places nearby',
    noNearby: 'No other standard name within 500 m',
    metres: (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`),
    report: 'Report a problem with this sign',
    code: 'Sign code',
    removed: 'This sign has been removed. This is the place name it showed.',
    outdated: 'The name has been updated: the sign will be replaced with the standard name.',
    printed: (name: string, spelling: string) => `The sign now reads: ${name} ${spelling}`,
    generated: 'Sample data (generated): this sign and the streets around it are generated for demonstration; it is not a real sign.',
    generatedBadge: 'Sample data (generated)',
    bureau: (city: string) => `${city} Civil Affairs Bureau, place names`,
    contact: 'Contact',
    notFoundTitle: 'Sign not found',
    notFound: (code: string) => `There is no place-name sign with the code "${code}". Check the code printed on the sign, or search by name.`,
    badCode: (code: string) => `"${code}" is not a sign code. A sign code has 12 characters, e.g. 41040200017X.`,
    search: 'Find a place name',
    searchLabel: 'Place name',
    searchButton: 'Search',
    noResults: (q: string) => `No place-name sign whose name contains "${q}".`,
    results: 'Place-name signs',
    north: 'N',
    scale: '100 m',
    mapTitle: (name: string) => `Where the sign of ${name} stands`,
  },
} as const

/** The texts of a language. */
export function pageText(lang: PageLang) {
  return TEXT[lang]
}

/** What every public page shows around its content: the city, the bureau and how to reach it. */
export type PageContext = { lang: PageLang; city: { name: string; name_en: string }; contact: string | null }

/**
 * The critical CSS, inline: system fonts (no download), one column sized for a phone, the
 * name as the largest element (the page's Largest Contentful Paint).
 */
const CSS = `*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d2733;background:#f4f6f8}
header{display:flex;justify-content:space-between;align-items:center;padding:10px 16px;background:#0b4f8a;color:#fff;font-size:14px}header a{color:#fff;padding:6px 10px;border:1px solid #ffffff80;border-radius:6px;text-decoration:none}
main{max-width:640px;margin:0 auto;padding:16px}
.plate{background:#0b4f8a;color:#fff;border-radius:10px;padding:18px 16px 14px;text-align:center}
h1{margin:0;font-size:40px;line-height:1.2;letter-spacing:.08em;font-weight:700}.spell{margin:4px 0 0;font-size:20px;letter-spacing:.04em}.area{margin:8px 0 0;font-size:14px;opacity:.85}.badge{display:inline-block;margin:8px 0 0;padding:1px 8px;border-radius:9px;background:#ffffff30;font-size:12px}
.note{margin:12px 0 0;padding:10px 12px;border-radius:8px;background:#fff4d6;border:1px solid #e6c35c}.note.removed{background:#fde7e7;border-color:#e08b8b}.note.gen{background:#eef1f4;border-color:#c5ccd4;font-size:13px}
section,figure{margin:14px 0 0;background:#fff;border-radius:10px;padding:12px 16px}h2{margin:0 0 2px;font-size:15px;color:#0b4f8a}p{margin:0 0 8px}.none{color:#6b7785}
figure svg{display:block;width:100%;height:auto;background:#eef2ea;border-radius:6px}figcaption{font-size:14px;margin-top:6px;display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}
ul{list-style:none;margin:0;padding:0}li{display:flex;justify-content:space-between;gap:8px;padding:6px 0;border-top:1px solid #e6eaee}li:first-child{border-top:0}li span{color:#6b7785;white-space:nowrap}
a{color:#0b5cab}.btn{display:block;margin:16px 0 0;padding:14px;border-radius:10px;background:#c0392b;color:#fff;text-align:center;font-size:18px;text-decoration:none;border:0;width:100%;font-family:inherit;cursor:pointer}
footer{max-width:640px;margin:0 auto;padding:8px 16px 24px;font-size:13px;color:#5b6672}
form label{display:block;margin:10px 0 4px;font-weight:600}.choice{display:grid;grid-template-columns:1fr 1fr;gap:8px}.choice label{margin:0;font-weight:400;border:1px solid #c5ccd4;border-radius:8px;padding:12px 10px;background:#fff}
input[type=text],input[type=search],textarea{width:100%;font:inherit;padding:10px;border:1px solid #9aa6b2;border-radius:8px}textarea{min-height:96px}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.error{background:#fde7e7;border:1px solid #e08b8b;border-radius:8px;padding:10px 12px}.ok{background:#e3f4e6;border:1px solid #7fbf8a;border-radius:8px;padding:10px 12px}.hint{font-size:13px;color:#5b6672;margin:2px 0 0}`

/** The CSS, a constant without markup, as it is. */
const STYLE = new SafeHtml(CSS)

/** A whole public page: head with the inline CSS, the header with the language switch, the footer. */
export function page(ctx: PageContext, p: { title: string; body: SafeHtml; otherLangHref: string; footer?: SafeHtml }): string {
  const t = TEXT[ctx.lang]
  const city = ctx.lang === 'en' ? ctx.city.name_en : ctx.city.name
  return html`<!doctype html>
<html lang="${t.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${p.title}</title><meta name="robots" content="noindex"><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body><header><span>${city} · ${t.standardName}</span><a href="${p.otherLangHref}" hreflang="${t.otherLang === 'en' ? 'en' : 'zh-CN'}" lang="${t.otherLang === 'en' ? 'en' : 'zh-CN'}">${t.other}</a></header>
<main>${p.body}</main>
<footer>${p.footer ?? ''}<p>${t.bureau(city)}${ctx.contact ? html` · ${t.contact}: ${ctx.contact}` : ''}</p></footer></body></html>`.html
}


const lines = (text: string | null) =>
  text
    ? text.split(/\n+/).map((line) => html`<p>${line}</p>`)
    : null

/** Everything the public page of a sign shows. */
export type SignPageData = { sign: Sign; nearby: readonly NearbyPlace[]; lines: readonly { d: string; name: string | null; major: boolean }[] }

/** The small map: the streets around the sign as SVG paths in metres, the sign, its facing, north and a scale. */
export function signMapSvg(ctx: PageContext, data: SignPageData): SafeHtml {
  const t = TEXT[ctx.lang]
  const r = MAP_RADIUS_M
  // The street the sign names is drawn in its own colour, over the others.
  const own = (l: { name: string | null }) => l.name === data.sign.name
  const roads = [...data.lines.filter((l) => !own(l)), ...data.lines.filter(own)].map((l) => html`<path d="${l.d}"${own(l) ? html` class="o"` : l.major ? html` class="m"` : ''}/>`)
  const bearing = data.sign.bearing
  const facing = bearing === null ? '' : html`<path d="M0 0L0 -34" stroke="#c0392b" stroke-width="5" transform="rotate(${bearing})"/>`
  return html`<svg viewBox="${-r} ${-r} ${2 * r} ${2 * r}" role="img" aria-label="${t.mapAlt}" xmlns="http://www.w3.org/2000/svg"><title>${t.mapTitle(data.sign.name)}</title><g fill="none" stroke="#fff" stroke-linecap="round" stroke-linejoin="round" stroke-width="9"><g stroke="#b7c1b0" stroke-width="13">${data.lines.map((l) => html`<path d="${l.d}"/>`)}</g>${roads}</g><style>.m{stroke:#f7d37a;stroke-width:13}.o{stroke:#2f7bd0;stroke-width:11}</style>${facing}<circle r="11" fill="#c0392b" stroke="#fff" stroke-width="4"/><g font-size="22" fill="#1d2733" font-family="sans-serif"><path d="M${r - 30} ${-r + 46}l10 -28l10 28z" fill="#1d2733"/><text x="${r - 20}" y="${-r + 70}" text-anchor="middle">${t.north}</text><path d="M${-r + 16} ${r - 18}h100" stroke="#1d2733" stroke-width="4"/><text x="${-r + 16}" y="${r - 26}">${t.scale}</text></g></svg>`
}

/** Where the "other language" link of a page goes. */
const otherLang = (ctx: PageContext, path: string) => (ctx.lang === 'en' ? path : `${path}?lang=en`)
const langQuery = (ctx: PageContext) => (ctx.lang === 'en' ? '?lang=en' : '')

/** The public page of a sign: the name large, its spelling, its area, 含义/来历/沿革, the small map, nearby names, and the report link. */
export function renderSignPage(ctx: PageContext, data: SignPageData): string {
  const t = TEXT[ctx.lang]
  const { sign } = data
  const en = ctx.lang === 'en'
  const area = [en ? sign.county_spelling ?? sign.county_name : sign.county_name, en ? sign.township_spelling ?? sign.township_name : sign.township_name].filter(Boolean).join(' · ')
  const removed = sign.status === 'removed'
  const generated = sign.data_source === 'generated' || sign.place_name_source === 'generated'
  const story = html`<section>${(['meaning', 'origin', 'history'] as const).map((key) => html`<h2>${t[key]}</h2>${lines(sign[key]) ?? html`<p class="none">${t.none}</p>`}`)}</section>`
  const nearby = data.nearby.length
    ? html`<ul>${data.nearby.map((p) => html`<li><b lang="${en ? 'en' : 'zh-CN'}">${en ? p.roman_spelling : p.name}</b><span>${t.metres(p.distance_m)}</span></li>`)}</ul>`
    : html`<p class="none">${t.noNearby}</p>`
  const body = html`<div class="plate"><h1 lang="zh-CN">${sign.name}</h1><p class="spell" lang="zh-Latn-pinyin">${sign.roman_spelling}</p>${area ? html`<p class="area">${area}</p>` : ''}${generated ? html`<p class="badge">${t.generatedBadge}</p>` : ''}</div>
${removed ? html`<p class="note removed">${t.removed}</p>` : ''}${!removed && sign.content_outdated ? html`<p class="note">${t.outdated}<br>${t.printed(sign.printed_name, sign.printed_spelling)}</p>` : ''}
${story}
<figure>${signMapSvg(ctx, data)}<figcaption><span>${t.map}</span><a href="/?at=${sign.lon.toFixed(6)},${sign.lat.toFixed(6)}">${t.fullMap}</a></figcaption></figure>
<section><h2>${t.nearby}</h2>${nearby}</section>
${removed ? '' : html`<a class="btn" href="/s/${sign.code}/report${langQuery(ctx)}">${t.report}</a>`}`
  return page(ctx, {
    title: `${sign.name} ${sign.roman_spelling}`,
    body,
    otherLangHref: otherLang(ctx, `/s/${sign.code}`),
    footer: html`${generated ? html`<p class="note gen">${t.generated}</p>` : ''}<p>${t.code} ${sign.code}</p>`,
  })
}

/** The search form, and its results when there are any. */
function searchForm(ctx: PageContext, q = ''): SafeHtml {
  const t = TEXT[ctx.lang]
  return html`<form method="get" action="/s" role="search"><label for="q">${t.search}</label><input type="search" id="q" name="q" value="${q}" maxlength="50" autocomplete="off">${ctx.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}<button class="btn" type="submit">${t.searchButton}</button></form>`
}

/** The page of an unknown (or malformed) sign code: what went wrong, the name search, the bureau's contact. */
export function renderNotFound(ctx: PageContext, code: string, malformed: boolean): string {
  const t = TEXT[ctx.lang]
  const body = html`<section><h1 style="font-size:26px">${t.notFoundTitle}</h1><p>${malformed ? t.badCode(code) : t.notFound(code)}</p></section><section>${searchForm(ctx)}</section>`
  return page(ctx, { title: t.notFoundTitle, body, otherLangHref: otherLang(ctx, `/s/${encodeURIComponent(code)}`) })
}

/** The public name search: signs whose place name contains the text. */
export function renderSearch(ctx: PageContext, q: string, results: readonly { code: string; name: string; roman_spelling: string; county_name: string | null }[]): string {
  const t = TEXT[ctx.lang]
  const list = q
    ? results.length
      ? html`<section><h2>${t.results}</h2><ul>${results.map((r) => html`<li><a href="/s/${r.code}${langQuery(ctx)}">${r.name} ${r.roman_spelling}</a><span>${r.county_name ?? ''}</span></li>`)}</ul></section>`
      : html`<section><p>${t.noResults(q)}</p></section>`
    : ''
  return page(ctx, { title: t.search, body: html`<section>${searchForm(ctx, q)}</section>${list}`, otherLangHref: ctx.lang === 'en' ? `/s?q=${encodeURIComponent(q)}` : `/s?lang=en&q=${encodeURIComponent(q)}` })
}
