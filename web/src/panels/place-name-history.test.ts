import { describe, expect, it } from 'vitest'
import { setLang } from '../i18n'
import type { Deadline, NamingCase } from '../api/place-names'
import { caseName, deadlineText } from './place-name-cases'
import { describeEntry, formerNameText } from './place-name-history'

const county = (code: string) => ({ '410423': '鲁山县' })[code] ?? code

describe('a record’s history in people’s words', () => {
  it('writes former names with their years, an unknown year as …', () => {
    setLang('zh-CN')
    expect(formerNameText('湛南路|1958|1984')).toBe('湛南路（1958–1984）')
    expect(formerNameText('湛南路||2026')).toBe('湛南路（…–2026）')
  })

  it('says what an edit and a rename changed, and which step of which case', () => {
    setLang('zh-CN')
    const edit = describeEntry(
      { id: 1, at: '2026-03-01T02:00:00Z', username: 'a', display_name: null, action: 'update', table_name: 'place_names', record_id: '7', case_kind: null, changes: { name: { old: '湛南路', new: '湛河路' }, former_names: { old: [], new: ['湛南路||2026'] }, status: { old: 'proposed', new: 'standard' } } },
      county,
    )
    expect(edit).toEqual({ title: '修改', lines: ['标准名称：湛南路 → 湛河路', '曾用名：— → 湛南路（…–2026）', '状态：拟用名称 → 标准名称'] })
    const approval = describeEntry(
      { id: 2, at: '2026-03-01T02:00:00Z', username: 'a', display_name: null, action: 'update', table_name: 'place_name_cases', record_id: '3', case_kind: 'renaming', changes: { step: { old: null, new: 'approval' }, status: { old: 'reviewing', new: 'approved' }, approval_authority: { old: null, new: '鲁山县人民政府' }, approved_on: { old: null, new: '2026-03-01' } } },
      county,
    )
    expect(approval).toEqual({ title: '更名批准', lines: ['批准机关：鲁山县人民政府', '批准日期：2026-03-01'] })
    const report = describeEntry(
      { id: 3, at: '2026-03-01T02:00:00Z', username: 'a', display_name: null, action: 'update', table_name: 'place_name_cases', record_id: '3', case_kind: 'naming', changes: { step: { old: null, new: 'report' }, reports: { old: { evaluation: {} }, new: { evaluation: {}, consultation: {} } } } },
      county,
    )
    expect(report).toEqual({ title: '命名报告', lines: ['征求意见报告'] })
  })
})

describe('a case in a list', () => {
  const deadline = (d: Partial<Deadline>): Deadline => ({ step: 'filing', article: 13, due: '2026-03-16', done_on: null, overdue: false, late: false, days_left: 3, ...d })
  it('says how long is left, how long overdue, or when it was done', () => {
    setLang('zh-CN')
    expect(deadlineText(deadline({}))).toBe('备案应于 2026-03-16 前完成 · 还剩 3 天')
    expect(deadlineText(deadline({ days_left: 0 }))).toBe('备案应于 2026-03-16 前完成 · 今天到期')
    expect(deadlineText(deadline({ step: 'announcement', overdue: true, days_left: -4 }))).toBe('公告应于 2026-03-16 前完成 · 已逾期 4 天')
    expect(deadlineText(deadline({ done_on: '2026-03-18', late: true, days_left: null }))).toBe('备案 2026-03-18（超期完成）')
    setLang('en')
    expect(deadlineText(deadline({ overdue: true, days_left: -1 }))).toBe('Filing due by 2026-03-16 · 1 days overdue')
    setLang('zh-CN')
  })

  it('names a rename old → new, before and after its approval', () => {
    const c = { kind: 'renaming', place_name: '湛南路', old_name: null, proposed_name: '湛河路' } as NamingCase
    expect(caseName(c)).toBe('湛南路 → 湛河路')
    expect(caseName({ ...c, place_name: '湛河路', old_name: '湛南路' })).toBe('湛南路 → 湛河路')
    expect(caseName({ ...c, kind: 'abolition', proposed_name: null })).toBe('湛南路')
  })
})
