import { currentLang, strings } from './index'
import { caseFieldLabel, caseParamText } from './place-names'

/**
 * The web app's own text for every error code the server sends (server/http/error-codes.ts),
 * in both languages; `{name}` is filled from the error's params, with field names, county
 * names and collection titles put in people's words. errors.test.ts checks that no code
 * is missing.
 */
export const ERROR_TEXT: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': {
    invalid_request: '请求有误，请检查各项内容',
    not_found: '找不到所请求的内容',
    unknown_collection: '没有“{collection}”这一数据集',
    unknown_feature: '{collection}中没有这条记录（可能已被删除）',
    unknown_user: '没有这个用户',
    unknown_token: '没有这个有效的令牌',
    read_only_collection: '{collection}不能编辑',
    sign_in_required: '请先登录',
    bad_credentials: '用户名或密码不正确',
    bad_token: '令牌无效或已吊销，请使用有效的令牌',
    bad_authorization: '认证信息的格式不正确',
    role_required: '没有权限：需要以下角色之一：{roles}',
    outside_scope: '您只能编辑{allowed}的{collection}，这条记录位于{counties}',
    import_outside_scope: '有 {count} 行的社区不在您可编辑的县（市、区）内，未导入任何数据',
    csrf_token_required: '会话已失效，请刷新页面后重试',
    cross_site_write: '其他网站的页面不能修改这里的数据',
    too_many_attempts: '失败次数过多，请 {minutes} 分钟后再试',
    precondition_required: '缺少版本信息，请重新加载后再改',
    stale_version: '他人已修改此记录，请重新加载后再改',
    conflict: '与已保存的数据冲突',
    import_rows_gone: '检查文件期间有社区被删除，请重新检查',
    import_invalid: '文件有 {count} 处错误（列出 {listed} 处），未导入任何数据',
    roads_file_invalid: '路网文件无法导入，未导入任何数据',
    unknown_file: '找不到这个文件（可能已被删除）',
    protected_name_rename: '“{name}”列入地名保护名录（《地名管理条例》第十条、第二十五条），不能直接改名：请办理更名案件，先记录保护措施',
    file_too_large: '文件太大（上限 {max}）',
    file_type_not_allowed: '文件是 {type} 格式，这里只收 {allowed}',
    file_type_mismatch: '文件名或类型标为 {claimed}，但内容是 {type}',
    image_too_large: '图片有 {width} × {height} 像素，超过上限 {max}',
    file_empty: '文件是空的',
    file_unreadable: '不是可读的 {type} 文件（已损坏，或与所标类型不符）',
    payload_too_large: '提交的内容太大（上限 {limit}）',
    request_too_large: '请求的参数太长，请减少筛选条件',
    unsupported_media_type: '文件类型不对，请提交 {expected}',
    web_app_not_built: '网页程序尚未构建',
    internal_error: '服务器出错，已记录日志，请稍后再试',
    unknown_indicator: '指标表中没有第 {id} 项（各项为 {ids}）',
    unknown_case: '没有这个命名更名案件',
    unknown_inspection: '没有这次界线联检',
    unknown_round: '没有第 {round} 轮联检',
    unknown_line: '没有这条界线',
    not_a_side: '您不属于{line}任何一侧（{sides}）的联检组；请管理员将您加入本方单位',
    inspection_closed: '{line}第 {round} 轮联检已归档，检查结果不能再修改',
    stale_findings: '您确认的是第 {version} 版检查结果，现已是第 {current} 版：请查看变更后重新确认',
    nothing_to_confirm: '{line}还没有可确认的检查结果',
    bad_transition: '联检状态不能这样变更',
    registered_position_locked: '界桩 {number} 的登记位置只能通过双方确认的检查结果变更：在本线联检中记录“移位”（或“重建”）及实测位置并选择登记新位置，经双方确认后生效',
    pdf_font_missing: '服务器缺少生成 PDF 所需的中文字体（{path}）',
    required: '必须填写',
    wrong_type: '类型不对（应为{expected}）',
    not_integer: '必须是整数',
    not_finite: '必须是有效的数字',
    too_small: '不能小于 {minimum}',
    too_big: '不能大于 {maximum}',
    too_short: '至少 {minimum} 个字',
    too_long: '最多 {maximum} 个字',
    too_few_items: '至少选 {minimum} 项',
    too_many_items: '最多选 {maximum} 项',
    empty: '不能为空',
    not_one_of: '必须是以下之一：{options}',
    bad_format: '格式不正确',
    bad_township_code: '必须是 9 位乡镇（街道）代码',
    bad_county_code: '必须是 6 位县级区划代码',
    bad_community_code: '必须是 12 位社区（村）代码',
    bad_username: '用户名须为 2–64 位字母、数字或 _ . -',
    unknown_field: '不是可填写的字段',
    unknown_parameter: '不是可用的参数',
    repeated_parameter: '只能给一次',
    nul_character: '含有无法保存的空字符（NUL）',
    invalid_unicode: '含有损坏的字符（文件编码有误），请检查后重新提交',
    invalid_json: '不是有效的 JSON',
    nested_too_deep: '嵌套超过 {maximum} 层',
    incomplete_body: '提交的内容不完整，请重试',
    not_a_date: '必须是日期（年-月-日）',
    not_a_timestamp: '必须是日期或时间',
    not_on_calendar: '日历上没有这一天',
    date_out_of_range: '必须在 {minimum} 至 {maximum} 之间',
    bad_utc_offset: '时区偏移超出范围（±15:59）',
    exceeds: '不能超过{other}',
    exceeds_figure: '不能超过{other}（{value}）',
    required_when: '{other}为“{value}”时必须填写',
    taken: '已被占用',
    unknown_reference: '引用的对象不存在',
    unknown_counties: '不是本市的县（市、区）：{codes}',
    breaks_rule: '不符合数据规则（{rule}）',
    immutable: '不能修改，请新建一条记录',
    self_lockout: '不能停用自己或取消自己的管理员角色，请让其他管理员操作',
    last_admin: '这样会没有可用的管理员',
    wrong_password: '不正确',
    bad_etag: '版本标记不正确',
    bad_bbox_count: '范围应为 4 个数字（实际 {count} 个）',
    bad_bbox_number: '“{value}”不是数字',
    bad_bbox_range: '经度须在 -180..180、纬度须在 -90..90 之间',
    bad_bbox_order: '范围须先写左下角',
    unsupported_crs: '只支持 {crs}',
    unsupported_format: '不支持的格式“{value}”',
    bad_position: '坐标须为 [经度, 纬度]',
    too_few_positions: '至少需要 {minimum} 个点',
    ring_not_closed: '范围的边界须首尾相接',
    wrong_geometry_type: '几何类型不对（应为 {expected}）',
    longitude_range: '经度 {value} 超出 -180..180',
    latitude_range: '纬度 {value} 超出 -90..90（经纬度是否写反了？）',
    antipodal_edge: '有一条边从一极连到另一极，无法在地球上量算',
    crosses_antimeridian: '跨越了 180° 经线或环绕全球，无法保存',
    invalid_geometry: '图形无效：{kind}',
    outside_city: '位于{city}之外 {distance}（最近：{nearest}）',
    partly_outside_city: '有一部分（{area}）超出{city}范围',
    swapped_coordinates: '不在{city}内，但经纬度对调后在市内：坐标可能写成了 [纬度, 经度]',
    csv_empty: '文件是空的：第一行应为列名（{columns}），之后每行一条记录',
    csv_no_rows: '只有列名，没有数据行',
    csv_missing_column: '表头缺少这一列',
    csv_repeated_column: '表头中这一列出现了 {count} 次',
    csv_unclosed_quote: '引号没有闭合',
    csv_text_after_quote: '引号后面还有文字（引号内的引号要写两次）',
    csv_wrong_cell_count: '有 {count} 格，表头只有 {expected} 列（数字里的逗号是否没加引号？）',
    not_a_number: '应为数字，而不是“{value}”',
    not_a_feature_collection: '不是 GeoJSON FeatureCollection：请上传 FeatureCollection，或第一行为列名的 CSV',
    no_features: '没有任何要素',
    too_many_rows: '超过 {maximum} 条记录，请拆分为较小的文件后分别导入',
    not_a_feature: '不是 GeoJSON 要素（应为含 "type": "Feature"、geometry 和 properties 的对象）',
    not_a_count: '必须是整数人数，不能是“{value}”（不要小数和千分位逗号）',
    outside_counties: '位于{county}，不在您可编辑的范围（{allowed}）内',
    code_as_number: '“{value}”不是 12 位代码：表格软件把它变成了数字，请把这一列设为文本',
    repeated_code: '与第 {first_row} 行重复',
    repeated_feature_code: '与第 {first_row} 个要素重复',
    unknown_community: '没有代码为 {code} 的社区（村）（或已删除）',
    exact_without_capacity: '“精确求解”不支持服务容量：请去掉容量，或改用“贪心”方法',
    not_a_road_network: '不是路网文件：请提交线要素的 GeoJSON（FeatureCollection）或 OpenStreetMap 的 .osm.pbf 文件',
    damaged_road_network: '{format} 文件已损坏：{problem}',
    no_walkable_ways: '文件中没有可步行的道路（读到 {read} 条线，跳过原因：{skipped}）',
    not_chinese_name: '须是汉字书写的地名（可含数字和“·”，不能含拉丁字母或其他符号）',
    nonstandard_character: '含《通用规范汉字表》（2013）未收的字“{characters}”：新命名或更名的地名须使用表内的 8105 个规范汉字（使用国家通用语言文字，避免生僻字）',
    traditional_character: '含繁体字“{characters}”：新命名或更名的地名须使用规范汉字，应写作“{suggestion}”',
    digits_in_name: '数字须用汉字书写（三八路，不写作 38路）：标准名称不含阿拉伯数字',
    tone_marks: '不标声调（Zhongxing Lu，不写作 Zhōngxīng Lù）',
    bad_place_name_code: '须是县级区划代码、PN 和 5 位序号，如 410425PN00001',
    bad_former_name: '须写作“名称|起年|止年”，如 湛南路|1958|1984（年份不详可留空）',
    indicator_not_entered: '指标表第 {id} 项不由人工填报，不能录入',
    step_out_of_order: '现在不能登记：案件处于“{case_status}”，下一步不是{step}',
    step_done: '已登记过：本案的{step}已完成',
    before_previous_step: '不能早于{other}（{date}）',
    date_in_future: '不能晚于今天（{today}）',
    reports_missing: '批准前须有以下报告：{reports}',
    protection_measures_required: '该地名列入保护名录，批准更名或销名前须先登记保护措施（《地名管理条例》第十条、第二十五条）',
    case_open: '已有办理中的案件，请先办结、不予批准或撤回',
    wrong_status_for_case: '状态为“{name_status}”的地名不能申请{case_kind}',
    same_as_current: '与现用名称相同',
    not_applicable: '{case_kind}案件不填此项',
    not_search_text: '请输入汉字地名或其拼音（字母、空格、隔音符号）',
    duplicate_name: '与{names}重名（{scope}），请核实后决定',
    homophone_name: '与{names}同音（拼写相同，不计声调；{scope}），请核实后决定',
    // Place-name signs.
    unknown_sign: '没有编码为 {code} 的地名标志',
    unknown_work_item: '待办队列中没有这一项',
    bad_sign_code: '须是 11 位数字加 1 位校验码（0–9 或 X，ISO 7064 MOD 11-2），如 41040200017X',
    sign_removed: '此标志已拆除，不能再巡检',
    position_required: '必填：请给出位置，或附带含位置信息的照片',
    work_item_closed: '此项已{state}，只有待处理或已分派的项可以修改',
    merge_into_self: '不能合并到自身',
    merge_other_sign: '须是同一标志的待办项',
    print_filter_required: '请按编码、县（市、区）、街路巷或框选范围选择标志',
    too_many_signs: '选中了 {count} 个标志，一次最多打印 {max} 个',
    bad_marker_number: '应为界线代码、从 001 起的三位序号和类型码（Q 单立，A/B 双立，C/D/E 三立），例如 {example}',
    marker_number_wrong_line: '应以所在界线的代码 {prefix} 开头',
    marker_letter_kind: '类型码 {letter} 与界桩类型不符（应为 {letters}）',
    marker_side_letter: '双立界桩 {letter} 应位于 {expected} 一侧（A 位于代码较小的一侧）',
    bad_reference_object: '应写作 名称|方位角|距离，例如 电杆|45|18.5（方位角 0–359.9 度，距离单位为米）',
    marker_not_on_line: '界桩 {number} 属于另一条界线，不在本线上',
    too_far_from_marker: '距 {number} 的登记位置 {distance_m} 米，超过 {maximum} 米，不是这个界桩',
    wrong_file_type: '文件类型（{type}）不符合要求，应为 {allowed}',
  },
  en: {
    invalid_request: 'The request has errors; check each entry',
    not_found: 'Nothing was found there',
    unknown_collection: 'There is no data set “{collection}”',
    unknown_feature: '{collection} has no such record (it may have been deleted)',
    unknown_user: 'There is no such user',
    unknown_token: 'You have no such live token',
    read_only_collection: '{collection} cannot be edited',
    sign_in_required: 'Please sign in first',
    bad_credentials: 'Wrong user name or password',
    bad_token: 'The token is unknown or revoked; use a live token',
    bad_authorization: 'The credentials are not in a form the service reads',
    role_required: 'Not allowed: this needs one of the roles {roles}',
    outside_scope: 'You may edit {collection} only in {allowed}; this record is in {counties}',
    import_outside_scope: '{count} row(s) are communities outside the counties you may edit; nothing was imported',
    csrf_token_required: 'The session has expired; reload the page and try again',
    cross_site_write: 'A page of another site may not change data here',
    too_many_attempts: 'Too many failed attempts; try again in {minutes} minutes',
    precondition_required: 'The version is missing; reload and apply your change again',
    stale_version: 'Someone else changed this record; reload it and apply your change again',
    conflict: 'This conflicts with what is stored',
    import_rows_gone: 'Some communities were deleted while the file was checked; check it again',
    import_invalid: 'The file has {count} error(s) ({listed} listed); nothing was imported',
    roads_file_invalid: 'The road network file cannot be imported; nothing was imported',
    unknown_file: 'There is no such file (it may have been deleted)',
    protected_name_rename: '“{name}” is on a protection list (条例 arts. 10, 25): rename it through a renaming case, which records its protection measures first',
    file_too_large: 'The file is too large (at most {max})',
    file_type_not_allowed: 'The file is {type}; only {allowed} are taken here',
    file_type_mismatch: 'The file is named or typed as {claimed}, but it is {type}',
    image_too_large: 'The picture has {width} × {height} pixels, more than {max}',
    file_empty: 'The file is empty',
    file_unreadable: 'Not a readable {type} file (damaged, or not what it claims)',
    payload_too_large: 'What was sent is too large (at most {limit})',
    request_too_large: 'The request’s parameters are too long; use fewer filters',
    unsupported_media_type: 'Wrong file type; send {expected}',
    web_app_not_built: 'The web app has not been built',
    internal_error: 'The server failed; the error is logged. Please try again later',
    unknown_indicator: 'The indicator table has no row {id} (its rows: {ids})',
    unknown_case: 'There is no such naming case',
    unknown_inspection: 'There is no such boundary inspection',
    unknown_round: 'There is no inspection round {round}',
    unknown_line: 'There is no such boundary line',
    not_a_side: 'You are on the team of neither side of {line} ({sides}); ask an administrator to attach you to your unit',
    inspection_closed: 'The inspection of {line} in round {round} is filed: its findings can no longer change',
    stale_findings: 'You confirmed version {version} of the findings; they are at version {current} now: look at what changed and confirm again',
    nothing_to_confirm: 'There are no findings of {line} to confirm yet',
    bad_transition: 'The inspection cannot move to that status now',
    registered_position_locked: 'The registered position of marker {number} changes only through an agreed finding: record it as displaced (or rebuilt) with the measured position and “register”, and have both sides confirm',
    pdf_font_missing: 'The server lacks the Chinese font the PDF needs ({path})',
    required: 'is required',
    wrong_type: 'has the wrong type (should be {expected})',
    not_integer: 'must be a whole number',
    not_finite: 'must be a valid number',
    too_small: 'must be at least {minimum}',
    too_big: 'must be at most {maximum}',
    too_short: 'needs at least {minimum} character(s)',
    too_long: 'has at most {maximum} characters',
    too_few_items: 'choose at least {minimum}',
    too_many_items: 'choose at most {maximum}',
    empty: 'must not be empty',
    not_one_of: 'must be one of: {options}',
    bad_format: 'is not in the right format',
    bad_township_code: 'must be a 9-digit township code',
    bad_county_code: 'must be a 6-digit county-level code',
    bad_community_code: 'must be a 12-digit community or village code',
    bad_username: 'must be 2–64 letters, digits, _ . or -',
    unknown_field: 'is not a field that can be set',
    unknown_parameter: 'is not a parameter here',
    repeated_parameter: 'may be given only once',
    nul_character: 'contains a NUL character, which cannot be stored',
    invalid_unicode: 'contains damaged characters (a wrong file encoding); check the file and send it again',
    invalid_json: 'is not valid JSON',
    nested_too_deep: 'nests deeper than {maximum} levels',
    incomplete_body: 'did not arrive whole; please try again',
    not_a_date: 'must be a date (year-month-day)',
    not_a_timestamp: 'must be a date or a time',
    not_on_calendar: 'is not a day on the calendar',
    date_out_of_range: 'must be from {minimum} to {maximum}',
    bad_utc_offset: 'has a time-zone offset beyond ±15:59',
    exceeds: 'cannot exceed {other}',
    exceeds_figure: 'cannot exceed {other} ({value})',
    required_when: 'is required when {other} is “{value}”',
    taken: 'is taken',
    unknown_reference: 'refers to something that does not exist',
    unknown_counties: 'are not counties of this city: {codes}',
    breaks_rule: 'breaks a data rule ({rule})',
    immutable: 'cannot be changed; create a new record instead',
    self_lockout: 'you cannot disable yourself or drop your own admin role; ask another admin',
    last_admin: 'would leave no active administrator',
    wrong_password: 'is wrong',
    bad_etag: 'is not a version of this record',
    bad_bbox_count: 'must be 4 numbers (got {count})',
    bad_bbox_number: '“{value}” is not a number',
    bad_bbox_range: 'longitudes must be within -180..180 and latitudes within -90..90',
    bad_bbox_order: 'the lower-left corner comes first',
    unsupported_crs: 'only {crs} is supported',
    unsupported_format: 'the format “{value}” is not offered',
    bad_position: 'a position is [longitude, latitude]',
    too_few_positions: 'needs at least {minimum} points',
    ring_not_closed: 'an area’s outline must end where it starts',
    wrong_geometry_type: 'has the wrong geometry type (should be {expected})',
    longitude_range: 'longitude {value} is outside -180..180',
    latitude_range: 'latitude {value} is outside -90..90 (are longitude and latitude swapped?)',
    antipodal_edge: 'has an edge from one pole to the other, which cannot be measured on the globe',
    crosses_antimeridian: 'crosses the 180° meridian or goes round the world; it cannot be stored',
    invalid_geometry: 'is not a valid shape: {kind}',
    outside_city: 'is {distance} outside {city} (nearest: {nearest})',
    partly_outside_city: 'part of it ({area}) lies outside {city}',
    swapped_coordinates: 'lies outside {city} but would lie inside with its coordinates swapped: they look like [latitude, longitude]',
    csv_empty: 'is empty: the first row names the columns ({columns}), then one row per record',
    csv_no_rows: 'has the column names but no data rows',
    csv_missing_column: 'this column is missing from the header',
    csv_repeated_column: 'this column appears {count} times in the header',
    csv_unclosed_quote: 'a quote is not closed',
    csv_text_after_quote: 'text follows a closing quote (a quote inside quotes is written twice)',
    csv_wrong_cell_count: 'has {count} cells but the header has {expected} columns (an unquoted comma in a number?)',
    not_a_number: 'must be a number, not “{value}”',
    not_a_feature_collection: 'is not a GeoJSON FeatureCollection: send one, or a CSV whose first row names the columns',
    no_features: 'has no features',
    too_many_rows: 'holds more than {maximum} records: split it into smaller files',
    not_a_feature: 'is not a GeoJSON Feature (an object with "type": "Feature", a geometry and properties)',
    not_a_count: 'must be a whole number of people, not “{value}” (no decimals, no thousands separators)',
    outside_counties: 'lies in {county}, outside the counties you may edit ({allowed})',
    code_as_number: '“{value}” is not a 12-digit code: a spreadsheet turned it into a number; format the column as text',
    repeated_code: 'repeats row {first_row}',
    repeated_feature_code: 'repeats feature {first_row}',
    unknown_community: 'no community or village has the code {code} (or it was deleted)',
    exact_without_capacity: 'the exact method solves without a capacity: leave the capacity out, or use the greedy method',
    not_a_road_network: 'is not a road network: send a GeoJSON FeatureCollection of lines or an OpenStreetMap .osm.pbf extract',
    damaged_road_network: 'is a damaged {format} file: {problem}',
    no_walkable_ways: 'has no road or path people can walk on ({read} line(s) read; skipped: {skipped})',
    not_chinese_name: 'must be a place name in Chinese characters (digits and · allowed, no Latin letters or other signs)',
    nonstandard_character:
      'writes {characters}, which the 通用规范汉字表 (2013) does not hold: a name given or changed is written in its 8,105 characters (条例 2022: the national common script, no rare characters)',
    traditional_character: 'writes {characters} in traditional form: a name given or changed is written in the 通用规范汉字表 (2013), here {suggestion}',
    digits_in_name: 'must write its numbers in Chinese characters (三八路, not 38路): a standard name has no Arabic digits',
    tone_marks: 'must be written without tone marks (Zhongxing Lu, not Zhōngxīng Lù)',
    bad_place_name_code: 'must be a county-level code, PN and a 5-digit serial number, e.g. 410425PN00001',
    bad_former_name: 'must be written name|from year|to year, e.g. 湛南路|1958|1984 (a year may be left empty)',
    indicator_not_entered: 'row {id} of the indicator table is not entered by hand; it takes no entries',
    step_out_of_order: 'cannot be recorded now: the case is {case_status}, and {step} does not come next',
    step_done: 'is recorded already: the {step} of this case is done',
    before_previous_step: 'must not be before {other} ({date})',
    date_in_future: 'must not be after today ({today})',
    reports_missing: 'approval needs these reports first: {reports}',
    protection_measures_required: 'the name is on a protection list: record its protection measures before approving a rename or abolition (地名管理条例 arts. 10, 25)',
    case_open: 'has a case under way already; finish, reject or withdraw it first',
    wrong_status_for_case: 'a name that is {name_status} cannot have a {case_kind} case',
    same_as_current: 'is the current name',
    not_applicable: 'does not apply to a {case_kind} case',
    not_search_text: 'type a name in Chinese characters or its pinyin (letters, spaces, apostrophes)',
    duplicate_name: 'has the same name as {names} ({scope}); check before deciding',
    homophone_name: 'sounds like {names} (the same spelling, tones ignored; {scope}); check before deciding',
    // Place-name signs.
    unknown_sign: 'There is no place-name sign {code}',
    unknown_work_item: 'There is no such item in the queue',
    bad_sign_code: 'must be 11 digits and a check character (0–9 or X, ISO 7064 MOD 11-2), e.g. 41040200017X',
    sign_removed: 'the sign is removed: it can no longer be inspected',
    position_required: 'is required: send the position, or a photo that records one',
    work_item_closed: 'the item is {state}: only open or assigned items can change',
    merge_into_self: 'an item cannot be merged into itself',
    merge_other_sign: 'must be an item of the same sign',
    print_filter_required: 'give codes, county, street or bbox to choose the signs',
    too_many_signs: 'chooses {count} signs; a sheet holds at most {max}',
    bad_marker_number: 'must be the line’s code, a 3-digit sequence from 001 and a type letter (Q single, A/B a pair, C/D/E a set), e.g. {example}',
    marker_number_wrong_line: 'must begin with its line’s code {prefix}',
    marker_letter_kind: 'has the letter {letter}, which does not fit the marker’s kind (should be {letters})',
    marker_side_letter: 'marker {letter} of a pair stands on the side of {expected} (A on the side of the smaller code)',
    bad_reference_object: 'must be written what|bearing|distance, e.g. 电杆|45|18.5 (bearing 0–359.9°, distance in metres)',
    marker_not_on_line: 'marker {number} is on another line, not on this one',
    too_far_from_marker: 'is {distance_m} m from the registered position of {number}, more than {maximum} m: not this marker',
    wrong_file_type: 'has the wrong file type ({type}); it must be {allowed}',
  },
}

