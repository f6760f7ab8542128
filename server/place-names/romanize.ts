import { customPinyin, pinyin } from 'pinyin-pro'
import { PLACE_NAME_READINGS } from './readings'

/** The categories of names of the 2022 《地名管理条例》 art. 3. */
export const CATEGORIES = ['natural', 'admin_division', 'village_seat', 'park', 'street', 'residential', 'facility', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

/** What a part of a name is: the specific (专名), the generic (通名), a one-syllable modifier, or a number. */
export type PartRole = 'specific' | 'generic' | 'modifier' | 'number'

/** A part of a name with its toneless pinyin, syllables separated by spaces. */
export type Part = { text: string; role: PartRole; pinyin: string }

/** The ids of the spelling rules a suggestion follows (see RULES). */
export type RuleId = keyof typeof RULES

/** A suggested Roman spelling, the parts it was formed from and the rules it followed. */
export type Romanization = { spelling: string; parts: Part[]; rules: RuleId[]; category: Category }

const R1984 = '《中国地名汉语拼音字母拼写规则（汉语地名部分）》（中国地名委员会等，1984，(84)中地字第17号）'
const GBT16159 = 'GB/T 16159-2012《汉语拼音正词法基本规则》'

/** The clauses the spelling follows, each with its source. */
export const RULES = {
  '1984-1': `${R1984}第1条：由专名和通名构成的地名，原则上专名与通名分写（南京/路 Nanjing Lu）；${GBT16159}：汉语地名中的专名和通名分写`,
  '1984-2': `${R1984}第2条：专名或通名中的修饰、限定成分，单音节的与其相关部分连写（景山/后街 Jingshan Houjie）；${GBT16159}：专名和通名的附加成分，单音节的与其相关部分连写`,
  '1984-3': `${R1984}第3条：自然村镇名称不区分专名和通名，各音节连写（王村 Wangcun，周口店 Zhoukoudian）；${GBT16159}：自然村镇名称和其他不需区分专名和通名的地名，各音节连写`,
  '1984-4': `${R1984}第4条：通名已专名化的，按专名处理（黑龙江/省 Heilongjiang Sheng，景德镇/市 Jingdezhen Shi）`,
  '1984-6': `${R1984}第6条：地名中的数词一般用拼音书写（第二松花江 Di’er Songhua Jiang，三八路 Sanba Lu）`,
  '1984-7': `${R1984}第7条：地名中的代码和街巷名称中的序数词用阿拉伯数字书写（1203高地 1203 Gaodi）：名称中已写作阿拉伯数字的，照写`,
  '1984-8': `${R1984}第8条：地名中的多音字和方言字根据普通话审音委员会审定的读音拼写（六安 Lu’an，叶县 Ye Xian）`,
  '1984-9': `${R1984}第9条：地名拼写按普通话语音标调，特殊情况可不标调；地名标志和地图注记不标调`,
  '1984-10': `${R1984}第10条：地名中的第一个字母大写，分段书写的，每段第一个字母大写，其余字母小写；${GBT16159}：每一分写部分的第一个字母大写`,
  '1984-11': `${R1984}第11条：凡以a、o、e开头的非第一音节，在a、o、e前用隔音符号“’”隔开（西安 Xi’an，天峨 Tian’e）；${GBT16159}：隔音符号`,
  'pinyin-u': '《汉语拼音方案》（1958）韵母表说明：ü 在 j、q、x、y 后写作 u（居 ju，鱼 yu），在 n、l 后保留两点（吕梁 Lüliang，女山湖 Nüshan Hu）',
} as const

/**
 * 通名 (generic terms) and the category of name each implies, with the toneless pinyin
 * that GB/T 38207-2019 (中国地理实体通名汉语拼音字母拼写规则, 附录A/B) gives them.
 */
const GENERICS: Readonly<Record<string, { category: Category; pinyin: string }>> = {
  // 街路巷
  路: { category: 'street', pinyin: 'lu' },
  马路: { category: 'street', pinyin: 'ma lu' },
  公路: { category: 'street', pinyin: 'gong lu' },
  街: { category: 'street', pinyin: 'jie' },
  大街: { category: 'street', pinyin: 'da jie' },
  巷: { category: 'street', pinyin: 'xiang' },
  大道: { category: 'street', pinyin: 'da dao' },
  道: { category: 'street', pinyin: 'dao' },
  胡同: { category: 'street', pinyin: 'hu tong' },
  里: { category: 'street', pinyin: 'li' },
  弄: { category: 'street', pinyin: 'long' },
  广场: { category: 'street', pinyin: 'guang chang' },
  // 行政区划
  省: { category: 'admin_division', pinyin: 'sheng' },
  市: { category: 'admin_division', pinyin: 'shi' },
  县: { category: 'admin_division', pinyin: 'xian' },
  区: { category: 'admin_division', pinyin: 'qu' },
  矿区: { category: 'admin_division', pinyin: 'kuang qu' },
  林区: { category: 'admin_division', pinyin: 'lin qu' },
  乡: { category: 'admin_division', pinyin: 'xiang' },
  镇: { category: 'admin_division', pinyin: 'zhen' },
  街道: { category: 'admin_division', pinyin: 'jie dao' },
  旗: { category: 'admin_division', pinyin: 'qi' },
  盟: { category: 'admin_division', pinyin: 'meng' },
  自治区: { category: 'admin_division', pinyin: 'zi zhi qu' },
  自治州: { category: 'admin_division', pinyin: 'zi zhi zhou' },
  自治县: { category: 'admin_division', pinyin: 'zi zhi xian' },
  自治旗: { category: 'admin_division', pinyin: 'zi zhi qi' },
  特别行政区: { category: 'admin_division', pinyin: 'te bie xing zheng qu' },
  // 村（居）民委员会所在地，自然村
  村: { category: 'village_seat', pinyin: 'cun' },
  庄: { category: 'village_seat', pinyin: 'zhuang' },
  屯: { category: 'village_seat', pinyin: 'tun' },
  寨: { category: 'village_seat', pinyin: 'zhai' },
  营: { category: 'village_seat', pinyin: 'ying' },
  集: { category: 'village_seat', pinyin: 'ji' },
  店: { category: 'village_seat', pinyin: 'dian' },
  社区: { category: 'village_seat', pinyin: 'she qu' },
  居委会: { category: 'village_seat', pinyin: 'ju wei hui' },
  村委会: { category: 'village_seat', pinyin: 'cun wei hui' },
  居民委员会: { category: 'village_seat', pinyin: 'ju min wei yuan hui' },
  村民委员会: { category: 'village_seat', pinyin: 'cun min wei yuan hui' },
  // 自然地理实体
  山: { category: 'natural', pinyin: 'shan' },
  岭: { category: 'natural', pinyin: 'ling' },
  峰: { category: 'natural', pinyin: 'feng' },
  河: { category: 'natural', pinyin: 'he' },
  江: { category: 'natural', pinyin: 'jiang' },
  湖: { category: 'natural', pinyin: 'hu' },
  海: { category: 'natural', pinyin: 'hai' },
  湾: { category: 'natural', pinyin: 'wan' },
  岛: { category: 'natural', pinyin: 'dao' },
  群岛: { category: 'natural', pinyin: 'qun dao' },
  半岛: { category: 'natural', pinyin: 'ban dao' },
  峡: { category: 'natural', pinyin: 'xia' },
  海峡: { category: 'natural', pinyin: 'hai xia' },
  沟: { category: 'natural', pinyin: 'gou' },
  泉: { category: 'natural', pinyin: 'quan' },
  溪: { category: 'natural', pinyin: 'xi' },
  运河: { category: 'natural', pinyin: 'yun he' },
  高原: { category: 'natural', pinyin: 'gao yuan' },
  平原: { category: 'natural', pinyin: 'ping yuan' },
  盆地: { category: 'natural', pinyin: 'pen di' },
  高地: { category: 'natural', pinyin: 'gao di' },
  // 城市公园、自然保护地
  公园: { category: 'park', pinyin: 'gong yuan' },
  景区: { category: 'park', pinyin: 'jing qu' },
  风景区: { category: 'park', pinyin: 'feng jing qu' },
  保护区: { category: 'park', pinyin: 'bao hu qu' },
  // 住宅区、楼宇
  小区: { category: 'residential', pinyin: 'xiao qu' },
  花园: { category: 'residential', pinyin: 'hua yuan' },
  家园: { category: 'residential', pinyin: 'jia yuan' },
  新村: { category: 'residential', pinyin: 'xin cun' },
  苑: { category: 'residential', pinyin: 'yuan' },
  公寓: { category: 'residential', pinyin: 'gong yu' },
  大厦: { category: 'residential', pinyin: 'da sha' },
  // 交通、水利、电力等设施
  桥: { category: 'facility', pinyin: 'qiao' },
  大桥: { category: 'facility', pinyin: 'da qiao' },
  站: { category: 'facility', pinyin: 'zhan' },
  车站: { category: 'facility', pinyin: 'che zhan' },
  港: { category: 'facility', pinyin: 'gang' },
  码头: { category: 'facility', pinyin: 'ma tou' },
  机场: { category: 'facility', pinyin: 'ji chang' },
  隧道: { category: 'facility', pinyin: 'sui dao' },
  水库: { category: 'facility', pinyin: 'shui ku' },
  渠: { category: 'facility', pinyin: 'qu' },
  闸: { category: 'facility', pinyin: 'zha' },
  电站: { category: 'facility', pinyin: 'dian zhan' },
}

const LONGEST_GENERIC = Math.max(...Object.keys(GENERICS).map((g) => g.length))

/**
 * One-syllable modifiers (修饰、限定成分) that join the generic they stand before
 * (后街 Houjie, 北大街 Beidajie). 内 and 外 are left out: they place a street relative to
 * the specific (朝阳门内/大街 Chaoyangmennei Dajie, 东直门外/南后街 Dongzhimenwai
 * Nanhoujie, both the 1984 rules own examples), so they stay with it.
 */
const MODIFIERS = new Set([...'东西南北中前后上下大小新老左右直'])

const NUMERALS = new Set([...'〇零一二三四五六七八九十百千'])

customPinyin(Object.fromEntries(Object.entries(PLACE_NAME_READINGS).map(([word, r]) => [word, r.pinyin])))

/** The longest generic that ends `name` and leaves a specific before it, or null. */
function findGeneric(chars: string[]): string | null {
  for (let n = Math.min(LONGEST_GENERIC, chars.length - 1); n >= 1; n--) {
    const tail = chars.slice(-n).join('')
    if (GENERICS[tail]) return tail
  }
  return null
}

/** The category a name's generic implies: `other` when it has none. */
export function inferCategory(name: string): Category {
  const generic = findGeneric([...name.replace(/·/g, '')])
  return generic ? GENERICS[generic]!.category : 'other'
}

/** Joins a word's syllables, with the apostrophe before a non-first syllable starting with a, o or e. */
function joinSyllables(syllables: string[], rules: Set<RuleId>): string {
  return syllables
    .map((s, i) => {
      if (i > 0 && /^[aoe]/.test(s) && /[a-zü]$/.test(syllables[i - 1]!)) {
        rules.add('1984-11')
        return `'${s}`
      }
      return s
    })
    .join('')
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/**
 * Suggests the Roman spelling of a Chinese place name by the 1984 rules and GB/T
 * 16159-2012: specific and generic written apart and capitalised, one-syllable modifiers
 * joined to the generic, natural villages and names without a generic as one word,
 * numbers spelled, no tones, an apostrophe before a, o, e. Polyphonic characters take
 * the place-name reading of PLACE_NAME_READINGS. Without `category`, it is inferred from
 * the generic. Characters outside pinyin-pro's dictionary are kept as they are.
 * @example romanize('东直门北大街').spelling // 'Dongzhimen Beidajie'
 */
export function romanize(name: string, category?: Category): Romanization {
  const rules = new Set<RuleId>()
  const segments = name.split('·').filter(Boolean)
  const last = segments.pop() ?? ''
  const chars = [...last]
  const generic = findGeneric(chars)
  const cat = category ?? (generic ? GENERICS[generic]!.category : 'other')
  const syllables = pinyin(last, { toneType: 'none', type: 'array' })

  const parts: Part[] = []
  const words: string[][] = []
  for (const segment of segments) {
    const s = pinyin(segment, { toneType: 'none', type: 'array' })
    parts.push({ text: segment, role: 'specific', pinyin: s.join(' ') })
    words.push(s)
  }

  // A one-syllable generic of a natural village or a village seat joins its specific (1984 第3条).
  const split = generic !== null && !(cat === 'village_seat' && generic.length === 1)
  let specificEnd = split ? chars.length - generic.length : chars.length
  let modifierStart = specificEnd
  if (split && cat !== 'admin_division' && cat !== 'village_seat') {
    while (modifierStart - 1 >= 2 && MODIFIERS.has(chars[modifierStart - 1]!)) modifierStart--
  }

  // The specific: a leading number (第三, 五一) and Arabic digits as parts of their own.
  const specific: string[] = []
  let i = 0
  const readingAtStart = Object.keys(PLACE_NAME_READINGS).some((word) => last.startsWith(word))
  if (!readingAtStart && (chars[0] === '第' || NUMERALS.has(chars[0]!))) {
    let j = chars[0] === '第' ? 1 : 0
    while (j < modifierStart && NUMERALS.has(chars[j]!)) j++
    if (j > (chars[0] === '第' ? 1 : 0)) {
      parts.push({ text: chars.slice(0, j).join(''), role: 'number', pinyin: syllables.slice(0, j).join(' ') })
      rules.add('1984-6')
      // An ordinal of two or more syllables before more of the specific is a modifier
      // written apart (第二/松花江 Di'er Songhua Jiang, 1984 第2、6条).
      if (chars[0] === '第' && j < modifierStart && split) words.push(syllables.slice(0, j))
      else specific.push(...syllables.slice(0, j))
      i = j
    }
  }
  let run = i
  const flushRun = (end: number) => {
    if (end > run) {
      parts.push({ text: chars.slice(run, end).join(''), role: 'specific', pinyin: syllables.slice(run, end).join(' ') })
      specific.push(...syllables.slice(run, end))
    }
  }
  for (; i < modifierStart; i++) {
    if (/\d/.test(chars[i]!)) {
      flushRun(i)
      let j = i
      while (j < modifierStart && /\d/.test(chars[j]!)) j++
      const digits = chars.slice(i, j).join('')
      parts.push({ text: digits, role: 'number', pinyin: digits })
      rules.add('1984-7')
      // 第9弄 Di-9 Long: the digits stay apart from the syllables around them.
      if (specific.length && chars[i - 1] === '第') words.push([...specific.slice(0, -1), `${specific.at(-1)}-${digits}`])
      else {
        if (specific.length) words.push([...specific])
        words.push([digits])
      }
      specific.length = 0
      i = j - 1
      run = j
    }
  }
  flushRun(modifierStart)
  if (specific.length) words.push([...specific])

  if (split) {
    const generics: string[] = []
    if (modifierStart < specificEnd) {
      parts.push({ text: chars.slice(modifierStart, specificEnd).join(''), role: 'modifier', pinyin: syllables.slice(modifierStart, specificEnd).join(' ') })
      generics.push(...syllables.slice(modifierStart, specificEnd))
      rules.add('1984-2')
    }
    const g = GENERICS[generic]!.pinyin
    parts.push({ text: generic, role: 'generic', pinyin: g })
    generics.push(...g.split(' '))
    words.push(generics)
    rules.add('1984-1')
    if (findGeneric(chars.slice(0, specificEnd))) rules.add('1984-4')
  } else if (generic === null || cat === 'village_seat') {
    rules.add('1984-3')
    if (generic !== null) {
      // The village's generic is a part of its own, spelled with the specific.
      const specificPart = parts.at(-1)
      if (specificPart?.role === 'specific' && specificPart.text.endsWith(generic)) {
        specificPart.text = specificPart.text.slice(0, -generic.length)
        specificPart.pinyin = specificPart.pinyin.split(' ').slice(0, -1).join(' ')
        if (!specificPart.text) parts.pop()
        parts.push({ text: generic, role: 'generic', pinyin: syllables.at(-1)! })
      }
    }
  }

  if (Object.keys(PLACE_NAME_READINGS).some((word) => name.includes(word))) rules.add('1984-8')
  const spelling = words
    .filter((w) => w.length)
    .map((w) => capitalise(joinSyllables(w, rules)))
    .join(' ')
  if (spelling.includes('ü')) rules.add('pinyin-u')
  rules.add('1984-9')
  rules.add('1984-10')
  const order = Object.keys(RULES) as RuleId[]
  return { spelling, parts, rules: order.filter((id) => rules.has(id)), category: cat }
}
