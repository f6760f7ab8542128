import {
  createToken,
  createUser,
  importPopulation,
  importRoads,
  listAudit,
  listTokens,
  listUsers,
  revokeToken,
  updateUser,
  type AuditEntry,
  type PopulationSource,
  type UserRecord,
} from '../api/admin'
import { ApiError, ROLES, type Role } from '../api/client'
import { currentUser, signOut } from '../api/session'
import { strings, t } from '../i18n'
import { errorMessage, fieldLabel } from '../i18n/errors'
import { countyName, findRecord, homeCounties } from '../registers/store'
import { describeChanges } from './audit-changes'
import { h } from './dom'

function message(error: unknown): string {
  if (error instanceof ApiError && error.problem.status === 412) return t('staleEdit')
  return error instanceof Error ? error.message : String(error)
}

function date(ms: number | null): string {
  return ms === null ? t('never') : new Date(ms).toLocaleString(document.documentElement.lang || 'zh-CN')
}

function checkboxes<T extends string>(name: string, options: { value: T; label: string }[], checked: readonly T[]) {
  const boxes = options.map((o) => h('input', { type: 'checkbox', name, value: o.value, checked: checked.includes(o.value) }))
  return {
    element: h('div', { class: 'checks' }, ...options.map((o, i) => h('label', {}, boxes[i]!, o.label))),
    values: () => boxes.filter((b) => b.checked).map((b) => b.value as T),
  }
}

/** The form creating a user, or editing one (as of its version). */
function userForm(user: UserRecord | null, done: () => void): HTMLElement {
  const s = strings()
  const error = h('p', { class: 'form-error', role: 'alert' })
  const username = h('input', { name: 'username', value: user?.username ?? '', required: true, disabled: !!user })
  const displayName = h('input', { name: 'display_name', value: user?.display_name ?? '' })
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: !user, minlength: 10 })
  const roles = checkboxes<Role>('roles', ROLES.map((r) => ({ value: r, label: s.roleNames[r] ?? r })), user?.roles ?? ['viewer'])
  const counties = checkboxes('county_codes', homeCounties().map((c) => ({ value: c.code, label: c.name })), user?.county_codes ?? [])
  const disabled = h('input', { type: 'checkbox', name: 'disabled', checked: user?.disabled ?? false })
  return h(
    'form',
    {
      class: 'user-form',
      onsubmit: async (event) => {
        event.preventDefault()
        error.textContent = ''
        const input = { display_name: displayName.value, roles: roles.values(), county_codes: counties.values() }
        try {
          if (user) await updateUser(user.id, user.version, { ...input, disabled: disabled.checked, ...(password.value ? { password: password.value } : {}) })
          else await createUser({ ...input, username: username.value, password: password.value })
          done()
        } catch (e) {
          error.textContent = message(e)
        }
      },
    },
    h('h3', {}, user ? `${t('edit')} ${user.username}` : t('newUser')),
    h('label', {}, t('username'), username),
    h('label', {}, t('displayName'), displayName),
    h('label', {}, user ? t('newPassword') : t('password'), password),
    h('fieldset', {}, h('legend', {}, t('roles')), roles.element),
    h('fieldset', {}, h('legend', {}, `${t('counties')}（${t('allCounties')}：∅）`), counties.element),
    user && h('label', { class: 'inline' }, disabled, t('disabled')),
    error,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, user ? t('save') : t('create'))),
  )
}

async function usersTab(body: HTMLElement): Promise<void> {
  const s = strings()
  const users = await listUsers()
  const formSlot = h('div')
  const reload = () => void usersTab(body)
  const rows = users.map((u) =>
    h(
      'tr',
      { 'data-username': u.username },
      h('td', {}, u.username),
      h('td', {}, u.display_name),
      h('td', {}, u.roles.map((r) => s.roleNames[r] ?? r).join(s.listSeparator)),
      h('td', {}, u.county_codes.length ? u.county_codes.map(countyName).join(s.listSeparator) : t('allCounties')),
      h('td', {}, u.disabled ? t('disabled') : ''),
      h('td', {}, h('button', { type: 'button', onclick: () => formSlot.replaceChildren(userForm(u, reload)) }, t('edit'))),
    ),
  )
  body.replaceChildren(
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ...[t('username'), t('displayName'), t('roles'), t('counties'), '', ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...rows)),
    h('button', { type: 'button', id: 'new-user', onclick: () => formSlot.replaceChildren(userForm(null, reload)) }, t('newUser')),
    formSlot,
  )
}

