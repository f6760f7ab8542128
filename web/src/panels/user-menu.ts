import { currentUser, onUserChange, signIn, signOut } from '../api/session'
import { onLangChange, strings, t } from '../i18n'
import { openAdmin } from './admin'
import { h } from './dom'

/** The sign-in dialog: username and password; the server's message on failure. */
function loginDialog(): HTMLDialogElement {
  const error = h('p', { class: 'form-error', role: 'alert' })
  const username = h('input', { name: 'username', autocomplete: 'username', required: true })
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })
  const dialog = h('dialog', { id: 'login-dialog', class: 'dialog' })
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault()
        error.textContent = ''
        try {
          await signIn(username.value, password.value)
          password.value = ''
          dialog.close()
        } catch (e) {
          error.textContent = t('signInFailed', { reason: e instanceof Error ? e.message : String(e) })
        }
      },
    },
    h('h2', {}, t('signIn')),
    h('label', {}, t('username'), username),
    h('label', {}, t('password'), password),
    error,
    h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => dialog.close() }, t('close')), h('button', { type: 'submit', class: 'primary' }, t('signIn'))),
  )
  dialog.append(form)
  return dialog
}

/**
 * The user area of the top bar: sign in, or the user's name and roles with manage and
 * sign-out buttons. On phones these fold into a menu opened by a button with the user's name.
 */
export function renderUserMenu(container: HTMLElement): void {
  const setOpen = (open: boolean) => {
    container.classList.toggle('open', open)
    container.querySelector('.user-menu-toggle')?.setAttribute('aria-expanded', String(open))
  }
  document.addEventListener('click', (event) => {
    if (container.classList.contains('open') && !container.contains(event.target as Node)) setOpen(false)
  })
  document.addEventListener('keydown', (event) => event.key === 'Escape' && setOpen(false))
  const render = () => {
    const user = currentUser()
    container.replaceChildren()
    container.classList.remove('open')
    if (!user) {
      container.append(
        h('button', { type: 'button', id: 'sign-in', onclick: () => {
          const dialog = loginDialog()
          document.body.append(dialog)
          dialog.addEventListener('close', () => dialog.remove())
          dialog.showModal()
        } }, t('signIn')),
      )
      return
    }
    const roles = user.roles.map((r) => strings().roleNames[r] ?? r).join(strings().listSeparator)
    const name = user.displayName || user.username
    container.append(
      h(
        'button',
        {
          type: 'button',
          class: 'user-menu-toggle',
          'aria-controls': 'user-items',
          'aria-expanded': 'false',
          'aria-label': t('userMenu', { name }),
          title: t('userMenu', { name }),
          onclick: () => setOpen(!container.classList.contains('open')),
        },
        h('span', { class: 'user-name' }, name),
        h('span', { 'aria-hidden': 'true' }, '▾'),
      ),
      h(
        'div',
        { class: 'user-items', id: 'user-items' },
        h('span', { id: 'current-user', class: 'user-badge', title: roles }, `${name}（${roles}）`),
        h('button', { type: 'button', id: 'manage', onclick: () => {
          setOpen(false)
          openAdmin()
        } }, user.roles.includes('admin') ? t('manage') : t('myTokens')),
        h('button', { type: 'button', id: 'sign-out', onclick: () => void signOut() }, t('signOut')),
      ),
    )
  }
  onUserChange(render)
  onLangChange(render)
}