/** An error as the server sends it (a problem, or an entry of its `errors[]`). */
export type ErrorLike = { code?: string; params?: Record<string, unknown>; reason?: string; detail?: string; title?: string; status?: number }

const countyNames = new Map<string, string>()
const collectionTitles = new Map<string, Record<'zh-CN' | 'en', string>>()

/** Teaches the messages the names of counties (by code), so that people read names, not codes. */
export function setCountyNames(names: Iterable<[string, string]>): void {
  for (const [code, name] of names) countyNames.set(code, name)
}

/** Teaches the messages the titles of collections (by id), in both languages. */
export function setCollectionTitle(id: string, title: Record<'zh-CN' | 'en', string>): void {
  collectionTitles.set(id, title)
}

/** A field as people call it: `properties.beds` → 床位, `geometry…` → 位置, `row 3: population` → 第 3 行 人口, `feature 2: name` → 第 2 个要素 标准名称. */
export function fieldLabel(field: string): string {
  const s = strings()
  // A row of a CSV, or a feature of a GeoJSON file, and its field (`former_names.0` is that field).
  const row = /^(row|feature) (\d+)(?:: (.+))?$/.exec(field)
  if (row) {
    const at = (row[1] === 'row' ? s.csvRowLabel : s.featureLabel).replace('{row}', row[2]!)
    return [at, row[3] ? fieldLabel(row[3].replace(/^(\w+)\.\d+$/, '$1')) : ''].filter(Boolean).join(' ')
  }
  if (field === 'geometry' || field.startsWith('geometry.')) return s.location
  // A what-if facility or a candidate site of a coverage request, by its place in the list.
  const item = /^(facilities|candidates)\.(\d+)(?:\.(\w+))?$/.exec(field)
  if (item) {
    const label = (item[1] === 'facilities' ? s.trialFacilityLabel : s.candidateLabel).replace('{n}', String(Number(item[2]) + 1))
    return item[3] ? `${label} ${fieldLabel(item[3])}` : label
  }
  const name = field.replace(/^properties\./, '')
  return (s.fieldNames as Record<string, string>)[name] ?? (s.errorFieldNames as Record<string, string>)[name] ?? caseFieldLabel(name) ?? name
}