async function auditTab(body: HTMLElement, filter: Record<string, string> = { limit: '25', offset: '0' }): Promise<void> {
  const s = strings()
  const [{ entries, total }, users] = await Promise.all([listAudit(filter), listUsers()])
  const usernames = new Map(users.map((u) => [String(u.id), u.username]))
  const input = (name: string, type = 'text') => h('input', { name, type, value: filter[name] ?? '' })
  const table = h('select', { name: 'table' },
    h('option', { value: '' }, s.auditAllTables),
    ...Object.entries(s.auditTables).map(([value, label]) => h('option', { value, selected: filter.table === value }, label)))
  const fields = { username: input('username'), table, from: input('from', 'date'), to: input('to', 'date') }
  const offset = Number(filter.offset)
  const go = (nextOffset: number) =>
    void auditTab(body, { ...Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value])), limit: '25', offset: String(nextOffset) })
  /** The record as people know it: a user by name (a sign-in's is its own user), else its name from the change or the loaded register, else its code. */
  const recordText = (e: AuditEntry) => {
    if (e.table_name === 'users') return usernames.get(e.record_id) ?? (e.action === 'login_failed' ? e.username : e.record_id)
    const named = e.changes.name?.new ?? e.changes.name?.old ?? findRecord(e.table_name, Number(e.record_id))?.properties?.name
    return named ? String(named) : e.record_id
  }
  body.replaceChildren(
    h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); go(0) } },
      h('label', {}, t('username'), fields.username),
      h('label', {}, t('table'), fields.table),
      h('label', {}, t('from'), fields.from),
      h('label', {}, t('to'), fields.to),
      h('button', { type: 'submit' }, t('filter'))),
    h('p', { class: 'count' }, t('entries', { n: total })),
    h('table', { class: 'grid audit' },
      h('thead', {}, h('tr', {}, ...[t('time'), t('username'), t('action'), t('table'), t('record'), t('changes')].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...entries.map((e) =>
        h('tr', {}, h('td', {}, date(e.at)), h('td', {}, e.username), h('td', {}, s.actions[e.action] ?? e.action),
          h('td', {}, s.auditTables[e.table_name] ?? e.table_name), h('td', {}, recordText(e)),
          h('td', { class: 'changes' }, ...describeChanges(e.table_name, e.changes, s, countyName).map((line) => h('div', {}, line))))))),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - 25)) }, t('previous')),
      h('button', { type: 'button', disabled: offset + entries.length >= total, onclick: () => go(offset + 25) }, t('next'))),
  )
}

/** Import of official population figures: choose a CSV and its source, check it (a dry run), then import it. */
async function populationTab(body: HTMLElement): Promise<void> {
  const s = strings()
  const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv', required: true })
  const source = h('select', { name: 'source' },
    ...(['census', 'survey'] as const).map((value) => h('option', { value }, s.populationSources[value] ?? value)))
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' })
  const buttons = [
    h('button', { type: 'button', id: 'population-check', onclick: () => void run(true) }, t('checkImport')),
    h('button', { type: 'submit', id: 'population-import', class: 'primary' }, t('runImport')),
  ]
  async function run(dryRun: boolean) {
    const chosen = file.files?.[0]
    if (!chosen) {
      result.replaceChildren(h('p', { class: 'form-error' }, t('chooseCsv')))
      return
    }
    for (const b of buttons) b.disabled = true
    result.replaceChildren(h('p', {}, t('loading')))
    try {
      const r = await importPopulation(chosen, source.value as PopulationSource, dryRun)
      result.replaceChildren(
        h('p', { class: 'import-summary' }, t(r.dry_run ? 'importChecked' : 'importDone', { rows: r.rows, updated: r.updated, unchanged: r.unchanged })),
        r.ignored_columns.length ? h('p', {}, t('ignoredColumns', { columns: r.ignored_columns.join(s.listSeparator) })) : '',
      )
    } catch (e) {
      const problem = e instanceof ApiError ? e.problem : null
      const errors = problem?.errors ?? []
      if (!problem || !errors.length) {
        result.replaceChildren(h('p', { class: 'form-error' }, message(e)))
        return
      }
      result.replaceChildren(
        h('p', { class: 'form-error' }, t('importRefused', { n: problem.error_count ?? errors.length })),
        h('table', { class: 'grid import-errors' },
          h('thead', {}, h('tr', {}, h('th', {}, t('errorWhere')), h('th', {}, t('errorReason')))),
          h('tbody', {}, ...errors.map((err) => h('tr', {}, h('td', {}, fieldLabel(err.field)), h('td', {}, errorMessage(err)))))),
      )
    } finally {
      for (const b of buttons) b.disabled = false
    }
  }
  body.replaceChildren(
    h('form', { class: 'import-form', onsubmit: (e) => { e.preventDefault(); void run(false) } },
      h('h3', {}, t('importPopulation')),
      h('p', { class: 'hint' }, t('importPopulationHint')),
      h('label', {}, t('csvFile'), file),
      h('label', {}, t('dataSource'), source),
      h('div', { class: 'buttons' }, ...buttons)),
    result,
  )
}

