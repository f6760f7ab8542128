import { currentLang } from './index'

const zhCN = {
  mode: '地名',
  modeLabel: '地名管理：地名录、命名更名案件',
  panelTitle: '地名管理',
  overdueBadge: '{n} 件逾期',
  tabRecord: '地名记录',
  tabCases: '命名更名案件',
  pickRecord: '在地图上点击一条地名（道路、小区、自然地理实体等），查看其信息和变更历史。',
  signInForCases: '登录后可查看和办理命名、更名案件。',
  loadingNames: '正在加载地名…',
  generatedNote: '示例数据（生成），非真实地名',
  edit: '编辑',
  save: '保存',
  cancel: '取消',
  saved: '已保存',
  spellingHint: '留空则按拼写规则自动生成',
  history: '变更历史',
  historyEmpty: '暂无变更记录',
  historyCreated: '登记',
  historyUpdated: '修改',
  historyDeleted: '删除',
  casesOfRecord: '相关案件',
  noCases: '没有案件',
  applyRenaming: '申请更名',
  applyAbolition: '申请销名',
  applyNaming: '申请命名',
  filterAll: '全部案件',
  filterOpen: '办理中',
  filterOverdue: '已逾期',
  casesCount: '共 {total} 件，其中逾期 {overdue} 件',
  overdue: '逾期',
  late: '超期完成',
  dueOn: '{step}应于 {due} 前完成',
  dueIn: '还剩 {n} 天',
  dueToday: '今天到期',
  overdueBy: '已逾期 {n} 天',
  backToList: '← 返回案件列表',
  backToRecord: '← 返回地名记录',
  caseTitle: '{kind}：{name}',
  caseRename: '{old} → {new}',
  steps: '办理进度',
  stepApplication: '申请',
  nextStep: '下一步',
  chooseStep: '选择要登记的步骤',
  submit: '登记',
  attachFiles: '附件（PDF 或图片，每个不超过 20 MB）',
  uploading: '正在上传 {name}：{percent}',
  uploaded: '已上传 {n} 个附件',
  files: '附件',
  announcementFields: '公告内容',
  closedBecause: '理由：{reason}',
  openedCase: '已登记申请',
  stepDone: '已登记',
  noNextStep: '本案已办结，无需后续步骤',
  protectedNote: '列入保护名录：{list}。更名或销名前须先登记保护措施（《地名管理条例》第十条、第二十五条）。',
  deadlinesNote: '批准后 15 日内备案（第十三条）、公告（第十四条）',
  field: {
    applicant: '申请人', proposal: '申请事由', proposed_name: '拟用名称', proposed_spelling: '拟用罗马字母拼写', applied_on: '申请日期',
    kind: '类型', completed_on: '完成日期', summary: '结论摘要', measures: '保护措施', recorded_on: '登记日期',
    approval_authority: '批准机关', approved_on: '批准日期', document_number: '批准文号', filed_on: '备案日期', filed_with: '备案机关',
    announced_on: '公告日期', medium: '公告载体', decided_on: '决定日期', withdrawn_on: '撤回日期', reason: '理由', file_ids: '附件',
    place_name_id: '地名', reports: '报告', protection_measures: '保护措施', old_name: '原名称', roman_spelling: '罗马字母拼写',
    category: '类别', sub_kind: '小类', status: '状态', code: '地名代码', county_code: '所在县级区划', township_code: '所在乡级区划',
    meaning: '含义', origin: '来历', history: '沿革', description: '地理实体概况', aliases: '别名', former_names: '曾用名',
    protected: '列入保护名录', protection_list: '保护名录', source: '资料来源', data_source: '数据来源', name: '标准名称',
    standard_name: '标准名称', county_name: '所属行政区域', township_name: '所在乡镇（街道）', location: '位置', closed_reason: '理由', step: '步骤',
    shape: '位置', division_code: '行政区划代码', announcement_medium: '公告载体', protection_recorded_on: '保护措施登记日期', closed_on: '办结日期',
  } as Record<string, string>,
  caseKinds: { naming: '命名', renaming: '更名', abolition: '销名' } as Record<string, string>,
  caseStatuses: { applied: '已申请', reviewing: '评估论证中', approved: '已批准', completed: '已办结', rejected: '不予批准', withdrawn: '已撤回', open: '办理中' } as Record<string, string>,
  stepNames: {
    report: '报告', protection_measures: '保护措施', approval: '批准', filing: '备案', announcement: '公告', rejection: '不予批准', withdrawal: '撤回', application: '申请',
  } as Record<string, string>,
  reportKinds: { evaluation: '综合评估报告', expert_review: '专家论证报告', consultation: '征求意见报告', risk_assessment: '风险评估报告' } as Record<string, string>,
  categories: {
    natural: '自然地理实体', admin_division: '行政区划', village_seat: '村（居）民委员会所在地', park: '城市公园、自然保护地', street: '街路巷',
    residential: '住宅区、楼宇', facility: '交通水利等设施', other: '其他',
  } as Record<string, string>,
  nameStatuses: { standard: '标准名称', proposed: '拟用名称', abolished: '已销名' } as Record<string, string>,
  dataSources: { generated: '示例数据（生成），非真实地名', census: '第二次全国地名普查', register: '地名管理登记' } as Record<string, string>,
  yes: '是',
  no: '否',
  formerYears: '{name}（{from}–{to}）',
  sampleActor: '示例数据（生成）',
  locationChanged: '位置已修改',
  generatedChip: '示例（生成）',
  openCaseExists: '已有办理中的案件',
  suggestion: '建议拼写：{spelling}',
  newName: '＋ 拟用地名',
  newTitle: '新建拟用地名',
  newNote: '保存为“拟用名称”后，可在其记录页申请命名；批准后成为标准名称。',
  shapePoint: '点：在地图上单击标出位置',
  shapeLine: '线：依次单击地图画出走向（如规划道路）',
  draftNone: '尚未在地图上标出位置',
  draftPoint: '已标出位置（再次单击可移动）',
  draftLine: '已画 {n} 个点（至少 2 个）',
  clearShape: '重新标绘',
  placeFirst: '请先在地图上标出位置（线至少 2 个点）',
}

