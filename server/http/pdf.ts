import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import { HttpProblem } from './problem'

/** Debian's fonts-noto-cjk: Noto Sans CJK, a collection whose Simplified Chinese face is `NotoSansCJKsc-Regular`. */
export const DEFAULT_CJK_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' }

/** A font for Chinese text: a .ttf/.otf file, or a .ttc collection and the face's PostScript name in it. */
export type CjkFont = { path: string; name?: string }

/** The CJK font from the environment (`PDF_CJK_FONT`, `PDF_CJK_FONT_NAME`), else Debian's Noto Sans CJK. */
export function cjkFontFromEnv(env: NodeJS.ProcessEnv = process.env): CjkFont {
  if (!env.PDF_CJK_FONT) return DEFAULT_CJK_FONT
  return { path: env.PDF_CJK_FONT, name: env.PDF_CJK_FONT_NAME || undefined }
}

/**
 * A PDF document (A4, PDFKit) whose default font is the CJK font, so that Chinese is
 * real text (selectable, searchable, extracted by pdftotext), embedded as a subset.
 * @throws HttpProblem 503 `pdf_font_missing` naming the path when the font file is absent
 * (install fonts-noto-cjk, or set PDF_CJK_FONT).
 */
export function createPdf(font: CjkFont, info: { title: string; subject?: string }): PDFKit.PDFDocument {
  if (!fs.existsSync(font.path)) throw new HttpProblem(503, 'pdf_font_missing', { path: font.path })
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: info.title, Subject: info.subject ?? '' }, bufferPages: true })
  doc.registerFont('cjk', font.path, font.name)
  doc.font('cjk')
  return doc
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}

/**
 * Projects lon/lat positions into a box of `width` × `height` points (equirectangular,
 * longitudes shrunk by the cosine of the middle latitude), keeping the aspect, for small
 * maps drawn in a PDF or an SVG. @returns the function that maps a position.
 */
export function fitProjection(positions: readonly (readonly number[])[], width: number, height: number, pad = 8): (p: readonly number[]) => [number, number] {
  const lons = positions.map((p) => p[0]!)
  const lats = positions.map((p) => p[1]!)
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)]
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180)
  const spanX = Math.max((e - w) * k, 1e-9)
  const spanY = Math.max(n - s, 1e-9)
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY)
  const x0 = (width - spanX * scale) / 2
  const y0 = (height - spanY * scale) / 2
  return (p) => [x0 + (p[0]! - w) * k * scale, y0 + (n - p[1]!) * scale]
}
