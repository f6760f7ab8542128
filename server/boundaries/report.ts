import { createPdf, fitProjection, pdfBytes, type CjkFont } from '../http/pdf'
import type { InspectionDetail } from './boundaries.queries'

/** The report's words for the codes (the paper copy is in Chinese). */
export const REPORT_WORDS = {
  status: { not_started: '未开始', planned: '已计划', in_field: '外业检查中', agreed: '双方已确认', report_filed: '报告已归档', archived: '已存档' } as Record<string, string>,
  condition: { intact: '完好', damaged: '损坏', missing: '丢失', displaced: '移位', repainted: '已描新', rebuilt: '已重建' } as Record<string, string>,
  change: { road: '新建道路', construction: '跨界建设', river_shift: '河道变迁', other: '其他' } as Record<string, string>,
  dispute: { open: '未解决', negotiating: '协商中', resolved: '已解决' } as Record<string, string>,
  kind: { single: '单立', double: '双立', triple: '三立' } as Record<string, string>,
}

const CONDITION_COLOURS: Record<string, string> = {
  intact: '#2e7d32', damaged: '#f9a825', missing: '#c62828', displaced: '#6a1b9a', repainted: '#1565c0', rebuilt: '#00838f',
}
const NOT_INSPECTED = '#9e9e9e'

/** A displacement in metres as the report writes it. */
export const metres = (m: number | null | undefined) => (m === null || m === undefined ? '—' : `${m.toFixed(2)} 米`)

type Positions = number[][]

function linePaths(detail: InspectionDetail): Positions[] {
  const g = detail.line.geometry as { type: string; coordinates: unknown }
  return g.type === 'MultiLineString' ? (g.coordinates as Positions[]) : [g.coordinates as Positions]
}

function sideName(detail: InspectionDetail, code: string | null | undefined): string {
  if (!code) return '—'
  return code === detail.line.left_code ? detail.line.left_name : code === detail.line.right_code ? detail.line.right_name : code
}

const title = (d: InspectionDetail) => `${d.line.name}第${d.inspection.round_number}轮联合检查报告`

/**
 * The report of one line's inspection as a PDF: the line map with its markers coloured by
 * finding, each marker's finding with photo thumbnails and displacement, the changes, the
 * disputes, the confirmations (who, when, for which side) and a signatures block.
 * `thumbnails` holds JPEG or PNG bytes by file id.
 */
