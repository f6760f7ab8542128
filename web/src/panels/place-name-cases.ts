import { ApiError } from '../api/client'
import { uploadFile } from '../api/files'
import { takeStep, type Deadline, type NamingCase } from '../api/place-names'
import { userHasRole, userMayEditIn } from '../api/session'
import { problemMessage } from '../i18n/errors'
import { pnStrings, pt } from '../i18n/place-names'
import { h } from './dom'

/** Today in China (UTC+8), the date the server checks steps against. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** A case's name line: the name, or old → new for a rename. */
export function caseName(c: NamingCase): string {
  if (c.kind !== 'renaming') return c.proposed_name ?? c.place_name
  return pt('caseRename', { old: c.old_name ?? c.place_name, new: c.proposed_name ?? '' })
}

/** What a deadline says: due, days left, overdue by, or done (late). */
export function deadlineText(d: Deadline): string {
  const s = pnStrings()
  const step = s.stepNames[d.step]!
  if (d.done_on) return `${step} ${d.done_on}${d.late ? `（${s.late}）` : ''}`
  const when = d.overdue ? pt('overdueBy', { n: -(d.days_left ?? 0) }) : d.days_left === 0 ? s.dueToday : pt('dueIn', { n: d.days_left ?? 0 })
  return `${pt('dueOn', { step, due: d.due })} · ${when}`
}

/** A status chip and, for an overdue case, the overdue flag. */
export function statusChips(c: NamingCase): HTMLElement {
  const s = pnStrings()
  return h(
    'span',
    { class: 'pn-chips' },
    h('span', { class: `pn-chip pn-status-${c.status}` }, s.caseStatuses[c.status] ?? c.status),
    c.overdue && h('span', { class: 'pn-chip pn-overdue', 'data-overdue': 'true' }, s.overdue),
    c.data_source === 'generated' && h('span', { class: 'pn-chip pn-generated', title: pt('generatedNote') }, s.generatedChip),
  )
}

type Field = { name: string; type: 'text' | 'date' | 'textarea' | 'select'; options?: [string, string][]; value?: string }

/** The fields each step's form asks for (its date defaults to today). */
function stepFields(step: string, c: NamingCase): Field[] {
  const s = pnStrings()
  const today = chinaToday()
  switch (step) {
    case 'report': {
      const done = new Set(c.reports.map((r) => r.kind))
      const kinds = ['evaluation', 'expert_review', 'consultation', 'risk_assessment'].filter((k) => !done.has(k))
      // The required ones first.
      kinds.sort((a, b) => Number(!c.required_reports.includes(a)) - Number(!c.required_reports.includes(b)))
      return [{ name: 'kind', type: 'select', options: kinds.map((k) => [k, s.reportKinds[k]!]) }, { name: 'completed_on', type: 'date', value: today }, { name: 'summary', type: 'textarea' }]
    }
    case 'protection_measures':
      return [{ name: 'measures', type: 'textarea', value: c.protection_measures ?? '' }, { name: 'recorded_on', type: 'date', value: today }]
    case 'approval':
      return [{ name: 'approval_authority', type: 'text' }, { name: 'approved_on', type: 'date', value: today }, { name: 'document_number', type: 'text' }]
    case 'filing':
      return [{ name: 'filed_on', type: 'date', value: today }, { name: 'filed_with', type: 'text' }]
    case 'announcement':
      return [{ name: 'announced_on', type: 'date', value: today }, { name: 'medium', type: 'text' }]
    case 'rejection':
      return [{ name: 'decided_on', type: 'date', value: today }, { name: 'reason', type: 'textarea' }]
    default:
      return [{ name: 'withdrawn_on', type: 'date', value: today }, { name: 'reason', type: 'textarea' }]
  }
}

/** An input for a form field, labelled. */
export function fieldInput(f: Field): HTMLElement {
  const label = pnStrings().field[f.name] ?? f.name
  const id = `pn-${f.name}`
  const control =
    f.type === 'textarea'
      ? h('textarea', { id, name: f.name, rows: 3 })
      : f.type === 'select'
        ? h('select', { id, name: f.name }, ...(f.options ?? []).map(([value, text]) => h('option', { value }, text)))
        : h('input', { id, name: f.name, type: f.type })
  if (f.value !== undefined) (control as HTMLInputElement).value = f.value
  return h('label', { class: 'pn-field', for: id }, h('span', {}, label), control)
}

