// Words of the page in Chinese (the default) and English. `t(key, vars)` picks the current
// language; `{name}` placeholders are filled from `vars`.

const STRINGS = {
  zh: {
    'nav.alerts': '预警', 'nav.search': '搜索', 'nav.paths': '关系路径', 'nav.portraits': '画像',
    signout: '退出', lang: 'English',
    'signin.title': '登录', 'signin.token': '访问令牌', 'signin.submit': '登录',
    'signin.help': '请输入管理员用 guanxi token create 生成的令牌。令牌只保存在本标签页中。',
    'signin.bad': '令牌无效或已失效。',
    'error.forbidden': '无权限：', 'error.unavailable': '数据库暂时不可用，请稍后再试。',
    'error.generic': '出错了：', loading: '加载中…', none: '无',
    'alerts.title': '预警', 'alerts.pattern': '模式', 'alerts.severity': '严重程度', 'alerts.status': '状态',
    'alerts.sort': '排序', 'alerts.org': '单位', 'alerts.all': '全部', 'alerts.summary': '摘要',
    'alerts.last_seen': '最近发现', 'alerts.first_seen': '首次发现', 'alerts.total': '共 {n} 条',
    'alerts.empty': '没有符合条件的预警。', 'alerts.prev': '上一页', 'alerts.next': '下一页',
    'alerts.page': '第 {page} / {pages} 页', 'alerts.clear_org': '清除单位筛选',
    'sort.severity': '严重程度', 'sort.last_seen': '最近发现', 'sort.first_seen': '首次发现', 'sort.pattern': '模式',
    'severity.high': '高', 'severity.medium': '中', 'severity.low': '低',
    'status.new': '新', 'status.in_review': '核查中', 'status.confirmed': '已确认', 'status.dismissed': '已排除', 'status.retired': '已失效',
    'alert.back': '← 返回预警列表', 'alert.subjects': '涉及对象', 'alert.evidence': '证据关系图',
    'alert.records': '来源记录', 'alert.file': '文件', 'alert.line': '行', 'alert.what': '内容',
    'alert.derived': '（推导）', 'alert.triage': '研判', 'alert.note': '说明', 'alert.save': '保存研判',
    'alert.saved': '已保存。', 'alert.history': '处置记录', 'alert.by': '操作人',
    'search.title': '搜索', 'search.placeholder': '姓名、拼音、编号、身份证号、信用代码或电话',
    'search.submit': '搜索', 'search.empty': '没有找到。', 'search.kind': '类别', 'search.name': '名称',
    'search.id': '编号', 'search.context': '说明',
    'entity.properties': '属性', 'entity.provenance': '来源', 'entity.identity': '身份关联',
    'entity.positions': '职务', 'entity.roles': '企业任职', 'entity.kin': '亲属（回避范围）',
    'entity.ties': '登记的亲属关系', 'entity.alerts': '相关预警', 'entity.graph': '关系图',
    'entity.graph_help': '点击节点展开其关系；双击打开其实体页。',
    'entity.paths_from': '从此处查找关系路径', 'entity.open': '打开实体页', 'entity.expand': '展开',
    'entity.same_as': '确定同一人/同一主体', 'entity.possibly_same_as': '疑似同一（待核）',
    'entity.truncated': '节点过多，部分未显示。',
    'history.title': '变更历史', 'history.at': '时间', 'history.relationship': '关系', 'history.property': '属性',
    'history.old': '原值', 'history.new': '新值', 'history.by': '操作人', 'history.source': '来源（文件:行）',
    'history.run': '导入批次', 'history.cleared': '（已清除）', 'history.empty': '没有变更记录。', 'history.older': '更早的变更',
    'paths.title': '关系路径', 'paths.from': '起点', 'paths.to': '终点', 'paths.max_hops': '最多跳数',
    'paths.submit': '查找', 'paths.none': '在跳数范围内没有找到路径。', 'paths.path': '路径 {n}（{len} 步）',
    'paths.hint': '输入编号，或输入姓名后从候选中选择。',
    'portraits.title': '画像', 'portraits.region': '地区', 'portraits.submit': '查看',
    'portraits.placeholder': '例如 青溪县', 'portraits.org': '单位', 'portraits.kind': '类型',
    'portraits.overall': '综合风险', 'portraits.level': '等级', 'portraits.peers': '同类单位数',
    'portraits.alerts': '查看该单位预警', 'portraits.dimension': '维度', 'portraits.score': '得分',
    'portraits.raw': '原始值', 'portraits.indicators': '指标', 'portraits.empty': '该地区没有单位。',
    'portraits.ask': '请输入地区名称。',
    'level.high': '高', 'level.medium': '中', 'level.low': '低',
    'nav.identity': '身份核查', 'identity.title': '身份核查',
    'identity.help': '系统认为可能是同一人的两条人员记录。确认后按同一人计入亲属关系和预警（下次扫描起）；排除后不再提示。',
    'identity.status.pending': '待核查', 'identity.status.confirmed': '已确认同一人', 'identity.status.rejected': '已排除',
    'identity.field.name': '姓名', 'identity.field.birth_date': '出生日期', 'identity.field.gender': '性别',
    'identity.field.id_number': '身份证号', 'identity.field.phone': '电话', 'identity.field.address': '地址',
    'identity.field.source': '来源（文件:行）', 'identity.invalid': '（无效）', 'identity.score': '相似度',
    'identity.reason': '依据', 'identity.confirm': '确认同一人', 'identity.reject': '不是同一人',
    'identity.undo': '撤销决定', 'identity.empty': '没有此状态的候选。', 'identity.done': '已保存：{status}',
    'vendor.missing': '图形库未能加载，关系图和雷达图不可用：',
    'orgkind.county': '县', 'orgkind.town': '镇', 'orgkind.village': '村', 'orgkind.community': '社区',
    'orgkind.department': '部门', 'orgkind.other': '其他',
    'kind.Person': '人员', 'kind.Official': '公职人员', 'kind.Company': '企业', 'kind.Org': '单位',
    'kind.Contract': '合同', 'kind.Payment': '款项', 'kind.Tip': '举报', 'kind.Entity': '实体',
  },
  en: {
    'nav.alerts': 'Alerts', 'nav.search': 'Search', 'nav.paths': 'Link finder', 'nav.portraits': 'Portraits',
    signout: 'Sign out', lang: '中文',
    'signin.title': 'Sign in', 'signin.token': 'Access token', 'signin.submit': 'Sign in',
    'signin.help': 'Enter the token an administrator made with guanxi token create. It is kept in this tab only.',
    'signin.bad': 'The token is not valid.',
    'error.forbidden': 'Not allowed: ', 'error.unavailable': 'The database does not answer; try again shortly.',
    'error.generic': 'Something went wrong: ', loading: 'Loading…', none: 'none',
    'alerts.title': 'Alerts', 'alerts.pattern': 'Pattern', 'alerts.severity': 'Severity', 'alerts.status': 'Status',
    'alerts.sort': 'Sort', 'alerts.org': 'Org', 'alerts.all': 'All', 'alerts.summary': 'Summary',
    'alerts.last_seen': 'Last seen', 'alerts.first_seen': 'First seen', 'alerts.total': '{n} in all',
    'alerts.empty': 'No alerts match.', 'alerts.prev': 'Previous', 'alerts.next': 'Next',
    'alerts.page': 'Page {page} of {pages}', 'alerts.clear_org': 'Clear the org filter',
    'sort.severity': 'Severity', 'sort.last_seen': 'Last seen', 'sort.first_seen': 'First seen', 'sort.pattern': 'Pattern',
    'severity.high': 'high', 'severity.medium': 'medium', 'severity.low': 'low',
    'status.new': 'new', 'status.in_review': 'in review', 'status.confirmed': 'confirmed', 'status.dismissed': 'dismissed', 'status.retired': 'retired',
    'alert.back': '← Back to the alerts', 'alert.subjects': 'About', 'alert.evidence': 'Evidence graph',
    'alert.records': 'Source records', 'alert.file': 'File', 'alert.line': 'Line', 'alert.what': 'What',
    'alert.derived': ' (derived)', 'alert.triage': 'Triage', 'alert.note': 'Note', 'alert.save': 'Save',
    'alert.saved': 'Saved.', 'alert.history': 'History', 'alert.by': 'By',
    'search.title': 'Search', 'search.placeholder': 'Name, pinyin, id, ID number, credit code or phone',
    'search.submit': 'Search', 'search.empty': 'Nothing found.', 'search.kind': 'Kind', 'search.name': 'Name',
    'search.id': 'Id', 'search.context': 'Context',
    'entity.properties': 'Properties', 'entity.provenance': 'Source', 'entity.identity': 'Identity links',
    'entity.positions': 'Posts', 'entity.roles': 'Company roles', 'entity.kin': 'Relatives (recusal scope)',
    'entity.ties': 'Registered family ties', 'entity.alerts': 'Alerts', 'entity.graph': 'Graph',
    'entity.graph_help': 'Click a node to expand it; double-click to open its page.',
    'entity.paths_from': 'Find links from here', 'entity.open': 'Open its page', 'entity.expand': 'Expand',
    'entity.same_as': 'certainly the same', 'entity.possibly_same_as': 'possibly the same (to review)',
    'entity.truncated': 'Too many nodes: some are not shown.',
    'history.title': 'Change history', 'history.at': 'When', 'history.relationship': 'Relationship', 'history.property': 'Property',
    'history.old': 'Old value', 'history.new': 'New value', 'history.by': 'By', 'history.source': 'Source (file:line)',
    'history.run': 'Load run', 'history.cleared': '(cleared)', 'history.empty': 'No changes recorded.', 'history.older': 'Older changes',
    'paths.title': 'Link finder', 'paths.from': 'From', 'paths.to': 'To', 'paths.max_hops': 'Max hops',
    'paths.submit': 'Find', 'paths.none': 'No path within the hops allowed.', 'paths.path': 'Path {n} ({len} steps)',
    'paths.hint': 'Type an id, or a name and pick among the suggestions.',
    'portraits.title': 'Portraits', 'portraits.region': 'Region', 'portraits.submit': 'Show',
    'portraits.placeholder': 'e.g. 青溪县', 'portraits.org': 'Org', 'portraits.kind': 'Kind',
    'portraits.overall': 'Overall risk', 'portraits.level': 'Level', 'portraits.peers': 'Peers',
    'portraits.alerts': "See this org's alerts", 'portraits.dimension': 'Dimension', 'portraits.score': 'Score',
    'portraits.raw': 'Raw', 'portraits.indicators': 'Indicators', 'portraits.empty': 'No org in this region.',
    'portraits.ask': 'Enter a region.',
    'level.high': 'high', 'level.medium': 'medium', 'level.low': 'low',
    'nav.identity': 'Identity review', 'identity.title': 'Identity review',
    'identity.help': 'Two person records that may be one person. Confirmed, they count as one person for kinship and alerts (from the next scan); rejected, they are not proposed again.',
    'identity.status.pending': 'to review', 'identity.status.confirmed': 'confirmed same', 'identity.status.rejected': 'rejected',
    'identity.field.name': 'Name', 'identity.field.birth_date': 'Birth date', 'identity.field.gender': 'Gender',
    'identity.field.id_number': 'ID number', 'identity.field.phone': 'Phone', 'identity.field.address': 'Address',
    'identity.field.source': 'Source (file:line)', 'identity.invalid': '(invalid)', 'identity.score': 'Score',
    'identity.reason': 'Why', 'identity.confirm': 'Same person', 'identity.reject': 'Not the same',
    'identity.undo': 'Undo', 'identity.empty': 'No candidates with this status.', 'identity.done': 'Saved: {status}',
    'vendor.missing': 'The graph libraries did not load, so graphs and charts are unavailable: ',
    'orgkind.county': 'county', 'orgkind.town': 'town', 'orgkind.village': 'village', 'orgkind.community': 'community',
    'orgkind.department': 'department', 'orgkind.other': 'other',
    'kind.Person': 'Person', 'kind.Official': 'Official', 'kind.Company': 'Company', 'kind.Org': 'Org',
    'kind.Contract': 'Contract', 'kind.Payment': 'Payment', 'kind.Tip': 'Tip', 'kind.Entity': 'Entity',
  },
};

let current = sessionStorage.getItem('guanxi.lang') === 'en' ? 'en' : 'zh';

/** The current language: `zh` or `en`. */
export function lang() {
  return current;
}

/** Switches the language (kept for this tab). */
export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh';
  sessionStorage.setItem('guanxi.lang', current);
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}

/**
 * Adds a page module's own words, so that each screen (tips, cases, timeline, ...) keeps its
 * strings beside its code instead of every screen editing one table.
 */
export function addStrings(zh, en) {
  Object.assign(STRINGS.zh, zh);
  Object.assign(STRINGS.en, en);
}

/** A word of the page. */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Picks `zh` or `en` from a pair such as `{zh, en}` or `(title_zh, title_en)`. */
export function pick(zh, en) {
  return current === 'en' ? (en || zh || '') : (zh || en || '');
}