export async function renderReportPdf(detail: InspectionDetail, options: { font: CjkFont; thumbnails: Map<number, Buffer>; generatedAt: string }): Promise<Buffer> {
  const doc = createPdf(options.font, { title: title(detail), subject: `${detail.line.left_name}—${detail.line.right_name}` })
  const { line, inspection } = detail
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  doc.fontSize(16).text(title(detail), { align: 'center' })
  doc.moveDown(0.4).fontSize(9).fillColor('#444')
  doc.text(`界线：${line.name}（${line.level === 'city' ? '市级' : line.level === 'county' ? '县级' : line.level}，${line.length_km.toFixed(2)} 公里）　两侧：${line.left_name}（${line.left_code}）、${line.right_name}（${line.right_code}）`)
  doc.text(`协议书：${line.agreement_ref ?? '—'}${line.agreement_signed_on ? `（${line.agreement_signed_on}）` : ''}　状态：${REPORT_WORDS.status[inspection.status]}　检查结果版本：${inspection.findings_version}`)
  doc.text(`外业开始：${inspection.started_on ?? '—'}　生成时间：${options.generatedAt}${inspection.data_source === 'generated' ? '　（示例数据，生成）' : ''}`)
  doc.fillColor('#000')

  // The line map: the line, and each marker as a dot in its finding's colour.
  const mapHeight = 230
  const top = doc.y + 8
  const paths = linePaths(detail)
  const project = fitProjection([...paths.flat(), ...detail.markers.map((m) => m.position)], width, mapHeight)
  doc.save().rect(left, top, width, mapHeight).lineWidth(0.5).strokeColor('#999').stroke()
  for (const path of paths) {
    path.forEach((p, i) => {
      const [x, y] = project(p)
      if (i === 0) doc.moveTo(left + x, top + y)
      else doc.lineTo(left + x, top + y)
    })
    doc.lineWidth(1.6).strokeColor('#b03a2e').stroke()
  }
  for (const m of detail.markers) {
    const [x, y] = project(m.position)
    doc.circle(left + x, top + y, 2.6).fillColor(m.finding ? (CONDITION_COLOURS[m.finding.condition] ?? NOT_INSPECTED) : NOT_INSPECTED).fill()
  }
  doc.restore()
  doc.y = top + mapHeight + 6
  doc.x = left
  doc.fontSize(8).fillColor('#444').text(
    Object.values(REPORT_WORDS.condition).join('  ·  ') + '  ·  未检查（灰）',
    left,
    doc.y,
    { width },
  )
  doc.fillColor('#000').moveDown(0.6)

  heading(doc, `一、界桩检查结果（${detail.markers.filter((m) => m.finding).length} / ${detail.markers.length}）`)
  for (const m of detail.markers) {
    const f = m.finding
    if (doc.y > doc.page.height - 120) doc.addPage()
    const y0 = doc.y
    doc.fontSize(10).fillColor('#000').text(`${m.number}　${REPORT_WORDS.kind[m.kind] ?? m.kind}${m.side_code ? `（${sideName(detail, m.side_code)}一侧）` : ''}　${f ? REPORT_WORDS.condition[f.condition] : '未检查'}`, left, y0, { width: width - 150 })
    doc.fontSize(8).fillColor('#333')
    doc.text(`登记位置 ${m.position[0].toFixed(6)}, ${m.position[1].toFixed(6)}${m.elevation_m !== null ? `，高程 ${m.elevation_m.toFixed(1)} 米` : ''}`, { width: width - 150 })
    if (f?.measured) {
      doc.text(`实测位置 ${f.measured[0].toFixed(6)}, ${f.measured[1].toFixed(6)}${f.accuracy_m !== null ? `（精度 ±${f.accuracy_m.toFixed(1)} 米）` : ''}　位移 ${metres(f.displacement_m)}${f.register_measured ? '　双方确认后登记为新位置' : ''}`, { width: width - 150 })
    }
    if (f?.note) doc.text(`说明：${f.note}`, { width: width - 150 })
    if (f?.repairs) doc.text(`维护：${f.repairs}（${sideName(detail, f.repaired_by)}）`, { width: width - 150 })
    if (f) doc.text(`记录：${sideName(detail, f.side_code)}${f.recorded_by ? ` ${f.recorded_by}` : ''}，${f.recorded_at.slice(0, 10)}`, { width: width - 150 })
    let x = left + width - 144
    for (const id of (f?.photo_ids ?? []).slice(0, 2)) {
      const bytes = options.thumbnails.get(id)
      if (!bytes) continue
      try {
        doc.image(bytes, x, y0, { fit: [68, 52] })
        x += 72
      } catch {
        // A thumbnail PDFKit cannot read is left out; the photo stays in the archive.
      }
    }
    doc.y = Math.max(doc.y, y0 + ((f?.photo_ids.length ?? 0) ? 56 : 0)) + 4
    doc.x = left
  }

  heading(doc, `二、界线附近变化（${detail.changes.length}）`)
  if (!detail.changes.length) doc.fontSize(9).text('无')
  for (const c of detail.changes) doc.fontSize(9).text(`${REPORT_WORDS.change[c.kind]}：${c.note}（${sideName(detail, c.side_code)}，${c.recorded_at.slice(0, 10)}）`)

  heading(doc, `三、争议（${detail.disputes.length}）`)
  if (!detail.disputes.length) doc.fontSize(9).text('无')
  for (const d of detail.disputes) doc.fontSize(9).text(`${d.subject}　${REPORT_WORDS.dispute[d.status]}${d.since ? `，自 ${d.since}` : ''}（${sideName(detail, d.side_code)}提出）`)

  heading(doc, '四、双方确认')
  const c = detail.confirmations
  doc.fontSize(9).text(`当前检查结果版本 ${c.findings_version}：${c.agreed ? '双方均已确认' : '尚未经双方确认'}`)
  for (const s of c.sides) {
    const who = s.confirmation ? `${s.confirmation.name} 于 ${s.confirmation.confirmed_at.replace('T', ' ').replace('Z', ' UTC')} 确认第 ${s.confirmation.findings_version} 版${s.current ? '' : `（此后有 ${s.changes_since.length} 项变更）`}` : '未确认'
    doc.text(`${s.side_name}（${s.side_code}）：${who}`)
  }

  if (doc.y > doc.page.height - 170) doc.addPage()
  heading(doc, '五、签字')
  const colWidth = width / 2 - 10
  const y = doc.y + 4
  for (const [i, s] of c.sides.entries()) {
    const x = left + i * (colWidth + 20)
    doc.fontSize(10).text(`${s.side_name}联检组`, x, y, { width: colWidth })
    doc.fontSize(9).text('负责人（签字）：', x, y + 24, { width: colWidth })
    doc.moveTo(x + 80, y + 36).lineTo(x + colWidth, y + 36).lineWidth(0.5).strokeColor('#000').stroke()
    doc.text('日期：', x, y + 52, { width: colWidth })
    doc.moveTo(x + 30, y + 64).lineTo(x + colWidth, y + 64).stroke()
    doc.text('（盖章）', x, y + 80, { width: colWidth })
  }
  return pdfBytes(doc)
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(0.6).fontSize(12).fillColor('#000').text(text, doc.page.margins.left)
  doc.moveDown(0.2)
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The same report as a printable HTML page (its photos as the file store's thumbnails). */
export function renderReportHtml(detail: InspectionDetail, generatedAt: string): string {
  const paths = linePaths(detail)
  const project = fitProjection([...paths.flat(), ...detail.markers.map((m) => m.position)], 700, 300)
  const svgLines = paths.map((p) => `<polyline fill="none" stroke="#b03a2e" stroke-width="2" points="${p.map((q) => project(q).map((v) => v.toFixed(1)).join(',')).join(' ')}"/>`).join('')
  const svgMarkers = detail.markers
    .map((m) => {
      const [x, y] = project(m.position)
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${m.finding ? CONDITION_COLOURS[m.finding.condition] : NOT_INSPECTED}"><title>${escape(m.number)}</title></circle>`
    })
    .join('')
  const rows = detail.markers
    .map((m) => {
      const f = m.finding
      const photos = (f?.photo_ids ?? []).map((id) => `<img src="/api/files/${id}/thumbnail" alt="" width="80">`).join('')
      return `<tr><td>${escape(m.number)}</td><td>${REPORT_WORDS.kind[m.kind] ?? ''}</td><td>${f ? REPORT_WORDS.condition[f.condition] : '未检查'}</td><td>${metres(f?.displacement_m)}</td><td>${escape(f?.note ?? '')}${f?.repairs ? `<br>维护：${escape(f.repairs)}（${escape(sideName(detail, f.repaired_by))}）` : ''}</td><td>${photos}</td></tr>`
    })
    .join('')
  const c = detail.confirmations
  const confirmations = c.sides
    .map((s) => `<li>${escape(s.side_name)}：${s.confirmation ? `${escape(s.confirmation.name)}，${escape(s.confirmation.confirmed_at)}，第 ${s.confirmation.findings_version} 版${s.current ? '' : `（此后有 ${s.changes_since.length} 项变更）`}` : '未确认'}</li>`)
    .join('')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title(detail))}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.25rem .4rem;font-size:.85rem;vertical-align:top}
