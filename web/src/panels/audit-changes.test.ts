import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en'
import { zhCN } from '../i18n/zh-CN'
import { sphericalDistance } from '../map/spherical-distance'
import { describeChanges } from './audit-changes'

const names: Record<string, string> = { '410423': '鲁山县', '410421': '宝丰县' }
const county = (code: string) => names[code] ?? code

describe('describeChanges', () => {
  it('says a moved point with the distance it moved, not “geometry” (regression: the audit view showed field ids)', () => {
    const moved = { geometry: { old: { type: 'Point', coordinates: [112.9, 33.7] }, new: { type: 'Point', coordinates: [112.9, 33.701] } } }
    expect(describeChanges('eldercare_facilities', moved, zhCN, county)).toEqual(['位置已移动 111 米'])
    expect(describeChanges('eldercare_facilities', moved, en, county)).toEqual(['Moved 111 m'])
  })

  it('uses field labels and the registers’ kind and status labels', () => {
    const changes = { beds: { old: 40, new: 60 }, status: { old: 'planned', new: 'operating' } }
    expect(describeChanges('eldercare_facilities', changes, zhCN, county)).toEqual(['床位：40 → 60', '状态：规划 → 运营'])
  })

  it('names counties and roles of a user', () => {
    const changes = { roles: { old: ['viewer'], new: ['facility_editor'] }, county_codes: { old: [], new: ['410423', '410421'] } }
    expect(describeChanges('users', changes, zhCN, county)).toEqual(['角色：规划查看 → 设施编辑', '可编辑县（市、区）：全市 → 鲁山县、宝丰县'])
  })
})

describe('sphericalDistance', () => {
  it('gives a thousandth of a degree of latitude as about 111 m, and a degree of longitude at 60° as about half of one at the equator', () => {
    expect(sphericalDistance([113, 33], [113, 33.001])).toBeCloseTo(111.19, 1)
    const equator = sphericalDistance([0, 0], [1, 0])
    expect(sphericalDistance([0, 60], [1, 60]) / equator).toBeCloseTo(0.5, 3)
  })
})
