import { describe, expect, it } from 'vitest'
import { PLACE_NAME_READINGS } from './readings'
import { inferCategory, romanize, RULES, type Category } from './romanize'

/**
 * Official spellings, each from a published source:
 * - 1984: the examples of 《中国地名汉语拼音字母拼写规则（汉语地名部分）》 (中国地名委员会、
 *   中国文字改革委员会、国家测绘局, 1984-12-25, (84)中地字第17号), by clause; toneless, as
 *   the rules allow for signs (第9条);
 * - 简册: county-level and higher names as romanised in 《中华人民共和国行政区划简册》
 *   (民政部, 中国地图出版社) and on the MCA's 全国行政区划信息查询平台 (xzqh.mca.gov.cn);
 * - issue: the street names of the place-names issue (Pingdingshan's roads), spelled there
 *   by the 1984 rules.
 */
const OFFICIAL: [name: string, category: Category | undefined, spelling: string, source: string][] = [
  // The examples.
  ['中兴路', undefined, 'Zhongxing Lu', 'issue'],
  ['景山后街', undefined, 'Jingshan Houjie', '1984 §2'],
  ['东直门北大街', undefined, 'Dongzhimen Beidajie', 'issue, after 1984 §2'],
  ['黑龙江省', undefined, 'Heilongjiang Sheng', '1984 §4'],
  ['景德镇市', undefined, 'Jingdezhen Shi', '1984 §4'],
  ['王村', undefined, 'Wangcun', '1984 §3'],
  ['周口店', undefined, 'Zhoukoudian', '1984 §3'],
  ['第三大街', undefined, 'Disan Dajie', 'issue, after 1984 §6'],
  ['西安路', undefined, "Xi'an Lu", 'issue, after 1984 §11'],
  ['长葛', undefined, 'Changge', '简册 长葛市'],
  ['六安', undefined, "Lu'an", '简册 六安市'],
  ['蚌埠', undefined, 'Bengbu', '简册 蚌埠市'],
  ['洪洞', undefined, 'Hongtong', '简册 洪洞县'],
  ['番禺', undefined, 'Panyu', '简册 番禺区'],
  ['乐亭', undefined, 'Laoting', '简册 乐亭县'],
  ['枞阳', undefined, 'Zongyang', '简册 枞阳县'],
  // Pingdingshan's own units.
  ['平顶山市', undefined, 'Pingdingshan Shi', '简册'],
  ['新华区', undefined, 'Xinhua Qu', '简册'],
  ['卫东区', undefined, 'Weidong Qu', '简册'],
  ['石龙区', undefined, 'Shilong Qu', '简册'],
  ['湛河区', undefined, 'Zhanhe Qu', '简册'],
  ['宝丰县', undefined, 'Baofeng Xian', '简册'],
  ['叶县', undefined, 'Ye Xian', '简册'],
  ['鲁山县', undefined, 'Lushan Xian', '简册'],
  ['郏县', undefined, 'Jia Xian', '简册'],
  ['舞钢市', undefined, 'Wugang Shi', '简册'],
  ['汝州市', undefined, 'Ruzhou Shi', '简册'],
  // Henan, polyphonic and rare characters.
  ['濮阳县', undefined, 'Puyang Xian', '简册'],
  ['浚县', undefined, 'Xun Xian', '简册'],
  ['荥阳市', undefined, 'Xingyang Shi', '简册'],
  ['泌阳县', undefined, 'Biyang Xian', '简册'],
  ['柘城县', undefined, 'Zhecheng Xian', '简册'],
  ['武陟县', undefined, 'Wuzhi Xian', '简册'],
  ['中牟县', undefined, 'Zhongmu Xian', '简册'],
  ['召陵区', undefined, 'Shaoling Qu', '简册'],
  ['南召县', undefined, 'Nanzhao Xian', '简册'],
  ['渑池县', undefined, 'Mianchi Xian', '简册'],
  ['长葛市', undefined, 'Changge Shi', '简册'],
  ['郾城区', undefined, 'Yancheng Qu', '简册'],
  ['尉氏县', undefined, 'Weishi Xian', '简册'],
  ['睢县', undefined, 'Sui Xian', '简册'],
  ['淅川县', undefined, 'Xichuan Xian', '简册'],
  ['二七区', undefined, 'Erqi Qu', '简册'],
  // The polyphonic list elsewhere.
  ['六安市', undefined, "Lu'an Shi", '简册'],
  ['蚌埠市', undefined, 'Bengbu Shi', '简册'],
  ['单县', undefined, 'Shan Xian', '简册'],
  ['洪洞县', undefined, 'Hongtong Xian', '简册'],
  ['番禺区', undefined, 'Panyu Qu', '简册'],
  ['乐亭县', undefined, 'Laoting Xian', '简册'],
  ['枞阳县', undefined, 'Zongyang Xian', '简册'],
  ['六合区', undefined, 'Luhe Qu', '简册'],
  ['黄陂区', undefined, 'Huangpi Qu', '简册'],
  ['涡阳县', undefined, 'Guoyang Xian', '简册'],
  ['歙县', undefined, 'She Xian', '简册'],
  ['蔚县', undefined, 'Yu Xian', '简册'],
  ['乐清市', undefined, 'Yueqing Shi', '简册'],
  ['东阿县', undefined, "Dong'e Xian", '简册'],
  ['吕梁市', undefined, 'Lüliang Shi', '简册'],
  ['绿春县', undefined, 'Lüchun Xian', '简册'],
  // Apostrophes.
  ['西安', undefined, "Xi'an", '1984 §11'],
  ['建瓯', undefined, "Jian'ou", '1984 §11'],
  ['天峨', undefined, "Tian'e", '1984 §11'],
  ['延安', undefined, "Yan'an", '简册 延安市'],
  ['兴安', undefined, "Xing'an", '简册 兴安县'],
  // Pingdingshan's streets.
  ['建设路', undefined, 'Jianshe Lu', 'issue'],
  ['矿工路', undefined, 'Kuanggong Lu', 'issue'],
  ['开源路', undefined, 'Kaiyuan Lu', 'issue'],
  // The 1984 rules' own examples, by clause.
  ['太行山', undefined, 'Taihang Shan', '1984 §1'],
  ['松花江', undefined, 'Songhua Jiang', '1984 §1'],
  ['汾河', undefined, 'Fen He', '1984 §1'],
  ['太湖', undefined, 'Tai Hu', '1984 §1'],
  ['舟山群岛', undefined, 'Zhoushan Qundao', '1984 §1'],
  ['台湾海峡', undefined, 'Taiwan Haixia', '1984 §1'],
  ['青藏高原', undefined, 'Qingzang Gaoyuan', '1984 §1'],
  ['密云水库', undefined, 'Miyun Shuiku', '1984 §1'],
  ['大运河', undefined, 'Da Yunhe', '1984 §1'],
  ['永丰渠', undefined, 'Yongfeng Qu', '1984 §1'],
  ['西藏自治区', undefined, 'Xizang Zizhiqu', '1984 §1'],
  ['江苏省', undefined, 'Jiangsu Sheng', '1984 §1'],
  ['通县', undefined, 'Tong Xian', '1984 §1'],
  ['西峰镇', undefined, 'Xifeng Zhen', '1984 §1'],
  ['虹口区', undefined, 'Hongkou Qu', '1984 §1'],
  ['友谊乡', undefined, 'Youyi Xiang', '1984 §1'],
  ['京津公路', undefined, 'Jingjin Gonglu', '1984 §1'],
  ['南京路', undefined, 'Nanjing Lu', '1984 §1'],
  ['滨江道', undefined, 'Binjiang Dao', '1984 §1'],
  ['横街', undefined, 'Heng Jie', '1984 §1'],
  ['长安街', undefined, "Chang'an Jie", '1984 §1'],
  ['大马路', undefined, 'Da Malu', '1984 §1'],
  ['梧桐巷', undefined, 'Wutong Xiang', '1984 §1'],
  ['门框胡同', undefined, 'Menkuang Hutong', '1984 §1'],
  ['西辽河', undefined, 'Xiliao He', '1984 §2'],
  ['潮白新河', undefined, 'Chaobai Xinhe', '1984 §2'],
  ['新通扬运河', undefined, 'Xintongyang Yunhe', '1984 §2'],
  ['北雁荡山', undefined, 'Beiyandang Shan', '1984 §2'],
  ['老秃顶子山', undefined, 'Laotudingzi Shan', '1984 §2'],
  ['小金门岛', undefined, 'Xiaojinmen Dao', '1984 §2'],
  ['造币左路', undefined, 'Zaobi Zuolu', '1984 §2'],
  ['清波门直街', undefined, 'Qingbomen Zhijie', '1984 §2'],
  ['后赵家楼胡同', undefined, 'Houzhaojialou Hutong', '1984 §2'],
  ['朝阳门内大街', undefined, 'Chaoyangmennei Dajie', '1984 §2'],
  ['南横东街', undefined, 'Nanheng Dongjie', '1984 §2'],
  ['修文西小巷', undefined, 'Xiuwen Xixiaoxiang', '1984 §2'],
  ['东直门外南后街', undefined, 'Dongzhimenwai Nanhoujie', '1984 §2'],
  ['江镇', 'village_seat', 'Jiangzhen', '1984 §3'],
  ['文家市', 'village_seat', 'Wenjiashi', '1984 §3'],
  ['油坊桥', 'village_seat', 'Youfangqiao', '1984 §3'],
  ['铁匠营', undefined, 'Tiejiangying', '1984 §3'],
  ['大虎山', 'village_seat', 'Dahushan', '1984 §3'],
  ['太平沟', 'village_seat', 'Taipinggou', '1984 §3'],
  ['三岔河', 'village_seat', 'Sanchahe', '1984 §3'],
  ['龙王集', undefined, 'Longwangji', '1984 §3'],
  ['渤海湾', undefined, 'Bohai Wan', '1984 §4'],
  ['解放路南小街', undefined, 'Jiefanglu Nanxiaojie', '1984 §4'],
  ['包头胡同东巷', undefined, 'Baotouhutong Dongxiang', '1984 §4'],
  ['左权县', undefined, 'Zuoquan Xian', '1984 §5'],
  ['张之洞路', undefined, 'Zhangzhidong Lu', '1984 §5'],
  ['欧阳海水库', undefined, 'Ouyanghai Shuiku', '1984 §5'],
  ['五指山', undefined, 'Wuzhi Shan', '1984 §6'],
  ['九龙江', undefined, 'Jiulong Jiang', '1984 §6'],
  ['三门峡', undefined, 'Sanmen Xia', '1984 §6'],
  ['第二松花江', undefined, "Di'er Songhua Jiang", '1984 §6'],
  ['第六屯', undefined, 'Diliutun', '1984 §6'],
  ['三眼井胡同', undefined, 'Sanyanjing Hutong', '1984 §6'],
  ['八角场东街', undefined, 'Bajiaochang Dongjie', '1984 §6'],
  ['三八路', undefined, 'Sanba Lu', '1984 §6'],
  ['五一广场', undefined, 'Wuyi Guangchang', '1984 §6'],
  ['1203高地', undefined, '1203 Gaodi', '1984 §7'],
  ['十里堡', undefined, 'Shilipu', '1984 §8'],
  ['吴堡', undefined, 'Wubu', '1984 §8'],
]