const en: typeof zhCN = {
  mode: 'Place names',
  modeLabel: 'Place names: the register, naming and renaming cases',
  panelTitle: 'Place names',
  overdueBadge: '{n} overdue',
  tabRecord: 'Record',
  tabCases: 'Naming cases',
  pickRecord: 'Click a place name on the map (a street, a residential area, a natural feature …) for its record and its history.',
  signInForCases: 'Sign in to see and work on naming and renaming cases.',
  loadingNames: 'Loading place names…',
  generatedNote: 'Sample data (generated), not a real name',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'Saved',
  spellingHint: 'Left empty, it is spelled by the rules',
  history: 'History',
  historyEmpty: 'No changes recorded',
  historyCreated: 'Registered',
  historyUpdated: 'Changed',
  historyDeleted: 'Deleted',
  casesOfRecord: 'Cases',
  noCases: 'No cases',
  applyRenaming: 'Apply for a rename',
  applyAbolition: 'Apply for abolition',
  applyNaming: 'Apply for naming',
  filterAll: 'All cases',
  filterOpen: 'Under way',
  filterOverdue: 'Overdue',
  casesCount: '{total} cases, {overdue} overdue',
  overdue: 'Overdue',
  late: 'Done late',
  dueOn: '{step} due by {due}',
  dueIn: '{n} days left',
  dueToday: 'Due today',
  overdueBy: '{n} days overdue',
  backToList: '← Back to the cases',
  backToRecord: '← Back to the record',
  caseTitle: '{kind}: {name}',
  caseRename: '{old} → {new}',
  steps: 'Progress',
  stepApplication: 'Application',
  nextStep: 'Next step',
  chooseStep: 'Choose the step to record',
  submit: 'Record',
  attachFiles: 'Files (PDF or pictures, 20 MB each at most)',
  uploading: 'Uploading {name}: {percent}',
  uploaded: '{n} file(s) uploaded',
  files: 'Files',
  announcementFields: 'The announcement',
  closedBecause: 'Reason: {reason}',
  openedCase: 'Application recorded',
  stepDone: 'Recorded',
  noNextStep: 'The case is closed; no further steps',
  protectedNote: 'On the protection list {list}. Record the protection measures before a rename or abolition (地名管理条例 arts. 10, 25).',
  deadlinesNote: 'Filing (art. 13) and announcement (art. 14) within 15 days of approval',
  field: {
    applicant: 'Applicant', proposal: 'Reason and proposal', proposed_name: 'Proposed name', proposed_spelling: 'Proposed Roman spelling', applied_on: 'Applied on',
    kind: 'Kind', completed_on: 'Completed on', summary: 'Conclusion', measures: 'Protection measures', recorded_on: 'Recorded on',
    approval_authority: 'Approving authority', approved_on: 'Approved on', document_number: 'Document number', filed_on: 'Filed on', filed_with: 'Filed with',
    announced_on: 'Announced on', medium: 'Published in', decided_on: 'Decided on', withdrawn_on: 'Withdrawn on', reason: 'Reason', file_ids: 'Files',
    place_name_id: 'Place name', reports: 'Reports', protection_measures: 'Protection measures', old_name: 'Former name', roman_spelling: 'Roman spelling',
    category: 'Category', sub_kind: 'Sub-kind', status: 'Status', code: 'Code', county_code: 'County', township_code: 'Township',
    meaning: 'Meaning', origin: 'Origin', history: 'History', description: 'Description', aliases: 'Aliases', former_names: 'Former names',
    protected: 'Protected', protection_list: 'Protection list', source: 'Source', data_source: 'Data source', name: 'Standard name',
    standard_name: 'Standard name', county_name: 'Administrative area', township_name: 'Township', location: 'Location', closed_reason: 'Reason', step: 'Step',
    shape: 'Location', division_code: 'Division code', announcement_medium: 'Published in', protection_recorded_on: 'Measures recorded on', closed_on: 'Closed on',
  },
  caseKinds: { naming: 'Naming', renaming: 'Renaming', abolition: 'Abolition' },
  caseStatuses: { applied: 'Applied', reviewing: 'Under review', approved: 'Approved', completed: 'Completed', rejected: 'Rejected', withdrawn: 'Withdrawn', open: 'Under way' },
  stepNames: {
    report: 'Report', protection_measures: 'Protection measures', approval: 'Approval', filing: 'Filing', announcement: 'Announcement', rejection: 'Rejection', withdrawal: 'Withdrawal', application: 'Application',
  },
  reportKinds: { evaluation: 'Comprehensive evaluation', expert_review: 'Expert review', consultation: 'Public consultation', risk_assessment: 'Risk assessment' },
  categories: {
    natural: 'Natural feature', admin_division: 'Administrative division', village_seat: 'Village or community seat', park: 'Park or nature reserve', street: 'Street',
    residential: 'Residential area or building', facility: 'Facility', other: 'Other',
  },
  nameStatuses: { standard: 'Standard', proposed: 'Proposed', abolished: 'Abolished' },
  dataSources: { generated: 'Sample data (generated), not a real name', census: 'Second National Place-Name Census', register: "The bureau's register" } as Record<string, string>,
  yes: 'Yes',
  no: 'No',
  formerYears: '{name} ({from}–{to})',
  sampleActor: 'Sample data (generated)',
  locationChanged: 'Location changed',
  generatedChip: 'Sample (generated)',
  openCaseExists: 'A case is under way',
  suggestion: 'Suggested spelling: {spelling}',
  newName: '+ Proposed name',
  newTitle: 'New proposed name',
  newNote: 'Saved as a proposed name; its record then offers the naming application, and approval makes it a standard name.',
  shapePoint: 'Point: click where it is',
  shapeLine: 'Line: click along it, point by point',
  draftNone: 'Not yet placed on the map',
  draftPoint: 'Placed (click again to move it)',
  draftLine: '{n} point(s) drawn (at least 2)',
  clearShape: 'Start the shape again',
  placeFirst: 'Place it on the map first (a line takes at least 2 points)',
}

