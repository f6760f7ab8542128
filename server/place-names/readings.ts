/**
 * Place-name readings that differ from a character's common reading (or that pinyin-pro's
 * dictionary gets wrong in a name), as words so that each reading applies only in its
 * name. Toneless, one syllable per character, as pinyin-pro's `customPinyin` takes them.
 *
 * Sources, cited per entry:
 * - 审音表: 《普通话异读词审音表》 (国家语言文字工作委员会等, 1985), the readings the 1984
 *   spelling rules (第8条) name as the standard for polyphonic characters in place names;
 * - 现汉: 《现代汉语词典》第7版 (商务印书馆, 2016), the place-name sense of the character;
 * - 区划: the county-level names as romanised in 《中华人民共和国行政区划简册》 (民政部,
 *   中国地图出版社) and on the Ministry of Civil Affairs' 全国行政区划信息查询平台
 *   (xzqh.mca.gov.cn).
 * Entries whose reading pinyin-pro already gives are kept, so that a dictionary update
 * cannot change an official name unnoticed (the tests cover each one).
 */
export const PLACE_NAME_READINGS: Readonly<Record<string, { pinyin: string; source: string }>> = {
  // Pingdingshan's own units.
  叶县: { pinyin: 'ye xian', source: '现汉 叶 Yè 叶县 (旧读 Shè); 区划 Ye Xian' },
  郏县: { pinyin: 'jia xian', source: '现汉 郏 Jiá 郏县; 区划 Jia Xian' },
  湛河: { pinyin: 'zhan he', source: '现汉 湛 zhàn; 区划 湛河区 Zhanhe Qu' },
  舞钢: { pinyin: 'wu gang', source: '区划 舞钢市 Wugang Shi' },
  汝州: { pinyin: 'ru zhou', source: '现汉 汝 Rǔ 汝河; 区划 汝州市 Ruzhou Shi' },
  宝丰: { pinyin: 'bao feng', source: '区划 宝丰县 Baofeng Xian' },
  // Henan.
  长葛: { pinyin: 'chang ge', source: '区划 长葛市 Changge Shi' },
  濮阳: { pinyin: 'pu yang', source: '现汉 濮 Pú 濮阳; 区划 Puyang Shi' },
  浚县: { pinyin: 'xun xian', source: '现汉 浚 Xùn 浚县; 审音表 浚 xùn 浚县; 区划 Xun Xian' },
  荥阳: { pinyin: 'xing yang', source: '现汉 荥 Xíng 荥阳; 区划 Xingyang Shi' },
  泌阳: { pinyin: 'bi yang', source: '现汉 泌 Bì 泌阳; 区划 Biyang Xian' },
  柘城: { pinyin: 'zhe cheng', source: '现汉 柘 zhè; 区划 Zhecheng Xian' },
  武陟: { pinyin: 'wu zhi', source: '现汉 陟 zhì; 区划 Wuzhi Xian' },
  中牟: { pinyin: 'zhong mu', source: '现汉 牟 Mù 中牟; 区划 Zhongmu Xian' },
  召陵: { pinyin: 'shao ling', source: '现汉 召 Shào 古国名、地名; 区划 召陵区 Shaoling Qu' },
  渑池: { pinyin: 'mian chi', source: '现汉 渑 Miǎn 渑池; 区划 Mianchi Xian' },
  // The polyphonic names of the issue and other well-known ones.
  六安: { pinyin: 'lu an', source: '现汉 六 Lù 六安; 区划 Lu’an Shi' },
  六合: { pinyin: 'lu he', source: '现汉 六 Lù 六合; 区划 南京市六合区 Luhe Qu' },
  蚌埠: { pinyin: 'beng bu', source: '现汉 蚌 Bèng 蚌埠; 区划 Bengbu Shi' },
  蚌山: { pinyin: 'beng shan', source: '现汉 蚌 Bèng; 区划 蚌埠市蚌山区 Bengshan Qu' },
  单县: { pinyin: 'shan xian', source: '现汉 单 Shàn 单县; 审音表 单 shàn (姓、地名); 区划 Shan Xian' },
  洪洞: { pinyin: 'hong tong', source: '现汉 洞 tóng 洪洞; 区划 Hongtong Xian' },
  番禺: { pinyin: 'pan yu', source: '现汉 番 Pān 番禺; 区划 Panyu Qu' },
  乐亭: { pinyin: 'lao ting', source: '现汉 乐 Lào 乐亭; 区划 Laoting Xian' },
  枞阳: { pinyin: 'zong yang', source: '现汉 枞 Zōng 枞阳; 区划 Zongyang Xian' },
  乐清: { pinyin: 'yue qing', source: '现汉 乐 Yuè; 区划 Yueqing Shi' },
  蔚县: { pinyin: 'yu xian', source: '现汉 蔚 Yù 蔚县; 区划 Yu Xian' },
  歙县: { pinyin: 'she xian', source: '现汉 歙 Shè 歙县; 区划 She Xian' },
  涡阳: { pinyin: 'guo yang', source: '现汉 涡 Guō 涡河、涡阳; 区划 Guoyang Xian' },
  黄陂: { pinyin: 'huang pi', source: '现汉 陂 pí 黄陂; 区划 Huangpi Qu' },
  会稽: { pinyin: 'kuai ji', source: '现汉 会 Kuài 会稽' },
  解州: { pinyin: 'xie zhou', source: '现汉 解 Xiè 解州 (山西运城)' },
  大城: { pinyin: 'da cheng', source: '区划 河北省大城县 Dacheng Xian' },
  十里堡: { pinyin: 'shi li pu', source: '1984 拼写规则第8条示例 十里堡（北京） Shílǐpù; 审音表 堡 pù' },
  吴堡: { pinyin: 'wu bu', source: '1984 拼写规则第8条示例 吴堡（陕西） Wúbǔ; 审音表 堡 bǔ' },
}
