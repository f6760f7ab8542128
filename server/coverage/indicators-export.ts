import ExcelJS from 'exceljs'
import { toCsv } from '../http/csv'
import type { IndicatorRow, IndicatorStatus } from './indicators'
import type { Texts } from './unit-rules'

type Lang = keyof Texts

const STATUS: Record<IndicatorStatus, Texts> = {
  met: { 'zh-CN': '已达到', en: 'met' },
  not_met: { 'zh-CN': '未达到', en: 'not met' },
  no_data: { 'zh-CN': '暂无数据', en: 'no data' },
  no_target: { 'zh-CN': '无目标值', en: 'no target' },
  not_modelled: { 'zh-CN': '未纳入系统', en: 'not modelled' },
}
const KIND: Record<string, Texts> = { binding: { 'zh-CN': '约束性', en: 'binding' }, expected: { 'zh-CN': '预期性', en: 'expected' } }
const SOURCE: Record<string, Texts> = {
  rule: { 'zh-CN': '地图数据实时计算', en: 'computed live from the map data' },
  nursing_share: { 'zh-CN': '地图数据实时计算', en: 'computed live from the map data' },
  stations: { 'zh-CN': '社会工作站登记数据计算', en: 'computed from the social-work station register' },
  entered: { 'zh-CN': '管理员录入', en: 'entered by an administrator' },
  not_modelled: { 'zh-CN': '未纳入系统', en: 'not modelled' },
}

/** The columns of the exported table, in both languages. */
const COLUMNS: Texts[] = [
  { 'zh-CN': '序号', en: 'No.' },
  { 'zh-CN': '主要指标', en: 'Indicator' },
  { 'zh-CN': '单位', en: 'Unit' },
  { 'zh-CN': '2020年基础值', en: '2020 baseline' },
  { 'zh-CN': '2025年目标值', en: '2025 target' },
  { 'zh-CN': '指标属性', en: 'Kind' },
  { 'zh-CN': '当前值', en: 'Current value' },
  { 'zh-CN': '对比值', en: 'Compared with' },
  { 'zh-CN': '状态', en: 'Status' },
  { 'zh-CN': '数据来源', en: 'Source' },
  { 'zh-CN': '填报部门', en: 'Department' },
  { 'zh-CN': '数据日期', en: 'As of' },
  { 'zh-CN': '说明', en: 'Notes' },
]

/** The cells of each row of the table in one language: what the CSV and the spreadsheet hold. */
export function indicatorCells(rows: readonly IndicatorRow[], lang: Lang): (string | number | null)[][] {
  return rows.map((r) => {
    const entry = r.current?.entry
    return [
      r.id,
      r.words[lang],
      r.unit[lang],
      r.baseline.value ?? r.baseline.text,
      r.target.type === 'at_least' ? r.target.value : r.target.text[lang],
      KIND[r.kind]![lang],
      r.current?.value ?? null,
      r.current?.comparison_value ?? null,
      STATUS[r.status][lang],
      entry ? entry.source : SOURCE[r.source.type]![lang],
      entry?.department ?? null,
      entry?.as_of ?? null,
      (r.current?.detail ?? r.note)?.[lang] ?? null,
    ]
  })
}

/** The table as CSV for spreadsheets (byte-order mark, CRLF). */
export function indicatorCsv(rows: readonly IndicatorRow[], lang: Lang): string {
  return toCsv(COLUMNS.map((c) => c[lang]), indicatorCells(rows, lang))
}

const FILL: Partial<Record<IndicatorStatus, string>> = { met: 'FFD9F2D9', not_met: 'FFF9D9D6' }

/**
 * The table as an Excel workbook (.xlsx), as the bureau sends it upwards: a title, the
 * header, the 13 rows with binding indicators in bold and met / not met shaded, and a line
 * saying when it was made and whether the data are generated.
 */
export async function indicatorWorkbook(rows: readonly IndicatorRow[], lang: Lang, options: { title: string; footnote: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '民政地理信息服务'
  const sheet = workbook.addWorksheet(lang === 'en' ? 'Indicators' : '专栏1', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  sheet.columns = [6, 44, 10, 14, 22, 10, 12, 12, 10, 30, 16, 12, 60].map((width) => ({ width }))
  sheet.mergeCells(1, 1, 1, COLUMNS.length)
  sheet.getCell(1, 1).value = options.title
  sheet.getCell(1, 1).font = { bold: true, size: 14 }
  const header = sheet.addRow(COLUMNS.map((c) => c[lang]))
  header.font = { bold: true }
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } }
    cell.border = { bottom: { style: 'thin' } }
  })
  indicatorCells(rows, lang).forEach((cells, i) => {
    const r = rows[i]!
    const row = sheet.addRow(cells)
    row.alignment = { vertical: 'top', wrapText: true }
    if (r.kind === 'binding') row.getCell(6).font = { bold: true }
    const fill = FILL[r.status]
    if (fill) row.getCell(9).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } }
  })
  sheet.addRow([])
  sheet.addRow([options.footnote])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
