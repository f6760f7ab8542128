import { html } from './html'
import { page, type PageContext } from './sign-page'
import { PROBLEMS } from './signs.schemas'
import type { Sign } from './signs.queries'

const TEXT = {
  zh: {
    title: (name: string) => `报告标志问题 · ${name}`,
    heading: '报告标志问题',
    problem: '什么问题？',
    problems: { damaged: '损坏', missing: '缺失', wrong_content: '内容有误', obstructed: '被遮挡', other: '其他' },
    description: '简要说明（选填，最多 1000 字）',
    photo: '照片（选填，JPEG、PNG 或 WebP，不超过 10 MB）',
    contact: '联系方式（选填，便于我们回复）',
    send: '提交',
    back: '返回地名页',
    sent: '已收到您的报告，谢谢！工作人员会尽快核实处理。',
    privacy: '我们不会公开您的联系方式；照片中的位置信息会被去除后才对外显示。',
    errors: {
      too_fast: '提交太快了：请稍等几秒再提交。',
      expired: '表单已过期：请重新填写并提交。',
      replayed: '这份表单已经提交过了。',
      bad_proof: '表单无法识别：请重新打开本页后提交。',
      invalid: '请选择问题类型，并检查填写的内容。',
      too_many: '提交次数过多：请稍后再试。',
      too_large: '照片太大：请选择不超过 10 MB 的照片。',
      not_image: '所选文件不是可识别的照片（JPEG、PNG 或 WebP）。',
      image_too_large: '照片像素过多，无法处理：请选择较小的照片。',
      removed: '此标志已拆除，无法再报告问题。',
    },
  },
  en: {
    title: (name: string) => `Report a problem · ${name}`,
    heading: 'Report a problem with this sign',
    problem: 'What is wrong?',
    problems: { damaged: 'Damaged', missing: 'Missing', wrong_content: 'Wrong content', obstructed: 'Obstructed', other: 'Other' },
    description: 'A short description (optional, up to 1000 characters)',
    photo: 'A photo (optional: JPEG, PNG or WebP, up to 10 MB)',
    contact: 'How to reach you (optional, for our reply)',
    send: 'Send',
    back: 'Back to the place name',
    sent: 'Thank you: your report has arrived. Our staff will check it soon.',
    privacy: 'Your contact is never shown; the location in a photo is removed before anyone outside sees it.',
    errors: {
      too_fast: 'That was quick: please wait a few seconds and send again.',
      expired: 'The form has expired: please fill it in and send it again.',
      replayed: 'This form has already been sent.',
      bad_proof: 'The form was not recognised: please open this page again and send it.',
      invalid: 'Choose what is wrong, and check what you wrote.',
      too_many: 'Too many reports: please try again later.',
      too_large: 'The photo is too large: choose one of at most 10 MB.',
      not_image: 'The file is not a photo we can read (JPEG, PNG or WebP).',
      image_too_large: 'The photo has too many pixels to process: choose a smaller one.',
      removed: 'This sign has been removed; problems can no longer be reported.',
    },
  },
} as const

/** Why a report was not taken, as the form tells the person who sent it. */
export type ReportError = keyof (typeof TEXT)['zh']['errors']

/** The proof fields of a form: when it was made, a nonce and their keyed hash. */
export type Proof = { t: string; n: string; p: string }

/** What the person had filled in, shown again after an error (escaped, as everywhere). */
export type ReportValues = { problem?: string; description?: string; contact?: string }

/**
 * The report form of a sign: works without JavaScript (a multipart POST to the same
 * address), big touch targets, and a hidden honeypot field that people leave empty.
 */
export function renderReportForm(ctx: PageContext, sign: Pick<Sign, 'code' | 'name' | 'roman_spelling'>, proof: Proof, state: { error?: ReportError; values?: ReportValues } = {}): string {
  const t = TEXT[ctx.lang]
  const v = state.values ?? {}
  const q = ctx.lang === 'en' ? '?lang=en' : ''
  const body = html`<div class="plate"><h1 lang="zh-CN" style="font-size:30px">${sign.name}</h1><p class="spell">${sign.roman_spelling}</p></div>
<section><h2>${t.heading}</h2>${state.error ? html`<p class="error" role="alert">${t.errors[state.error]}</p>` : ''}
<form method="post" action="/s/${sign.code}/report${q}" enctype="multipart/form-data">
<fieldset style="border:0;padding:0;margin:0"><legend style="font-weight:600;margin:10px 0 4px">${t.problem}</legend><div class="choice">${PROBLEMS.map(
    (p) => html`<label><input type="radio" name="problem" value="${p}" required${v.problem === p ? html` checked` : ''}> ${t.problems[p]}</label>`,
  )}</div></fieldset>
<label for="description">${t.description}</label><textarea id="description" name="description" maxlength="1000">${v.description ?? ''}</textarea>
<label for="photo">${t.photo}</label><input type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp">
<label for="contact">${t.contact}</label><input type="text" id="contact" name="contact" maxlength="100" autocomplete="tel" value="${v.contact ?? ''}">
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="lang" value="${ctx.lang}"><input type="hidden" name="t" value="${proof.t}"><input type="hidden" name="n" value="${proof.n}"><input type="hidden" name="p" value="${proof.p}">
<button class="btn" type="submit">${t.send}</button></form><p class="hint">${t.privacy}</p></section>
<p><a href="/s/${sign.code}${q}">${t.back}</a></p>`
  return page(ctx, { title: t.title(sign.name), body, otherLangHref: ctx.lang === 'en' ? `/s/${sign.code}/report` : `/s/${sign.code}/report?lang=en` })
}

/** The answer to a report that was taken. */
export function renderReportSent(ctx: PageContext, sign: Pick<Sign, 'code' | 'name' | 'roman_spelling'>): string {
  const t = TEXT[ctx.lang]
  const q = ctx.lang === 'en' ? '?lang=en' : ''
  const body = html`<div class="plate"><h1 lang="zh-CN" style="font-size:30px">${sign.name}</h1><p class="spell">${sign.roman_spelling}</p></div>
<section><p class="ok" role="status">${t.sent}</p></section><p><a href="/s/${sign.code}${q}">${t.back}</a></p>`
  return page(ctx, { title: t.title(sign.name), body, otherLangHref: `/s/${sign.code}${ctx.lang === 'en' ? '' : '?lang=en'}` })
}

/** A report refused before any sign was looked at (too many, too large): a short page of its own. */
export function renderReportRefused(ctx: PageContext, code: string, error: ReportError): string {
  const t = TEXT[ctx.lang]
  const q = ctx.lang === 'en' ? '?lang=en' : ''
  const body = html`<section><h2>${t.heading}</h2><p class="error" role="alert">${t.errors[error]}</p></section><p><a href="/s/${code}${q}">${t.back}</a></p>`
  return page(ctx, { title: t.heading, body, otherLangHref: `/s/${code}${ctx.lang === 'en' ? '' : '?lang=en'}` })
}