describe('romanize', () => {
  it('has at least 60 official names to check against', () => {
    expect(new Set(OFFICIAL.map(([name]) => name)).size).toBeGreaterThanOrEqual(60)
  })

  it.each(OFFICIAL)('spells %s (%s) as %s (%s)', (name, category, spelling) => {
    expect(romanize(name, category).spelling).toBe(spelling)
  })

  it('writes the specific and the generic apart, the modifier with the generic', () => {
    expect(romanize('东直门北大街')).toMatchObject({
      category: 'street',
      parts: [
        { text: '东直门', role: 'specific', pinyin: 'dong zhi men' },
        { text: '北', role: 'modifier', pinyin: 'bei' },
        { text: '大街', role: 'generic', pinyin: 'da jie' },
      ],
      rules: ['1984-1', '1984-2', '1984-9', '1984-10'],
    })
  })

  it('names the number of 第三大街 and the clause it follows', () => {
    const r = romanize('第三大街')
    expect(r.parts).toEqual([
      { text: '第三', role: 'number', pinyin: 'di san' },
      { text: '大街', role: 'generic', pinyin: 'da jie' },
    ])
    expect(r.rules).toContain('1984-6')
  })

  it('writes a village’s one-syllable generic with its specific, an administrative one apart', () => {
    expect(romanize('王村').rules).toContain('1984-3')
    expect(romanize('王村', 'admin_division').spelling).toBe('Wang Cun')
    expect(romanize('江镇', 'village_seat').spelling).toBe('Jiangzhen')
    expect(romanize('江镇').spelling).toBe('Jiang Zhen')
    expect(romanize('王庄村委会', 'village_seat').spelling).toBe('Wangzhuang Cunweihui')
    expect(romanize('矿工路社区').spelling).toBe('Kuanggonglu Shequ')
  })

  it('keeps a direction of a one-syllable specific with it (河东路, not He Donglu)', () => {
    expect(romanize('河东路').spelling).toBe('Hedong Lu')
    expect(romanize('建设东路').spelling).toBe('Jianshe Donglu')
    expect(romanize('矿工中路').spelling).toBe('Kuanggong Zhonglu')
    expect(romanize('卫东区').spelling).toBe('Weidong Qu')
  })

  it('cites the place-name reading, the apostrophe and ü when it uses them', () => {
    expect(romanize('叶县').rules).toContain('1984-8')
    expect(romanize('西安路').rules).toContain('1984-11')
    expect(romanize('吕梁市').rules).toContain('pinyin-u')
    expect(romanize('建设路').rules).not.toContain('1984-8')
  })

  it('writes digits as they are, 第 joined by a hyphen', () => {
    expect(romanize('经5路').spelling).toBe('Jing 5 Lu')
    expect(romanize('第9弄').spelling).toBe('Di-9 Long')
  })

  it('infers the category from the generic', () => {
    const expected: [string, Category][] = [
      ['中兴路', 'street'], ['东风巷', 'street'], ['人民大道', 'street'], ['河南省', 'admin_division'], ['鲁阳街道', 'admin_division'],
      ['王村', 'village_seat'], ['李庄', 'village_seat'], ['尧山', 'natural'], ['白龟湖', 'natural'], ['人民公园', 'park'],
      ['建业小区', 'residential'], ['鹰城花园', 'residential'], ['湛河桥', 'facility'], ['平顶山站', 'facility'], ['周口店', 'village_seat'], ['六安', 'other'],
    ]
    for (const [name, category] of expected) expect(inferCategory(name), name).toBe(category)
  })

  it('has a text for every rule and a source for every reading', () => {
    for (const text of Object.values(RULES)) expect(text).toMatch(/《.+》|GB\/T/)
    for (const [word, r] of Object.entries(PLACE_NAME_READINGS)) {
      expect(r.pinyin.split(' ').length, word).toBe([...word].length)
      expect(r.source.length, word).toBeGreaterThan(3)
    }
  })

  it('reads every word of the readings table as the table says', () => {
    for (const [word, r] of Object.entries(PLACE_NAME_READINGS)) {
      expect(romanize(word).parts.map((p) => p.pinyin).join(' '), word).toBe(r.pinyin)
    }
  })

  it('spells each word of a name joined by · apart', () => {
    expect(romanize('中兴·建设路').spelling).toBe('Zhongxing Jianshe Lu')
  })
})