const COUNTY_PARAMS = new Set(['allowed', 'counties', 'county', 'codes'])

function paramText(name: string, value: unknown): string {
  const list = Array.isArray(value) ? value.map(String) : [String(value)]
  const lang = currentLang()
  const words = list.map((v) => {
    if (COUNTY_PARAMS.has(name)) return v === 'none' ? strings().noCounty : (countyNames.get(v) ?? v)
    if (name === 'collection') return collectionTitles.get(v)?.[lang] ?? v
    const caseWord = caseParamText(name, v)
    if (caseWord !== undefined) return caseWord
    if (name === 'other') return fieldLabel(v)
    if (name === 'roles') return strings().roleNames[v] ?? v
    if (name === 'kind') return strings().geometryProblems[v] ?? strings().geometryProblems.other!
    if (name === 'expected') return strings().jsonTypes[v] ?? v
    if (name === 'scope') return strings().clashScopes[v] ?? v
    return v
  })
  return words.join(lang === 'en' ? ', ' : '、')
}

/** A distance or an area in the interface's units, from the metres the server sends beside its English text. */
function measures(params: Record<string, unknown>): Record<string, unknown> {
  const s = strings()
  const out = { ...params }
  if (typeof params.distance_m === 'number') {
    const m = params.distance_m
    out.distance = m < 1000 ? `${Math.max(1, Math.round(m))} ${s.metres}` : `${(m / 1000).toFixed(1)} ${s.km}`
  }
  if (typeof params.area_m2 === 'number') {
    const m2 = params.area_m2
    out.area = m2 < 1e6 ? `${Math.max(1, Math.round(m2))} ${s.squareMetres}` : `${(m2 / 1e6).toFixed(2)} ${s.km2}`
  }
  return out
}

/** The app's own sentence for one error code with its params; the server's English as a last resort. */
export function errorMessage(error: ErrorLike): string {
  const template = error.code ? ERROR_TEXT[currentLang()][error.code] : undefined
  if (!template) return error.reason ?? error.detail ?? error.title ?? ''
  const params = measures(error.params ?? {})
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? paramText(name, params[name]) : whole))
}

/** Everything a problem says, in the current language: each field with its message, or the problem's own. */
export function problemMessage(problem: ErrorLike & { errors?: ({ field: string } & ErrorLike)[] }): string {
  const s = strings()
  if (!problem.errors?.length) return errorMessage(problem)
  const fields = problem.errors.map((e) => `${fieldLabel(e.field)}${s.colon}${errorMessage(e)}`).join(s.semicolon)
  if (problem.code === 'invalid_request' || !problem.code) return fields
  return currentLang() === 'en' ? `${errorMessage(problem)} (${fields})` : `${errorMessage(problem)}（${fields}）`
}