/** A file picker that uploads what was chosen to the file store with its progress, and gives the ids. */
export function filePicker(): { element: HTMLElement; upload: () => Promise<number[]> } {
  const input = h('input', { type: 'file', name: 'files', multiple: true, accept: 'application/pdf,image/jpeg,image/png,image/webp' })
  const progress = h('progress', { max: 1, value: 0, hidden: true, class: 'pn-progress' })
  const note = h('span', { class: 'pn-upload-note', role: 'status', 'aria-live': 'polite' })
  const element = h('label', { class: 'pn-field' }, h('span', {}, pt('attachFiles')), input, progress, note)
  return {
    element,
    upload: async () => {
      const ids: number[] = []
      const files = [...(input.files ?? [])]
      for (const file of files) {
        progress.hidden = false
        progress.value = 0
        const show = (sent: number) => {
          progress.value = sent
          note.textContent = pt('uploading', { name: file.name, percent: `${Math.round(sent * 100)}%` })
        }
        show(0)
        ids.push((await uploadFile(file, 'document', show)).id)
      }
      progress.hidden = true
      note.textContent = files.length ? pt('uploaded', { n: files.length }) : ''
      return ids
    },
  }
}

/** The values of a form's named fields (files aside). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {}
  for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input[name], textarea[name], select[name]')) {
    if (el.name !== 'files') values[el.name] = el.value
  }
  return values
}

/**
 * Shows a refused submission: the app's words for it, and each named field marked. A marked
 * field loses its mark as it is changed, and the words go once no marked field is left.
 */
export function showProblem(form: HTMLFormElement, alert: HTMLElement, error: unknown): void {
  alert.textContent = error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error)
  alert.hidden = false
  const marked = error instanceof ApiError ? (error.problem.errors ?? []).map((e) => form.querySelector(`[name="${e.field.replace(/^properties\./, '').split('.')[0]}"]`)) : []
  for (const field of marked) field?.setAttribute('aria-invalid', 'true')
  if (!marked.some(Boolean)) return
  form.oninput = (event) => {
    ;(event.target as Element).removeAttribute('aria-invalid')
    if (!form.querySelector('[aria-invalid="true"]')) alert.hidden = true
  }
}

/**
 * The page of a case: what it proposes, its progress step by step (with the deadlines of
 * arts. 13 and 14), its files, what the 公告 carried, and the form of its next step.
 */