type Strings = typeof zhCN
type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings]

/** The place-names mode's strings in the current language. */
export function pnStrings(): Strings {
  return currentLang() === 'en' ? en : zhCN
}

/** A place-names string with `{name}` placeholders filled in. */
export function pt(key: TextKey, values: Record<string, string | number> = {}): string {
  return pnStrings()[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
}

/** A case's parameter in people's words (a step, a status, a report kind), for the error texts; undefined for other parameters. */
export function caseParamText(name: string, value: string): string | undefined {
  const s = pnStrings()
  if (name === 'step') return s.stepNames[value] ?? value
  if (name === 'case_status') return s.caseStatuses[value] ?? value
  if (name === 'case_kind') return s.caseKinds[value] ?? value
  if (name === 'name_status') return s.nameStatuses[value] ?? value
  if (name === 'reports') return s.reportKinds[value] ?? value
  return undefined
}

/** The label of a case's or a place name's field, or undefined. */
export function caseFieldLabel(field: string): string | undefined {
  const report = /^reports\.(\w+)$/.exec(field)
  if (report) return pnStrings().reportKinds[report[1]!]
  const file = /^file_ids\.(\d+)$/.exec(field)
  if (file) return `${pnStrings().field.file_ids} ${Number(file[1]) + 1}`
  return pnStrings().field[field]
}