.sign{display:flex;gap:2rem;margin-top:2rem}.sign div{flex:1;border-top:1px solid #000;padding-top:.5rem;min-height:6rem}@media print{a{display:none}}</style></head><body>
<h1>${escape(title(detail))}</h1>
<p>${escape(detail.line.left_name)}（${detail.line.left_code}）— ${escape(detail.line.right_name)}（${detail.line.right_code}），${detail.line.length_km.toFixed(2)} 公里；状态：${REPORT_WORDS.status[detail.inspection.status]}；检查结果版本 ${detail.inspection.findings_version}；生成 ${escape(generatedAt)}${detail.inspection.data_source === 'generated' ? '（示例数据，生成）' : ''}</p>
<p><a href="/api/boundaries/inspections/${detail.inspection.id}/report.pdf">下载 PDF</a></p>
<svg viewBox="0 0 700 300" width="100%" style="border:1px solid #999">${svgLines}${svgMarkers}</svg>
<h2>界桩检查结果</h2><table><thead><tr><th>编号</th><th>类型</th><th>结果</th><th>位移</th><th>说明</th><th>照片</th></tr></thead><tbody>${rows}</tbody></table>
<h2>界线附近变化</h2><ul>${detail.changes.map((x) => `<li>${REPORT_WORDS.change[x.kind]}：${escape(x.note)}</li>`).join('') || '<li>无</li>'}</ul>
<h2>争议</h2><ul>${detail.disputes.map((x) => `<li>${escape(x.subject)}（${REPORT_WORDS.dispute[x.status]}）</li>`).join('') || '<li>无</li>'}</ul>
<h2>双方确认</h2><p>${c.agreed ? '双方均已确认当前版本' : '尚未经双方确认'}</p><ul>${confirmations}</ul>
<div class="sign">${c.sides.map((s) => `<div>${escape(s.side_name)}联检组负责人（签字）：<br><br>日期：<br><br>（盖章）</div>`).join('')}</div>
</body></html>`
}
