"""Words the demo data is made of. Customer-facing data is Chinese, as users would enter it."""

DEPARTMENTS = {
    "east": "华东销售部",
    "south": "华南销售部",
    "north": "华北销售部",
    "service": "客户服务部",
    "quality": "质量管理部",
    "logistics": "物流配送部",
}

# username, first name, last name, role, department key
USERS = [
    ("admin", "系统", "管理员", "admin", None),
    ("zhou.min", "敏", "周", "supervisor", "east"),
    ("zhang.wei", "伟", "张", "manager", "east"),
    ("li.na", "娜", "李", "manager", "east"),
    ("wu.qiang", "强", "吴", "supervisor", "south"),
    ("wang.fang", "芳", "王", "manager", "south"),
    ("liu.yang", "洋", "刘", "manager", "south"),
    ("sun.li", "丽", "孙", "supervisor", "north"),
    ("chen.jing", "静", "陈", "manager", "north"),
    ("zhao.lei", "磊", "赵", "manager", "north"),
    ("ma.lin", "琳", "马", "supervisor", "service"),
    ("he.jun", "军", "何", "staff", "service"),
    ("luo.xue", "雪", "罗", "staff", "service"),
    ("huang.hao", "浩", "黄", "supervisor", "quality"),
    ("gao.feng", "峰", "高", "staff", "quality"),
    ("xu.ming", "明", "徐", "supervisor", "logistics"),
    ("lin.tao", "涛", "林", "staff", "logistics"),
]
DEMO_PASSWORD = "demo1234"  # noqa: S105 (published demo logins)

# Which regions (codes of customers/standard.py) each sales department covers (first is its
# home region).
DEPARTMENT_REGIONS = {
    "east": ["east", "central"],
    "south": ["south", "southwest"],
    "north": ["north", "northeast", "northwest"],
}
CITIES = {
    "east": ["上海", "杭州", "南京", "苏州", "宁波", "合肥"],
    "south": ["广州", "深圳", "厦门", "福州", "南宁"],
    "north": ["北京", "天津", "石家庄", "太原", "济南"],
    "central": ["武汉", "长沙", "郑州", "南昌"],
    "southwest": ["成都", "重庆", "昆明", "贵阳"],
    "northwest": ["西安", "兰州", "银川", "乌鲁木齐"],
    "northeast": ["沈阳", "大连", "长春", "哈尔滨"],
}

CATEGORIES = [
    ("home-appliances", "Home appliances", "家用电器"),
    ("office-equipment", "Office equipment", "办公设备"),
    ("consumables", "Consumables", "耗材"),
    ("smart-home", "Smart home", "智能家居"),
    ("accessories", "Accessories", "配件"),
    ("services", "Services and maintenance", "服务与维保"),
]
# sku, name, category, list price (yuan), unit cost (yuan), popularity
PRODUCTS = [
    ("HA-1001", "变频空调 1.5匹", "home-appliances", 3299, 2350, 6),
    ("HA-1002", "滚筒洗衣机 10kg", "home-appliances", 2899, 2050, 5),
    ("HA-1003", "对开门冰箱 520L", "home-appliances", 4599, 3300, 4),
    ("HA-1004", "空气净化器", "home-appliances", 1599, 980, 5),
    ("HA-1005", "电热水器 60L", "home-appliances", 1299, 820, 4),
    ("HA-1006", "洗碗机 13套", "home-appliances", 3999, 2800, 3),
    ("OE-2001", "激光打印机", "office-equipment", 1899, 1250, 6),
    ("OE-2002", "彩色复印一体机", "office-equipment", 12800, 9100, 2),
    ("OE-2003", "投影仪 4K", "office-equipment", 6999, 4900, 2),
    ("OE-2004", "碎纸机", "office-equipment", 699, 410, 4),
    ("OE-2005", "会议平板 65寸", "office-equipment", 15800, 11200, 1),
    ("OE-2006", "考勤门禁一体机", "office-equipment", 1280, 760, 3),
    ("CS-3001", "硒鼓 标准容量", "consumables", 268, 120, 10),
    ("CS-3002", "A4 复印纸 (箱)", "consumables", 139, 98, 12),
    ("CS-3003", "滤网套装", "consumables", 199, 75, 8),
    ("CS-3004", "墨盒 四色装", "consumables", 329, 150, 7),
    ("CS-3005", "净水滤芯", "consumables", 399, 160, 8),
    ("SH-4001", "智能门锁", "smart-home", 1999, 1150, 5),
    ("SH-4002", "智能音箱", "smart-home", 399, 230, 7),
    ("SH-4003", "全屋 WiFi 套装", "smart-home", 1299, 780, 4),
    ("SH-4004", "智能摄像头", "smart-home", 299, 160, 7),
    ("SH-4005", "扫地机器人", "smart-home", 2499, 1600, 5),
    ("AC-5001", "遥控器", "accessories", 49, 18, 6),
    ("AC-5002", "安装支架", "accessories", 129, 55, 5),
    ("AC-5003", "延保卡 一年", "accessories", 199, 40, 6),
    ("AC-5004", "电源适配器", "accessories", 89, 35, 5),
    ("SV-6001", "上门安装服务", "services", 200, 120, 6),
    ("SV-6002", "年度维保合同", "services", 2400, 1300, 3),
    ("SV-6003", "深度清洗服务", "services", 299, 150, 4),
    ("SV-6004", "企业设备托管 (季度)", "services", 9800, 6100, 1),
]

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "玉兰",
    "建华",
    "志强",
    "海燕",
    "文",
    "斌",
    "鹏",
    "晓东",
    "思远",
    "雨欣",
    "子涵",
    "浩然",
    "梓萱",
    "宇轩",
    "欣怡",
    "俊杰",
    "佳怡",
]
COMPANY_WORDS = [
    "华信",
    "联创",
    "恒远",
    "盛达",
    "鼎新",
    "天成",
    "宏图",
    "瑞丰",
    "博雅",
    "金桥",
    "中科",
    "立德",
    "嘉禾",
    "启明",
    "安泰",
    "凯越",
    "汇通",
    "星辰",
    "远航",
    "新锐",
]
COMPANY_TRADES = [
    "科技",
    "商贸",
    "实业",
    "酒店管理",
    "物业服务",
    "教育咨询",
    "医疗器械",
    "建筑工程",
    "物流",
    "餐饮管理",
    "电子",
    "贸易",
]

