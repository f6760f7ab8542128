import { describe, expect, it } from 'vitest'
import { addDays, checkStep, daysBetween, deadlinesOf, formerNameEntry, isOverdue, nextSteps, requiredReports, statusAfter, todayInChina, type CaseFacts } from './cases.rules'

const applied: CaseFacts = {
  kind: 'renaming',
  status: 'applied',
  category: 'street',
  protected: false,
  applied_on: '2026-03-01',
  reports: [],
  protection_recorded_on: null,
  approved_on: null,
  filed_on: null,
  announced_on: null,
}
const reviewed: CaseFacts = {
  ...applied,
  status: 'reviewing',
  reports: [
    { kind: 'evaluation', completed_on: '2026-03-05' },
    { kind: 'expert_review', completed_on: '2026-03-10' },
    { kind: 'consultation', completed_on: '2026-03-08' },
  ],
}
const approved: CaseFacts = { ...reviewed, status: 'approved', approved_on: '2026-03-20' }

describe('dates', () => {
  it('counts calendar days across months and leap days', () => {
    expect(addDays('2026-01-20', 15)).toBe('2026-02-04')
    expect(addDays('2028-02-20', 15)).toBe('2028-03-06')
    expect(daysBetween('2026-03-20', '2026-04-04')).toBe(15)
    expect(daysBetween('2026-04-04', '2026-03-20')).toBe(-15)
  })

  it('takes today in China: 16:00 UTC is already the next day in Beijing', () => {
    expect(todayInChina(new Date('2026-03-04T15:59:59Z'))).toBe('2026-03-04')
    expect(todayInChina(new Date('2026-03-04T16:00:00Z'))).toBe('2026-03-05')
  })
})

describe('the deadlines of arts. 13 and 14', () => {
  it('are due 15 days after approval, overdue from the 16th day, late when done after it', () => {
    expect(deadlinesOf(applied, '2026-05-01')).toEqual([])
    expect(deadlinesOf(approved, '2026-04-04')).toEqual([
      { step: 'filing', article: 13, due: '2026-04-04', done_on: null, overdue: false, late: false, days_left: 0 },
      { step: 'announcement', article: 14, due: '2026-04-04', done_on: null, overdue: false, late: false, days_left: 0 },
    ])
    expect(isOverdue(approved, '2026-04-04')).toBe(false)
    expect(isOverdue(approved, '2026-04-05')).toBe(true)
    const filedLate = deadlinesOf({ ...approved, filed_on: '2026-04-06' }, '2026-04-10')
    expect(filedLate[0]).toMatchObject({ overdue: false, late: true, days_left: null })
    expect(filedLate[1]).toMatchObject({ overdue: true, days_left: -6 })
    expect(isOverdue({ ...approved, filed_on: '2026-03-25', announced_on: '2026-03-30' }, '2027-01-01')).toBe(false)
  })
})

describe('the steps of a case', () => {
  it('needs the three reports, and a risk assessment for an administrative division', () => {
    expect(requiredReports('street')).toEqual(['evaluation', 'expert_review', 'consultation'])
    expect(requiredReports('admin_division')).toContain('risk_assessment')
  })

  it('takes approval after the reports, then filing and announcement in either order, then nothing', () => {
    expect(nextSteps(applied)).toEqual(['report', 'approval', 'rejection', 'withdrawal'])
    expect(nextSteps({ ...applied, protected: true })).toContain('protection_measures')
    expect(nextSteps(approved)).toEqual(['filing', 'announcement'])
    expect(nextSteps({ ...approved, announced_on: '2026-03-22' })).toEqual(['filing'])
    expect(statusAfter({ ...approved, announced_on: '2026-03-22' }, 'filing')).toBe('completed')
    expect(statusAfter(approved, 'filing')).toBe('approved')
    for (const status of ['completed', 'rejected', 'withdrawn'] as const) expect(nextSteps({ ...approved, status })).toEqual([])
  })

  it('refuses a step out of order, before the step it follows, after today, or without what it needs', () => {
    const today = '2026-06-01'
    expect(checkStep(applied, 'announcement', '2026-03-02', today)).toMatchObject({ status: 409, field: 'announced_on', code: 'step_out_of_order' })
    expect(checkStep(applied, 'approval', '2026-03-02', today)).toMatchObject({ status: 409, field: 'reports', code: 'reports_missing', params: { reports: ['evaluation', 'expert_review', 'consultation'] } })
    expect(checkStep(reviewed, 'approval', '2026-03-09', today)).toEqual({ status: 400, field: 'approved_on', code: 'before_previous_step', params: { other: 'reports.expert_review', date: '2026-03-10' } })
    expect(checkStep(reviewed, 'approval', '2026-03-10', today)).toBeNull()
    expect(checkStep(reviewed, 'approval', '2026-06-02', today)).toMatchObject({ code: 'date_in_future', params: { today } })
    expect(checkStep({ ...reviewed, protected: true }, 'approval', '2026-03-10', today)).toMatchObject({ code: 'protection_measures_required' })
    expect(checkStep({ ...reviewed, protected: true, kind: 'naming' }, 'approval', '2026-03-10', today)).toBeNull()
    expect(checkStep({ ...reviewed, protected: true, protection_recorded_on: '2026-03-12' }, 'approval', '2026-03-11', today)).toMatchObject({ code: 'before_previous_step', params: { other: 'protection_measures' } })
    expect(checkStep(reviewed, 'report', '2026-03-20', today, 'evaluation')).toMatchObject({ status: 409, field: 'kind', code: 'taken' })
    expect(checkStep(reviewed, 'report', '2026-02-28', today, 'risk_assessment')).toMatchObject({ code: 'before_previous_step', params: { other: 'applied_on' } })
    expect(checkStep(approved, 'filing', '2026-03-19', today)).toMatchObject({ code: 'before_previous_step', params: { other: 'approved_on', date: '2026-03-20' } })
    expect(checkStep({ ...approved, filed_on: '2026-03-21' }, 'filing', '2026-03-22', today)).toMatchObject({ status: 409, code: 'step_done' })
    expect(checkStep(approved, 'rejection', '2026-03-22', today)).toMatchObject({ status: 409, code: 'step_out_of_order' })
    expect(checkStep({ ...approved, status: 'completed' }, 'report', '2026-03-22', today, 'risk_assessment')).toMatchObject({ status: 409, code: 'step_out_of_order' })
  })
})

describe('the former name a rename leaves', () => {
  it('is written 名称|起年|止年, the first year empty when unknown', () => {
    expect(formerNameEntry('湛南路', '1958-03-01', '2026-05-10')).toBe('湛南路|1958|2026')
    expect(formerNameEntry('湛南路', null, '2026-05-10')).toBe('湛南路||2026')
  })
})
