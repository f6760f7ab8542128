import QRCode from 'qrcode'

/**
 * Error correction level H: up to 30% of the code's modules may be soiled, faded or
 * scratched off and it still reads — what an outdoor sign needs after years in sun and
 * rain. The URL of a sign (about 45 characters) still fits a version-5 code (37×37 modules).
 */
export const QR_ERROR_CORRECTION = 'H' as const

/** The quiet zone around the code, in modules (the standard's minimum is 4). */
const MARGIN = 4

/**
 * The public address of a sign's page, which its QR code encodes.
 * @example signUrl('https://dm.example.gov.cn/', '41040200017X') // 'https://dm.example.gov.cn/s/41040200017X'
 */
export function signUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/s/${code}`
}

/** The QR code of `text` as an SVG document (black on white, scalable for print). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: MARGIN })
}

/** The QR code of `text` as a PNG, `scale` pixels per module. */
export function qrPng(text: string, scale = 10): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: MARGIN, scale })
}