STREETS = ["中山路", "人民路", "解放路", "建设路", "和平街"]
TAGS = [
    "VIP",
    "价格敏感",
    "重视服务",
    "团购",
    "老客户推荐",
    "节日送礼",
    "技术型",
    "决策快",
    "需要回访",
    "政府项目",
    "连锁门店",
    "高潜力",
]

TABOOS = [
    "忌讳数字4",
    "不喜欢被频繁电话打扰",
    "忌送钟表",
    "不吃辣",
    "不喜欢白色包装",
    "忌讳在周五签约",
    "",
]
BELIEFS = ["信佛，初一十五吃素", "重视风水，签约看日子", "基督徒", "相信数字8带来好运", "", ""]
PREFERENCES = [
    "喜欢喝普洱茶",
    "爱打高尔夫",
    "喜欢钓鱼",
    "收藏紫砂壶",
    "喜欢跑马拉松",
    "爱好书法",
    "喜欢旅游，常去云南",
    "喜欢看足球",
    "喜欢红酒",
    "爱好摄影",
]
BACKGROUNDS = [
    "军人家庭出身，作风严谨",
    "海外留学归国",
    "白手起家创业",
    "本地人，人脉广",
    "技术出身，重视参数",
    "曾在外企工作多年",
    "",
]
VALUES = [
    "重视长期合作与信誉",
    "看重性价比",
    "重视品牌与面子",
    "注重效率，讨厌拖延",
    "重视环保与健康",
    "",
]
FAMILIES = ["已婚，一子在读高中", "已婚，两个孩子", "单身", "与父母同住，孝顺", "女儿刚上大学", ""]
NEEDS = [
    "办公设备定期更新",
    "门店空调维保",
    "员工福利采购",
    "家庭换新",
    "新办公室整体采购",
    "耗材按季度补货",
]
ORG_NOTES = [
    "总经理拍板，采购部执行",
    "集团集中采购，分公司提需求",
    "行政部负责办公采购，财务审批",
    "老板娘管财务，重要采购需她同意",
]
PURCHASING = ["年度招标", "比价三家后直接采购", "框架协议按月下单", "预算内自主采购"]
COMPETITORS = [
    "格力、美的的经销商常来拜访",
    "本地有一家低价竞争对手",
    "京东企业购也在报价",
    "暂无明显竞争对手",
]
CONTACT_TITLES = ["总经理", "采购经理", "行政主管", "财务总监", "IT 主管", "店长"]

INTERACTION_SUMMARIES = [
    "电话回访，客户对上次送货速度表示满意。",
    "上门拜访，介绍新款产品，客户有兴趣。",
    "微信沟通，确认下月补货数量。",
    "节日问候短信，客户回复感谢。",
    "客户来电咨询保修政策，已解答。",
    "参加客户答谢会，与决策人交流。",
    "邮件发送报价单，等待反馈。",
    "客户反映安装师傅迟到，已致歉并记录。",
    "生日问候并寄送小礼品。",
    "季度业务回顾，讨论明年采购计划。",
]
PROMISES = [
    "下周三前发送正式报价",
    "月底前安排技术人员上门",
    "两周内寄送样品",
    "节前送达赠品",
    "下次拜访带上新品目录",
]
NEXT_STEPS = ["跟进报价反馈", "安排上门演示", "确认付款进度", "邀请参加新品发布会", "一个月后回访"]
LOST_REASONS = [
    "转向竞争对手，价格更低",
    "公司搬迁，不再需要",
    "对售后服务不满意",
    "长期未采购，联系不上",
]
