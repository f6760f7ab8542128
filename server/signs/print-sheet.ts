import { html, SafeHtml } from './html'
import { qrSvg, signUrl } from './qr'
import type { PrintSign } from './signs.queries'

/** Signs per A4 page and their grid (columns × rows). */
export const LAYOUTS = { 4: [2, 2], 6: [2, 3], 8: [2, 4], 12: [3, 4] } as const
export type PerPage = keyof typeof LAYOUTS

/** The most signs one sheet holds (each QR code is about 2 KB of SVG). */
export const MAX_PRINT_SIGNS = 600

/** The printable area of an A4 page (210 × 297 mm) inside 10 mm margins, in mm. */
const AREA = { width: 190, height: 277 }
/** Room inside the area for the outer cut marks, which the printer would clip in the margin. */
const INSET = 3
/** Space between cells, in mm: the cut marks (2.5 mm lines on each edge's extension) sit in it. */
const GAP = 6

const TYPE_NAMES: Record<string, string> = {
  admin_area: '行政区域名称标志',
  residential_street: '居民地/街路巷标志',
  house_number: '门（楼）牌',
  natural_feature: '自然地理实体标志',
  building_station: '建筑物/台站港场标志',
  auxiliary: '辅助导向标志',
}

/**
 * A print-ready HTML sheet of QR labels for signs: A4 pages (CSS `@page`), `perPage`
 * labels to a page, each with its QR code (the sign's public URL), code, name and
 * spelling, and cut marks at each label's corners. The browser's print dialog makes it
 * paper or a PDF.
 */
export async function renderPrintSheet(signs: readonly PrintSign[], options: { publicBaseUrl: string; perPage: PerPage; baseUrlConfigured: boolean; title: string }): Promise<string> {
  const [cols, rows] = LAYOUTS[options.perPage]
  const w = (AREA.width - 2 * INSET - GAP * (cols - 1)) / cols
  const hgt = (AREA.height - 2 * INSET - GAP * (rows - 1)) / rows
  const qrSize = Math.min(w * 0.78, hgt - 34)
  const nameSize = Math.min(9, w / 9)
  const labels = await Promise.all(
    signs.map(async (s) => {
      const url = signUrl(options.publicBaseUrl, s.code)
      const svg = (await qrSvg(url)).replace('<svg ', `<svg width="${qrSize}mm" height="${qrSize}mm" `)
      return html`<div class="cell"><i class="c tl"></i><i class="c tr"></i><i class="c bl"></i><i class="c br"></i>${new SafeHtml(svg)}<div class="name">${s.name}</div><div class="spell">${s.roman_spelling}</div><div class="code">${s.code} · ${TYPE_NAMES[s.sign_type] ?? s.sign_type}</div></div>`
    }),
  )
  const pages: SafeHtml[] = []
  for (let i = 0; i < labels.length; i += options.perPage) pages.push(html`<section class="sheet">${labels.slice(i, i + options.perPage)}</section>`)
  const css = new SafeHtml(`@page{size:A4;margin:10mm}*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#000}
.sheet{width:${AREA.width}mm;height:${AREA.height}mm;padding:${INSET}mm;display:grid;grid-template-columns:repeat(${cols},${w}mm);grid-template-rows:repeat(${rows},${hgt}mm);gap:${GAP}mm;page-break-after:always;break-after:page}
.sheet:last-child{page-break-after:auto;break-after:auto}.cell{position:relative;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;padding:2mm}
.c{position:absolute;width:2.5mm;height:2.5mm;border:0 solid #000}.tl{top:-2.5mm;left:-2.5mm;border-right-width:.2mm;border-bottom-width:.2mm}
.tr{top:-2.5mm;right:-2.5mm;border-left-width:.2mm;border-bottom-width:.2mm}.bl{bottom:-2.5mm;left:-2.5mm;border-right-width:.2mm;border-top-width:.2mm}
.br{bottom:-2.5mm;right:-2.5mm;border-left-width:.2mm;border-top-width:.2mm}
.name{font-size:${nameSize}mm;font-weight:700;letter-spacing:.05em;line-height:1.15}.spell{font-size:${nameSize * 0.5}mm}.code{font-size:2.6mm;font-family:ui-monospace,monospace;margin-top:1mm}
.screen{padding:8px 12px;font:14px sans-serif;background:#fff4d6;border-bottom:1px solid #e6c35c}@media print{.screen{display:none}}`)
  const warning = options.baseUrlConfigured
    ? ''
    : html`<p class="screen">PUBLIC_BASE_URL 未设置：二维码指向本服务当前的地址 ${options.publicBaseUrl}，打印前请设置正式的公共地址。 PUBLIC_BASE_URL is not set: the codes point at ${options.publicBaseUrl}.</p>`
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${options.title}</title><style>${css}</style></head><body>${warning}<p class="screen">${signs.length} 个标志 · ${pages.length} 页 A4 · 打印时选择“实际大小”。 ${signs.length} signs on ${pages.length} A4 pages; print at actual size.</p>${pages}</body></html>`.html
}
