//! Word lists: surnames with weights, given-name characters, counties, place-name
//! characters, roads, trade names and phone prefixes. Their order is part of the output:
//! draws pick by index.

/// Surnames with rough relative frequencies (per 10,000), with some of the Zhuji (诸暨)
/// flavour (斯, 寿, 楼, 宣, 骆, 何, 陈, 赵 ...). Heavy sharing is intended.
pub(super) const SURNAMES: &[(&str, u32)] = &[
    ("王", 710),
    ("李", 700),
    ("张", 670),
    ("刘", 540),
    ("陈", 520),
    ("杨", 310),
    ("赵", 230),
    ("黄", 220),
    ("周", 210),
    ("吴", 200),
    ("徐", 170),
    ("孙", 150),
    ("胡", 130),
    ("朱", 130),
    ("高", 120),
    ("林", 120),
    ("何", 120),
    ("郭", 110),
    ("马", 100),
    ("罗", 90),
    ("梁", 90),
    ("宋", 80),
    ("郑", 80),
    ("谢", 70),
    ("韩", 70),
    ("唐", 70),
    ("冯", 70),
    ("于", 60),
    ("董", 60),
    ("程", 60),
    ("曹", 60),
    ("袁", 50),
    ("邓", 50),
    ("许", 50),
    ("傅", 50),
    ("沈", 50),
    ("曾", 50),
    ("彭", 50),
    ("吕", 50),
    ("蒋", 40),
    ("蔡", 40),
    ("丁", 40),
    ("魏", 40),
    ("钱", 30),
    ("骆", 30),
    ("楼", 30),
    ("宣", 20),
    ("斯", 20),
    ("寿", 20),
    ("俞", 20),
];

/// Given-name characters of men born before 1975 (most of their names).
pub(super) const MALE_TRADITIONAL: &[&str] = &[
    "根", "福", "水", "土", "金", "生", "荣", "德", "发", "富", "祥", "财", "林", "国", "忠", "兴",
    "明", "华", "建", "军", "平", "春", "章", "炳", "阿",
];
/// Given-name characters of younger men (and of some older ones).
pub(super) const MALE_MODERN: &[&str] = &[
    "伟", "强", "军", "勇", "杰", "涛", "斌", "波", "辉", "刚", "峰", "磊", "超", "鹏", "浩", "宇",
    "俊", "晨", "家", "志", "文", "海", "飞", "宏", "立", "成", "凯", "亮", "军", "彬", "轩", "睿",
    "航", "博", "哲", "铭", "子", "天", "一", "嘉",
];
/// Given-name characters of women born before 1975 (most of their names).
pub(super) const FEMALE_TRADITIONAL: &[&str] = &[
    "凤", "英", "兰", "珍", "秀", "花", "梅", "娥", "香", "菊", "仙", "月", "琴", "芬", "翠", "玉",
    "美", "妹", "彩", "桂",
];
/// Given-name characters of younger women (and of some older ones).
pub(super) const FEMALE_MODERN: &[&str] = &[
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "红", "萍", "娜", "雪", "婷", "洁", "颖",
    "琳", "佳", "慧", "倩", "悦", "欣", "怡", "晓", "瑶", "雅", "诗", "梦", "思", "雨",
];

/// (name, short name) of the fictional counties; a run draws one.
pub(super) const COUNTIES: &[(&str, &str)] = &[
    ("临溪县", "临溪"),
    ("青枫县", "青枫"),
    ("云岭县", "云岭"),
    ("梅江县", "梅江"),
];

/// Administrative code used in generated identity numbers and credit codes. 33 99 xx does
/// not exist, so no generated number can be a real person's.
pub(super) const AREA_CODE: &str = "339901";

/// First characters of town and village names.
pub(super) const PLACE_FIRST_CHARS: &[&str] = &[
    "大", "小", "东", "西", "南", "北", "上", "下", "新", "石", "枫", "溪", "山", "湖", "竹", "梅",
    "桃", "杨", "金", "白", "青", "黄", "龙", "凤", "马", "牌", "安", "红", "长", "陈", "赵", "高",
    "王", "前", "后", "里", "外", "宣", "斯", "骆",
];
/// Second characters of town and village names.
pub(super) const PLACE_SECOND_CHARS: &[&str] = &[
    "庙", "坞", "塘", "岭", "桥", "溪", "山", "湾", "家", "头", "畈", "岙", "埠", "岩", "口", "林",
    "坑", "村", "墩", "店", "宅", "田", "园", "江", "港",
];

/// Roads of community (社区) homes, forty house numbers each.
pub(super) const RESIDENT_ROADS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "和平路",
    "文化路",
    "健康路",
    "幸福路",
    "光明路",
    "建设路",
    "学府路",
];
/// Roads of the industrial parks, where companies are registered.
pub(super) const INDUSTRIAL_ROADS: &[&str] = &[
    "兴业路",
    "创业路",
    "工业大道",
    "科技路",
    "振兴路",
    "发展大道",
    "开源路",
    "汇通路",
];

/// Trade names (字号) of companies.
pub(super) const TRADE_NAMES: &[&str] = &[
    "恒达", "鑫源", "宏盛", "华兴", "永安", "金鼎", "顺发", "佳美", "新创", "诚信", "天成", "瑞丰",
    "通达", "博远", "众合", "利民", "东盛", "嘉和", "华美", "浩宇", "远景", "立信", "鼎盛", "祥和",
    "聚福", "卓越", "正泰", "安康", "同创", "万隆", "锦程", "润丰", "兴旺", "广源", "泰和", "精工",
    "明辉", "绿源", "清风", "洁美",
];

/// Mobile number prefixes, used in turn.
pub(super) const PHONE_PREFIXES: &[&str] = &[
    "133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "177",
    "180", "181", "187", "188", "189", "199",
];
