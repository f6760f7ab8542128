import { ApiError } from '../api/client'
import { uploadFile } from '../api/files'
import { getSign, nearestSigns, recordInspection, type Nearest, type SignDetail } from '../api/signs'
import { problemMessage } from '../i18n/errors'
import { fill, signText } from '../i18n/signs'
import { h } from './dom'

const CONDITIONS = ['intact', 'soiled', 'faded', 'tilted', 'broken', 'missing', 'obstructed', 'wrong_content'] as const
/** A sign's code inside a scanned QR code's URL (…/s/{code}), or a code alone. */
const CODE_IN_TEXT = /(?:\/s\/|^)([0-9]{11}[0-9Xx])(?:[/?#]|$)/

const failure = (error: unknown) => (error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error))

/** The sign code a QR code's text carries, or null. */
export function codeFromQr(text: string): string | null {
  const m = CODE_IN_TEXT.exec(text.trim())
  return m ? m[1]!.toUpperCase() : null
}

type Fix = { lon: number; lat: number; accuracy: number }

/**
 * The inspection form, made for a phone held in one hand: a full-screen dialog whose
 * controls sit in the lower half. Find the sign (scan its QR code with the camera, pick it
 * from the nearest signs to the phone's position, or type its code), choose the condition
 * with large buttons, take photos (uploaded at once), and save; the position and its
 * accuracy come from the phone's geolocation as it walks.
 */
export function openInspection(options: { code?: string; onSaved: (code: string) => void | Promise<void> }): void {
  const s = signText()
  const dialog = h('dialog', { id: 'inspect-dialog', class: 'inspect-dialog', 'aria-label': s.inspectTitle })
  const body = h('div', { class: 'inspect-body' })
  const closeButton = h('button', { type: 'button', class: 'inspect-close', 'aria-label': s.close }, '×')
  dialog.append(h('header', { class: 'inspect-head' }, h('h2', {}, s.inspectTitle), closeButton), body)
  document.body.append(dialog)

  let fix: Fix | null = null
  let fixError = ''
  let stopCamera: (() => void) | null = null
  const positionListeners = new Set<() => void>()
  const watch = navigator.geolocation?.watchPosition(
    (p) => {
      fix = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }
      fixError = ''
      for (const l of positionListeners) l()
    },
    (e) => {
      fixError = e.message || String(e.code)
      for (const l of positionListeners) l()
    },
    { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 },
  )
  const close = () => {
    stopCamera?.()
    if (watch !== undefined) navigator.geolocation.clearWatch(watch)
    dialog.close()
    dialog.remove()
  }
  closeButton.addEventListener('click', close)
  dialog.addEventListener('cancel', close)

  const positionText = () => (fix ? fill(s.positionValue, { lon: fix.lon.toFixed(6), lat: fix.lat.toFixed(6), acc: Math.round(fix.accuracy) }) : fixError ? fill(s.noLocation, { reason: fixError }) : s.positionWaiting)

  // Finding the sign ---------------------------------------------------------------------
  function findStep(): void {
    stopCamera?.()
    positionListeners.clear()
    const list = h('ul', { class: 'inspect-nearby', id: 'inspect-nearby' }, h('li', { class: 'muted' }, s.locating))
    let asked = false
    const showNearby = async () => {
      if (!fix) {
        if (fixError) list.replaceChildren(h('li', { class: 'error' }, fill(s.noLocation, { reason: fixError })))
        return
      }
      if (asked) return
      asked = true
      try {
        const signs = await nearestSigns(fix.lon, fix.lat, 6)
        list.replaceChildren(...signs.map((n) => nearbyButton(n)))
      } catch (error) {
        list.replaceChildren(h('li', { class: 'error' }, failure(error)))
      }
    }
    positionListeners.add(() => void showNearby())
    void showNearby()
    const scan = h('button', { type: 'button', class: 'inspect-big', id: 'inspect-scan' }, s.scanQr)
    scan.addEventListener('click', () => void scanStep())
    const input = h('input', { type: 'text', id: 'inspect-code', inputmode: 'text', autocomplete: 'off', maxlength: 12, placeholder: '41040200017X', 'aria-label': s.enterCode })
    const go = h('button', { type: 'button', id: 'inspect-go' }, s.go)
    const error = h('p', { class: 'error', role: 'alert' })
    go.addEventListener('click', () => {
      const code = codeFromQr(input.value)
      if (!code) error.textContent = s.notSignQr
      else void recordStep(code)
    })
    body.replaceChildren(
      h('h3', {}, s.findSign),
      scan,
      h('h3', {}, s.nearby),
      list,
      h('label', { class: 'inspect-code-row' }, h('span', {}, s.enterCode), h('span', { class: 'inspect-inline' }, input, go)),
      error,
    )
  }

  function nearbyButton(n: Nearest): HTMLElement {
    const button = h('button', { type: 'button', class: 'inspect-nearby-sign', 'data-code': n.code }, h('strong', {}, n.name), h('span', {}, `${Math.round(n.distance_m)} m · ${n.code}`))
    button.addEventListener('click', () => void recordStep(n.code))
    return h('li', {}, button)
  }

  async function scanStep(): Promise<void> {
    const video = h('video', { class: 'inspect-video', playsinline: true, muted: true })
    const note = h('p', { class: 'muted' }, s.scanHint)
    const back = h('button', { type: 'button', class: 'inspect-big secondary' }, s.cancel)
    back.addEventListener('click', findStep)
    body.replaceChildren(video, note, back)
    let stream: MediaStream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    } catch (error) {
      note.textContent = fill(s.noCamera, { reason: error instanceof Error ? error.message : String(error) })
      note.className = 'error'
      return
    }
    const { default: jsQR } = await import('jsqr')
    let running = true
    stopCamera = () => {
      running = false
      for (const track of stream.getTracks()) track.stop()
      stopCamera = null
    }
    video.srcObject = stream
    await video.play().catch(() => undefined)
    const canvas = document.createElement('canvas')
    const context = canvas.getContext('2d', { willReadFrequently: true })!
    const tick = () => {
      if (!running) return
      if (video.videoWidth) {
        canvas.width = video.videoWidth
        canvas.height = video.videoHeight
        context.drawImage(video, 0, 0)
        const found = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' })
        const code = found && codeFromQr(found.data)
        if (code) {
          stopCamera?.()
          return void recordStep(code)
        }
        if (found) note.textContent = s.notSignQr
      }
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  }

  // Recording ----------------------------------------------------------------------------
  async function recordStep(code: string): Promise<void> {
    stopCamera?.()
    positionListeners.clear()
    body.replaceChildren(h('p', { class: 'muted' }, '…'))
    let detail: SignDetail
    try {
      detail = await getSign(code)
    } catch (error) {
      body.replaceChildren(h('p', { class: 'error' }, failure(error)))
      const back = h('button', { type: 'button', class: 'inspect-big secondary' }, s.findSign)
      back.addEventListener('click', findStep)
      body.append(back)
      return
    }
    const sign = detail.sign
    if (sign.status === 'removed') {
      body.replaceChildren(h('p', { class: 'error' }, s.signRemoved))
      return
    }
    let condition = ''
    const photoIds: number[] = []
    let uploading = 0
    const save = h('button', { type: 'submit', class: 'inspect-save', id: 'inspect-save', disabled: true }, s.save)
    const refresh = () => {
      save.disabled = !condition || uploading > 0
    }
    const grid = h(
      'div',
      { class: 'inspect-conditions', role: 'radiogroup', 'aria-label': s.condition },
      ...CONDITIONS.map((c) => {
        const button = h('button', { type: 'button', role: 'radio', 'aria-checked': 'false', 'data-condition': c, class: `inspect-condition c-${c}` }, s.conditions[c]!)
        button.addEventListener('click', () => {
          condition = c
          for (const b of grid.querySelectorAll('button')) b.setAttribute('aria-checked', String(b === button))
          refresh()
        })
        return button
      }),
    )
    const thumbs = h('div', { class: 'inspect-thumbs', id: 'inspect-thumbs' })
    const fileInput = h('input', { type: 'file', accept: 'image/*', capture: 'environment', multiple: true, id: 'inspect-photo', class: 'visually-hidden' })
    const photoButton = h('label', { for: 'inspect-photo', class: 'inspect-photo-button' }, s.takePhoto)
    const photoError = h('p', { class: 'error', role: 'alert' })
    fileInput.addEventListener('change', () => {
      for (const file of fileInput.files ?? []) {
        const thumb = h('div', { class: 'inspect-thumb uploading' }, h('img', { src: URL.createObjectURL(file), alt: s.photos }), h('span', {}, fill(s.uploadingPhoto, { p: 0 })))
        thumbs.append(thumb)
        uploading += 1
        refresh()
        uploadFile(file, 'photo', (sent) => (thumb.querySelector('span')!.textContent = fill(s.uploadingPhoto, { p: Math.round(sent * 100) })))
          .then((stored) => {
            photoIds.push(stored.id)
            thumb.classList.remove('uploading')
            thumb.dataset.fileId = String(stored.id)
            thumb.querySelector('span')!.textContent = '✓'
          })
          .catch((error) => {
            thumb.remove()
            photoError.textContent = failure(error)
          })
          .finally(() => {
            uploading -= 1
            refresh()
          })
      }
      fileInput.value = ''
    })
    const notes = h('textarea', { id: 'inspect-notes', maxlength: 2000, rows: 2, 'aria-label': s.notes, placeholder: s.notes })
    const position = h('p', { class: 'inspect-position', id: 'inspect-position' }, `${s.position}：${positionText()}`)
    positionListeners.add(() => (position.textContent = `${s.position}：${positionText()}`))
    const error = h('p', { class: 'error', role: 'alert', id: 'inspect-error' })
    const form = h('form', { class: 'inspect-form' })
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      if (save.disabled) return
      save.disabled = true
      save.textContent = s.saving
      error.textContent = ''
      try {
        const answer = await recordInspection(sign.code, {
          condition,
          notes: notes.value.trim() || null,
          photo_ids: photoIds,
          ...(fix ? { position: [fix.lon, fix.lat] as [number, number], accuracy_m: Math.round(fix.accuracy * 10) / 10 } : {}),
        })
        await options.onSaved(sign.code)
        doneStep(answer.inspection.condition, answer.work_item?.action ?? null, answer.warnings[0]?.params.distance_m ?? null)
      } catch (err) {
        error.textContent = failure(err)
        save.textContent = s.save
        refresh()
      }
    })
    form.append(
      h('div', { class: 'inspect-sign' }, h('strong', { lang: 'zh-CN' }, sign.name), h('span', {}, `${sign.roman_spelling} · ${sign.code}`)),
      h('h3', {}, s.condition),
      grid,
      h('div', { class: 'inspect-photos' }, photoButton, fileInput, thumbs),
      photoError,
      notes,
      position,
      error,
      save,
    )
    body.replaceChildren(form)
  }

  function doneStep(condition: string, action: string | null, farM: number | null): void {
    const next = h('button', { type: 'button', class: 'inspect-big', id: 'inspect-next' }, s.next)
    next.addEventListener('click', findStep)
    const done = h('button', { type: 'button', class: 'inspect-big secondary', id: 'inspect-done' }, s.close)
    done.addEventListener('click', close)
    body.replaceChildren(
      h('p', { class: 'inspect-saved', role: 'status', id: 'inspect-saved' }, fill(s.saved, { condition: s.conditions[condition] ?? condition })),
      action ? h('p', {}, fill(s.followUp, { action: s.actions[action] ?? action })) : '',
      farM !== null ? h('p', { class: 'signs-warning', id: 'inspect-far' }, fill(s.farWarning, { m: farM })) : '',
      next,
      done,
    )
  }

  dialog.showModal()
  if (options.code) void recordStep(options.code)
  else findStep()
}
