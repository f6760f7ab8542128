import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES } from '../../../server/http/error-codes'
import { ERROR_TEXT, fieldLabel, problemMessage, setCollectionTitle, setCountyNames } from './errors'
import { setLang } from './index'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the web app’s text for error codes', () => {
  it.each(['zh-CN', 'en'] as const)('has %s text for every code the server can send, and for no other', (lang) => {
    expect(Object.keys(ERROR_TEXT[lang]).sort()).toEqual(Object.keys(ERROR_MESSAGES).sort())
  })

  it('uses only parameters the server sends with the code', () => {
    for (const [code, english] of Object.entries(ERROR_MESSAGES)) {
      for (const lang of ['zh-CN', 'en'] as const) {
        for (const name of placeholders(ERROR_TEXT[lang][code]!)) expect(placeholders(english), `${lang} ${code}`).toContain(name)
      }
    }
  })

  it('says a problem in people’s words: field labels, county names and collection titles, not ids (regression: English server text in the Chinese interface)', () => {
    setCountyNames([['410421', '宝丰县'], ['410423', '鲁山县']])
    setCollectionTitle('eldercare_facilities', { 'zh-CN': '养老服务设施', en: 'Eldercare facilities' })
    setLang('zh-CN')
    const scope = { title: 'Forbidden', status: 403, code: 'outside_scope', params: { collection: 'eldercare_facilities', allowed: ['410423'], counties: ['410421'] } }
    expect(problemMessage(scope)).toBe('您只能编辑鲁山县的养老服务设施，这条记录位于宝丰县')
    const fields = {
      title: 'Bad request',
      status: 400,
      code: 'invalid_request',
      errors: [
        { field: 'properties.nursing_beds', code: 'exceeds', params: { other: 'beds' }, reason: 'cannot exceed beds' },
        { field: 'properties.grade', code: 'too_big', params: { maximum: 5 }, reason: 'must be at most 5' },
      ],
    }
    expect(problemMessage(fields)).toBe('护理型床位：不能超过床位；等级：不能大于 5')
    expect(problemMessage({ title: 'Unauthorized', status: 401, code: 'bad_credentials' })).toBe('用户名或密码不正确')
    const outside = { field: 'geometry', code: 'outside_city', params: { city: '平顶山市', nearest: '叶县', distance: '12.3 km', distance_m: 12_345 }, reason: '' }
    expect(problemMessage({ title: 'Bad request', status: 400, code: 'invalid_request', errors: [outside] })).toBe('位置：位于平顶山市之外 12.3 公里（最近：叶县）')
    expect(problemMessage({ title: 'Conflict', status: 409, code: 'conflict', errors: [{ field: 'username', code: 'taken', reason: 'is taken' }] })).toBe('与已保存的数据冲突（用户名：已被占用）')
    setLang('en')
    expect(problemMessage(scope)).toBe('You may edit Eldercare facilities only in 鲁山县; this record is in 宝丰县')
    setLang('zh-CN')
  })

  it('names a what-if facility or a candidate site by its place in the list, counted from 1', () => {
    setLang('zh-CN')
    expect(fieldLabel('facilities.0.geometry')).toBe('试点设施 1 位置')
    expect(fieldLabel('candidates.4')).toBe('候选点 5')
    setLang('en')
    expect(fieldLabel('facilities.2.kind')).toMatch(/^Trial facility 3 /)
    setLang('zh-CN')
  })
})
