import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from './support/call'
import { startTestApp } from './support/test-app'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp({ poolSize: 2 })
})
afterAll(async () => {
  await app.close()
})

const spell = (query: string) => callApi(app.url, 'GET', `/api/place-names/spell?${query}`, null)
const fieldCodes = (body: { errors: { field: string; code: string }[] }) => body.errors.map((e) => `${e.field}:${e.code}`)

describe('GET /api/place-names/spell', () => {
  it('suggests the spelling with its parts, the inferred category and the clauses followed', async () => {
    const res = await spell(`name=${encodeURIComponent('东直门北大街')}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      name: '东直门北大街',
      category: 'street',
      spelling: 'Dongzhimen Beidajie',
      parts: [
        { text: '东直门', role: 'specific', pinyin: 'dong zhi men' },
        { text: '北', role: 'modifier', pinyin: 'bei' },
        { text: '大街', role: 'generic', pinyin: 'da jie' },
      ],
    })
    expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual(['1984-1', '1984-2', '1984-9', '1984-10'])
    expect(res.body.rules[1].text).toMatch(/^《中国地名汉语拼音字母拼写规则（汉语地名部分）》.*第2条/)
  })

  it('takes the category given: a natural village is one word, a county two', async () => {
    expect((await spell(`name=${encodeURIComponent('江镇')}&category=village_seat`)).body).toMatchObject({ category: 'village_seat', spelling: 'Jiangzhen' })
    expect((await spell(`name=${encodeURIComponent('郏县')}&category=admin_division`)).body).toMatchObject({ category: 'admin_division', spelling: 'Jia Xian' })
    expect((await spell(`name=${encodeURIComponent('叶县')}`)).body.rules.map((r: { id: string }) => r.id)).toContain('1984-8')
  })

  it('refuses a name in Latin letters, with nothing Chinese, or with other signs', async () => {
    for (const name of ['Zhongxing Lu', '中兴Road', '123', '·', '中兴路!', '中兴 路']) {
      const res = await spell(`name=${encodeURIComponent(name)}`)
      expect(res.status, name).toBe(400)
      expect(res.type).toMatch(/application\/problem\+json/)
      expect(fieldCodes(res.body), name).toEqual(['name:not_chinese_name'])
    }
  })

  it('refuses an empty name, a missing one and one over 50 characters', async () => {
    expect(fieldCodes((await spell('name=')).body)).toEqual(['name:empty'])
    expect(fieldCodes((await spell('')).body)).toEqual(['name:required'])
    const long = await spell(`name=${encodeURIComponent('中'.repeat(50) + '路')}`)
    expect(long.status).toBe(400)
    expect(long.body.errors[0]).toMatchObject({ field: 'name', code: 'too_long', params: { maximum: 50 } })
    expect((await spell(`name=${encodeURIComponent('中'.repeat(49) + '路')}`)).status).toBe(200)
  })

  it('refuses a category outside the eight of the 2022 regulation, and unknown parameters', async () => {
    const res = await spell(`name=${encodeURIComponent('中兴路')}&category=road`)
    expect(res.status).toBe(400)
    expect(res.body.errors[0]).toMatchObject({ field: 'category', code: 'not_one_of' })
    expect(res.body.errors[0].params.options).toEqual(['natural', 'admin_division', 'village_seat', 'park', 'street', 'residential', 'facility', 'other'])
    expect(fieldCodes((await spell(`name=${encodeURIComponent('中兴路')}&tone=1`)).body)).toEqual(['tone:unknown_parameter'])
  })
})
