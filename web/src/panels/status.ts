/** Shows a one-line status (loading, errors) over the map; an empty message hides it. */
export function showStatus(message: string, kind: 'info' | 'error' = 'info'): void {
  let bar = document.getElementById('status')
  if (!bar) {
    bar = document.createElement('div')
    bar.id = 'status'
    bar.setAttribute('role', 'status')
    document.body.append(bar)
  }
  if (kind === 'error' && bar.dataset.kind === 'error' && bar.textContent) message = `${bar.textContent}\n${message}`
  bar.textContent = message
  bar.dataset.kind = kind
  bar.hidden = message === ''
}