export function renderCase(c: NamingCase, actions: { onChanged: (next: NamingCase) => void; onOpenRecord: (id: number) => void }): HTMLElement {
  const s = pnStrings()
  const row = (label: string, value: string | null | undefined) => (value ? h('div', { class: 'pn-row' }, h('dt', {}, label), h('dd', {}, value)) : null)
  const step = (name: string, done: string | null, detail: (string | null)[], extra?: string) =>
    h(
      'li',
      { class: `pn-step ${done ? 'done' : 'pending'}`, 'data-step': name },
      h('span', { class: 'pn-step-name' }, name),
      h('span', { class: 'pn-step-date' }, done ?? extra ?? '—'),
      ...detail.filter(Boolean).map((d) => h('div', { class: 'pn-step-detail' }, d!)),
    )
  const deadline = (which: 'filing' | 'announcement') => c.deadlines.find((d) => d.step === which)
  const deadlineLine = (which: 'filing' | 'announcement') => {
    const d = deadline(which)
    // Done in time, the step's own date says it all.
    if (!d || (d.done_on && !d.late)) return null
    const text = deadlineText(d)
    return h('div', { class: `pn-deadline${d.overdue ? ' pn-overdue-text' : ''}`, 'data-deadline': which }, text)
  }
  const filesOf = (stepName: string) => (c.files ?? []).filter((f) => f.step === stepName).map((f) => h('a', { href: f.url, target: '_blank', rel: 'noopener', class: 'pn-file' }, f.name ?? s.files))

  const steps = h(
    'ol',
    { class: 'pn-steps' },
    step(s.stepNames.application!, c.applied_on, [c.applicant, c.proposal]),
    ...[...new Set([...c.required_reports, ...c.reports.map((r) => r.kind)])].map((kind) => {
      const report = c.reports.find((r) => r.kind === kind)
      const li = step(s.reportKinds[kind] ?? kind, report?.completed_on ?? null, [report?.summary ?? null])
      li.append(...filesOf(kind))
      return li
    }),
    (c.needs_protection_measures || c.protection_measures) && step(s.stepNames.protection_measures!, c.protection_recorded_on, [c.protection_measures]),
    step(s.stepNames.approval!, c.approved_on, [c.approval_authority, c.document_number]),
    (() => {
      const li = step(s.stepNames.filing!, c.filed_on, [c.filed_with])
      li.append(...[deadlineLine('filing')].filter((x) => x !== null), ...filesOf('filing'))
      return li
    })(),
    (() => {
      const li = step(s.stepNames.announcement!, c.announced_on, [c.announcement_medium])
      li.append(...[deadlineLine('announcement')].filter((x) => x !== null), ...filesOf('announcement'))
      return li
    })(),
    c.closed_on && step(s.stepNames[c.status === 'rejected' ? 'rejection' : 'withdrawal']!, c.closed_on, [pt('closedBecause', { reason: c.closed_reason ?? '' })]),
  )
  for (const [name, files] of [['application', filesOf('application')], ['approval', filesOf('approval')]] as const) {
    steps.querySelector(`[data-step="${name === 'application' ? s.stepNames.application : s.stepNames.approval}"]`)?.append(...files)
  }

  const announcement = c.announcement
    ? h(
        'section',
        { class: 'pn-announcement', id: 'pn-announcement' },
        h('h3', {}, s.announcementFields),
        h(
          'dl',
          {},
          row(s.field.standard_name!, String(c.announcement.standard_name ?? '')),
          row(s.field.roman_spelling!, String(c.announcement.roman_spelling ?? '')),
          row(s.field.old_name!, c.announcement.former_name ? String(c.announcement.former_name) : null),
          row(s.field.county_name!, [c.announcement.county_name, c.announcement.township_name].filter(Boolean).join(' ')),
          row(s.field.location!, Array.isArray(c.announcement.location) ? (c.announcement.location as number[]).map((n) => n.toFixed(5)).join(', ') : null),
          row(s.field.approval_authority!, String(c.announcement.approval_authority ?? '')),
          row(s.field.approved_on!, String(c.announcement.approved_on ?? '')),
          row(s.field.document_number!, String(c.announcement.document_number ?? '')),
        ),
      )
    : null

  const recordLink = h('button', { type: 'button', class: 'pn-link', id: 'pn-open-record' }, `${s.tabRecord}：${c.place_name}`)
  recordLink.addEventListener('click', () => actions.onOpenRecord(c.place_name_id))

  return h(
    'article',
    { class: 'pn-case-page', 'data-case-status': c.status },
    h('h2', {}, pt('caseTitle', { kind: s.caseKinds[c.kind]!, name: caseName(c) })),
    statusChips(c),
    c.proposed_spelling && h('div', { class: 'pn-spelling' }, c.proposed_spelling),
    recordLink,
    c.protected && c.kind !== 'naming' && h('p', { class: 'pn-note' }, pt('protectedNote', { list: c.protection_list ?? '' })),
    h('h3', {}, s.steps),
    h('p', { class: 'pn-note' }, s.deadlinesNote),
    steps,
    announcement,
    stepForm(c, actions.onChanged),
  )
}

/** The form for the case's next step: choose the step, fill in its fields, attach files, record. */
function stepForm(c: NamingCase, onChanged: (next: NamingCase) => void): HTMLElement | null {
  const s = pnStrings()
  if (!c.next_steps.length) return h('p', { class: 'pn-note' }, s.noNextStep)
  if (!userHasRole('placename_editor') || !userMayEditIn(c.county_code)) return null
  const choose = h('select', { id: 'pn-step-choice', name: 'step' }, ...c.next_steps.map((st) => h('option', { value: st }, s.stepNames[st] ?? st)))
  const fields = h('div', { class: 'pn-step-fields' })
  const alert = h('div', { class: 'pn-alert', role: 'alert', hidden: true })
  const submit = h('button', { type: 'submit', class: 'pn-primary' }, s.submit)
  let picker = filePicker()
  const form = h('form', { class: 'pn-form', id: 'pn-step-form', novalidate: true }, h('h3', {}, s.nextStep), h('label', { class: 'pn-field' }, h('span', {}, s.chooseStep), choose), fields, alert, submit)
  const draw = () => {
    picker = filePicker()
    const takesFiles = !['rejection', 'withdrawal'].includes(choose.value)
    fields.replaceChildren(...stepFields(choose.value, c).map(fieldInput), ...(takesFiles ? [picker.element] : []))
    alert.hidden = true
  }
  choose.addEventListener('change', draw)
  draw()
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    submit.disabled = true
    alert.hidden = true
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid')
    try {
      const values: Record<string, unknown> = formValues(form)
      const st = String(values.step)
      delete values.step
      if (!['rejection', 'withdrawal'].includes(st)) values.file_ids = await picker.upload()
      onChanged(await takeStep(c.id, st, values))
    } catch (error) {
      showProblem(form, alert, error)
    } finally {
      submit.disabled = false
    }
  })
  return form
}