/** Import of the walking network: choose a file, check it (a dry run) or import it, with the upload's progress and the network it makes. */
async function roadsTab(body: HTMLElement): Promise<void> {
  const s = strings()
  const file = h('input', { type: 'file', name: 'roads', accept: '.pbf,.geojson,.json', required: true })
  const replace = h('input', { type: 'checkbox', name: 'replace' })
  const progress = h('progress', { max: 1, value: 0, hidden: true })
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' })
  const buttons = [
    h('button', { type: 'button', id: 'roads-check', onclick: () => void run(true) }, t('checkImport')),
    h('button', { type: 'submit', id: 'roads-import', class: 'primary' }, t('runImport')),
  ]
  async function run(dryRun: boolean) {
    const chosen = file.files?.[0]
    if (!chosen) {
      result.replaceChildren(h('p', { class: 'form-error' }, t('chooseRoadsFile')))
      return
    }
    for (const b of buttons) b.disabled = true
    progress.hidden = false
    progress.value = 0
    result.replaceChildren(h('p', {}, t('roadsUploading', { percent: 0 })))
    try {
      const r = await importRoads(chosen, { dryRun, replace: replace.checked }, (sent) => {
        progress.value = sent
        result.replaceChildren(h('p', {}, sent < 1 ? t('roadsUploading', { percent: Math.round(sent * 100) }) : t('roadsChecking')))
      })
      const skipped = Object.entries(r.skipped).filter(([, n]) => n > 0).map(([reason, n]) => `${s.roadsSkipReasons[reason] ?? reason} ${n}`)
      result.replaceChildren(
        h('p', { class: 'import-summary' }, t(r.dry_run ? 'roadsChecked' : 'roadsDone', { read: r.read, kept: r.kept, removed: r.removed })),
        h('p', {}, t('roadsNetwork', { edges: r.network.edges, nodes: r.network.nodes, components: r.network.components, km: r.network.total_km.toFixed(1) })),
        skipped.length ? h('p', {}, t('roadsSkipped', { reasons: skipped.join(s.listSeparator) })) : '',
      )
    } catch (e) {
      const problem = e instanceof ApiError ? e.problem : null
      const errors = problem?.errors ?? []
      result.replaceChildren(h('p', { class: 'form-error' }, errors.length ? errors.map((err) => `${fieldLabel(err.field)}${s.colon}${errorMessage(err)}`).join(s.semicolon) : message(e)))
    } finally {
      progress.hidden = true
      for (const b of buttons) b.disabled = false
    }
  }
  body.replaceChildren(
    h('form', { class: 'import-form', onsubmit: (e) => { e.preventDefault(); void run(false) } },
      h('h3', {}, t('importRoads')),
      h('p', { class: 'hint' }, t('importRoadsHint')),
      h('label', {}, t('roadsFile'), file),
      h('label', { class: 'inline' }, replace, t('roadsReplace')),
      h('div', { class: 'buttons' }, ...buttons),
      progress),
    result,
  )
}

async function tokensTab(body: HTMLElement, justCreated?: string): Promise<void> {
  const tokens = await listTokens()
  const name = h('input', { name: 'token_name', placeholder: t('tokenName'), required: true, maxlength: 100 })
  const error = h('p', { class: 'form-error', role: 'alert' })
  body.replaceChildren(
    justCreated ? h('p', { class: 'token-once' }, t('tokenShownOnce'), h('code', { id: 'new-token' }, justCreated)) : '',
    h('table', { class: 'grid' },
      h('tbody', {}, ...tokens.map((tok) =>
        h('tr', {}, h('td', {}, tok.name), h('td', {}, `${t('lastUsed')}: ${date(tok.last_used_at)}`),
          h('td', {}, tok.revoked_at ? t('revoked') : h('button', { type: 'button', onclick: async () => { await revokeToken(tok.id); await tokensTab(body) } }, t('revoke'))))))),
    h('form', { class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault()
      try {
        const created = await createToken(name.value)
        await tokensTab(body, created.token)
      } catch (err) {
        error.textContent = message(err)
      }
    } }, name, h('button', { type: 'submit' }, t('create'))),
    error,
  )
}

/** Opens the management dialog: users, the audit log, the population and roads imports for admins, API tokens for everyone signed in. */
export function openAdmin(): void {
  const isAdmin = currentUser()?.roles.includes('admin') ?? false
  const body = h('div', { class: 'admin-body' })
  const tabs: [string, (el: HTMLElement) => Promise<void>][] = [
    ...(isAdmin
      ? ([[t('users'), usersTab], [t('auditLog'), (el) => auditTab(el)], [t('importPopulation'), populationTab], [t('importRoads'), roadsTab]] as [string, (el: HTMLElement) => Promise<void>][])
      : []),
    [t('myTokens'), (el) => tokensTab(el)],
  ]
  const show = (load: (el: HTMLElement) => Promise<void>) => load(body).catch((e) => body.replaceChildren(h('p', { class: 'form-error' }, message(e))))
  const dialog = h(
    'dialog',
    { id: 'admin-dialog', class: 'dialog wide' },
    h('nav', { class: 'tabs' }, ...tabs.map(([label, load]) => h('button', { type: 'button', onclick: () => void show(load) }, label)),
      h('button', { type: 'button', class: 'close', onclick: () => dialog.close() }, t('close'))),
    body,
  )
  dialog.addEventListener('close', () => dialog.remove())
  document.body.append(dialog)
  dialog.showModal()
  void show(tabs[0]![1])
}
