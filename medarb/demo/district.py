"""The demo district, declared as data: 鹭湖区 in the fictional 滨海市, 东海省.

Every name here is invented. `loader.py` turns this into units, rooms, staff, pools and
sample cases through the services of orgs, accounts and cases.
"""

from dataclasses import dataclass, field

from medarb.orgs.models import Role, RoomKind

# One password for every demo staff account (printed by `manage.py demo_logins`).
DEMO_PASSWORD = "luhu-demo-2026"  # demo only, printed on purpose

PROVINCE = "东海省劳动人事争议仲裁委员会"
CITY = "滨海市劳动人事争议仲裁委员会"
DISTRICT = "滨海市鹭湖区劳动人事争议仲裁院"
DISTRICT_SHORT = "鹭湖区仲裁院"
DISTRICT_PREFIX = "滨鹭"
NEIGHBOUR = "滨海市青山区劳动人事争议仲裁院"
NEIGHBOUR_SHORT = "青山区仲裁院"
NEIGHBOUR_PREFIX = "滨青"
LEGAL_AID = "鹭湖区法律援助中心仲裁院工作站"
COURT = "滨海市鹭湖区人民法院"
DISCIPLINE = "鹭湖区纪委监委派驻人社局纪检监察组"
CITY_SUPERVISOR = "滨海市人力资源和社会保障局仲裁监督处"

DISTRICT_ROOMS = [
    ("第一数字仲裁庭", RoomKind.ARBITRATION_COURT, 24, "仲裁院三楼301"),
    ("第二数字仲裁庭", RoomKind.ARBITRATION_COURT, 18, "仲裁院三楼302"),
    ("第三数字仲裁庭", RoomKind.ARBITRATION_COURT, 12, "仲裁院三楼303"),
    ("调解室", RoomKind.MEDIATION_ROOM, 10, "仲裁院二楼201"),
    ("立案室", RoomKind.FILING_ROOM, 8, "仲裁院一楼大厅"),
    ("法律援助室", RoomKind.LEGAL_AID_ROOM, 6, "仲裁院一楼105"),
    ("远程会审中心", RoomKind.REMOTE_REVIEW_CENTRE, 20, "仲裁院四楼401"),
]


@dataclass(frozen=True)
class Enterprise:
    code: str
    name: str
    mediator: str  # full name of its mediation committee's mediator


@dataclass(frozen=True)
class Community:
    name: str
    mediator: str = ""  # a community with a named mediator gets a login
    enterprises: tuple[Enterprise, ...] = ()


@dataclass(frozen=True)
class Street:
    code: str  # pinyin, used in usernames and case prefixes
    name: str
    mediator: str
    communities: tuple[Community, ...] = field(default_factory=tuple)


def _e(code: str, name: str, mediator: str) -> Enterprise:
    return Enterprise(code, name, mediator)


STREETS: tuple[Street, ...] = (
    Street(
        "luhu",
        "鹭湖街道",
        "李晓东",
        (
            Community("鹭湖社区", "赵丽华", (_e("dianzi", "鹭湖电子科技有限公司", "钱文斌"),)),
            Community("湖滨社区"),
            Community("望海社区"),
        ),
    ),
    Street(
        "donghu",
        "东湖街道",
        "孙海燕",
        (
            Community("东湖社区", "周建国", (_e("jingmi", "滨海东湖精密制造有限公司", "吴凤英"),)),
            Community("荷塘社区"),
        ),
    ),
    Street(
        "xihu",
        "西湖街道",
        "郑志强",
        (
            Community("西湖社区"),
            Community("柳岸社区", "王秀兰", (_e("fangzhi", "滨海银杏纺织服装有限公司", "冯国平"),)),
            Community("月湾社区"),
            Community("石桥社区"),
        ),
    ),
    Street(
        "nanyu",
        "南屿街道",
        "陈美玲",
        (
            Community("南屿社区", "", (_e("gangkou", "滨海南屿港口装卸有限公司", "褚明亮"),)),
            Community("渔港社区"),
        ),
    ),
    Street(
        "beiling",
        "北岭街道",
        "卫国华",
        (
            Community("北岭社区", "蒋春梅"),
            Community("松风社区", "", (_e("xincailiao", "北岭新材料股份有限公司", "沈立新"),)),
            Community("茶园社区"),
        ),
    ),
    Street(
        "jinqiao",
        "金桥街道",
        "韩宇航",
        (
            Community("金桥社区", "杨淑珍", (_e("wuliu", "滨海金桥物流有限公司", "朱振华"),)),
            Community("商贸城社区"),
            Community("桥南社区"),
        ),
    ),
    Street(
        "yinxing",
        "银杏街道",
        "秦玉梅",
        (
            Community("银杏社区"),
            Community("古樟社区"),
        ),
    ),
    Street(
        "yuquan",
        "玉泉街道",
        "尤建军",
        (
            Community("玉泉社区", "许桂香", (_e("shipin", "玉泉食品工业有限公司", "何永康"),)),
            Community("清泉社区"),
            Community("山水社区"),
        ),
    ),
    Street(
        "bailu",
        "白鹭街道",
        "吕春燕",
        (
            Community("白鹭社区"),
            Community("鹭洲社区", "", (_e("jianzhu", "滨海白鹭建筑工程有限公司", "施德胜"),)),
        ),
    ),
    Street(
        "cuiping",
        "翠屏街道",
        "张海峰",
        (
            Community("翠屏社区", "孔秋菊", (_e("jiudian", "翠屏山酒店管理有限公司", "曹丽娟"),)),
            Community("锦绣社区"),
            Community("华庭社区"),
            Community("凤凰社区"),
        ),
    ),
    Street(
        "longshan",
        "龙山街道",
        "严国庆",
        (
            Community("龙山社区", "", (_e("qipei", "龙山汽车零部件有限公司", "华志刚"),)),
            Community("龙井社区"),
        ),
    ),
    Street(
        "qingxi",
        "清溪街道",
        "金晓红",
        (
            Community("清溪社区", "魏兰芳", (_e("yiyao", "清溪医药有限公司", "陶瑞林"),)),
            Community("溪口社区"),
            Community("竹林社区"),
        ),
    ),
    Street(
        "taoyuan",
        "桃源街道",
        "姜卫东",
        (
            Community("桃源社区", "", (_e("jiaju", "桃源家具制造有限公司", "戚美华"),)),
            Community("花溪社区"),
        ),
    ),
)


@dataclass(frozen=True)
class StaffLogin:
    username: str
    full_name: str
    unit: str  # a unit key, see loader.unit_keys()
    role: str
    mfa: bool = False


# District and surrounding bodies. Street, community and enterprise mediators are derived
# from STREETS (usernames like `donghu_mediator`, `donghu1_mediator`, `jingmi_mediator`).
DISTRICT_STAFF: tuple[StaffLogin, ...] = (
    StaffLogin("chair", "周文澜", "district", Role.CHAIR, mfa=True),
    StaffLogin("arb_lin", "林振华", "district", Role.ARBITRATOR),
    StaffLogin("arb_chen", "陈思远", "district", Role.ARBITRATOR),
    StaffLogin("arb_huang", "黄雅琴", "district", Role.ARBITRATOR),
    StaffLogin("clerk_liu", "刘书涵", "district", Role.CLERK),
    StaffLogin("clerk_xu", "徐静怡", "district", Role.CLERK),
    StaffLogin("filing", "吴立新", "district", Role.FILING_OFFICER),
    StaffLogin("mediator", "郑和平", "district", Role.MEDIATOR),
    StaffLogin("admin", "王继伟", "district", Role.UNIT_ADMIN, mfa=True),
    StaffLogin("stats", "冯晓统", "district", Role.STATISTICIAN),
    StaffLogin("archivist", "葛文档", "district", Role.ARCHIVIST),
    StaffLogin("supervisor", "韩正清", "discipline", Role.SUPERVISOR),
    StaffLogin("city_supervisor", "邓国栋", "city_supervisor", Role.SUPERVISOR),
    StaffLogin("legalaid", "杨援之", "legal_aid", Role.LEGAL_AID_OFFICER),
    StaffLogin("court", "朱法明", "court", Role.COURT_LIAISON),
    StaffLogin("city_arb", "钱立衡", "city", Role.ARBITRATOR),  # the city commission's expert
    StaffLogin("qs_filing", "蒋青云", "neighbour", Role.FILING_OFFICER),
    StaffLogin("qs_arb", "段山岳", "neighbour", Role.ARBITRATOR),
)

# Arbitrator pool: (full name, username or "" for a part-time member without login,
# qualification number, specialities, full-time, active).
ARBITRATOR_POOL = (
    ("周文澜", "chair", "东海仲资〔2012〕第0031号", ["劳动报酬", "解除劳动合同"], True, True),
    ("林振华", "arb_lin", "东海仲资〔2015〕第0107号", ["劳动报酬", "工伤"], True, True),
    ("陈思远", "arb_chen", "东海仲资〔2017〕第0214号", ["社会保险", "确认劳动关系"], True, True),
    ("黄雅琴", "arb_huang", "东海仲资〔2019〕第0388号", ["竞业限制", "人事争议"], True, True),
    ("欧阳明", "pt_ouyang", "东海仲资〔2014〕第0096号", ["工伤", "社会保险"], False, True),
    ("司马慧", "pt_sima", "东海仲资〔2016〕第0152号", ["劳动报酬", "集体争议"], False, True),
    ("上官磊", "pt_shangguan", "东海仲资〔2011〕第0023号", ["解除劳动合同"], False, False),
)
MEDIATOR_POOL_EXTRA = (
    ("诸葛兰", "pt_zhuge", "人民调解员证 LH-2018-077", ["劳动报酬", "工伤"], False, True),
    ("夏侯勇", "pt_xiahou", "人民调解员证 LH-2016-031", ["社会保险"], False, False),
)

# Money standards of the fictional 东海省 / 滨海市 (region codes 99…: no real province uses 99).
# (region code, kind, amount in yuan, in force from, source)
REGIONAL_STANDARDS = (
    ("990200", "min_wage_monthly", "2030.00", "2023-01-01", "滨人社〔2022〕118号（虚构）"),
    ("990200", "min_wage_monthly", "2150.00", "2025-07-01", "滨人社〔2025〕64号（虚构）"),
    ("990200", "avg_wage_monthly", "9420.00", "2024-06-01", "滨海市统计局2023年度平均工资公报（虚构）"),
    ("990200", "avg_wage_monthly", "9865.00", "2025-06-01", "滨海市统计局2024年度平均工资公报（虚构）"),
    ("990000", "legal_aid_line", "1300.00", "2022-01-01", "东海省法律援助经济困难标准（虚构）"),
)

# The demo's own party accounts: they sign in with phone + SMS code (printed to the log).
WORKER = {"name": "张伟", "phone": "13800138000", "id_first17": "35020319900307851"}
EMPLOYER = {
    "name": "鹭湖电子科技有限公司",
    "phone": "13900139000",
    "uscc": "",  # computed in the loader (valid check character)
    "legal_representative": "马建平",
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国红梅志文辉鹏飞兰凤玉珍海燕春晓婷雪琳宇浩然子涵欣怡俊峰"
)
OCCUPATIONS = (
    "普工",
    "操作工",
    "装卸工",
    "仓管员",
    "厨师",
    "服务员",
    "质检员",
    "司机",
    "销售",
    "会计",
    "保安",
    "电工",
)
EMPLOYERS = (
    "滨海恒通贸易有限公司",
    "鹭湖鑫源餐饮管理有限公司",
    "滨海顺达快递服务有限公司",
    "东海宏远建设集团有限公司",
    "滨海美佳物业服务有限公司",
    "鹭湖天成机械有限公司",
    "滨海启明教育咨询有限公司",
    "青山绿源农业开发有限公司",
    "滨海华信电子有限公司",
    "鹭湖康宁养老服务有限公司",
)
# What each employer is (GB/T 4754 门类, type): the demo counts intake by them.
EMPLOYER_KINDS = {
    "滨海恒通贸易有限公司": ("F", "private"),
    "鹭湖鑫源餐饮管理有限公司": ("H", "private"),
    "滨海顺达快递服务有限公司": ("G", "private"),
    "东海宏远建设集团有限公司": ("E", "state_owned"),
    "滨海美佳物业服务有限公司": ("K", "private"),
    "鹭湖天成机械有限公司": ("C", "hk_macao_taiwan"),
    "滨海启明教育咨询有限公司": ("P", "private"),
    "青山绿源农业开发有限公司": ("A", "collective"),
    "滨海华信电子有限公司": ("C", "foreign"),
    "鹭湖康宁养老服务有限公司": ("Q", "public_institution"),
    "鹭湖电子科技有限公司": ("C", "private"),
}
# Generated small employers: their industry and type follow their name.
EMPLOYER_SUFFIX_KINDS = {
    "商贸有限公司": ("F", "private"),
    "餐饮店": ("H", "individual"),
    "装饰工程有限公司": ("E", "private"),
    "电子厂": ("C", "private"),
    "物业管理有限公司": ("K", "private"),
}


def employer_kind(name: str) -> tuple[str, str]:
    """(industry, employer type) of a demo employer, blank when the demo does not know it."""
    if name in EMPLOYER_KINDS:
        return EMPLOYER_KINDS[name]
    return next((kind for suffix, kind in EMPLOYER_SUFFIX_KINDS.items() if name.endswith(suffix)), ("", ""))


# Claims by cause: description and a typical amount range in yuan (None: no money claim).
CLAIM_TEMPLATES: dict[str, tuple[str, tuple[int, int] | None]] = {
    "wages.unpaid": ("支付拖欠的工资", (3000, 60000)),
    "wages.overtime": ("支付延时及休息日加班工资", (2000, 40000)),
    "wages.minimum": ("补足低于最低工资标准的差额", (800, 9000)),
    "wages.bonus": ("支付年终奖及岗位津贴", (2000, 30000)),
    "social_insurance.loss": ("赔偿未缴纳社会保险造成的损失", (5000, 80000)),
    "social_insurance.work_injury": ("支付一次性伤残补助金等工伤保险待遇", (20000, 200000)),
    "termination.compensation": ("支付解除劳动合同经济补偿", (5000, 90000)),
    "termination.damages": ("支付违法解除劳动合同赔偿金", (10000, 180000)),
    "termination.notice_pay": ("支付代通知金", (3000, 15000)),
    "relationship.confirm": ("确认与被申请人存在劳动关系", None),
    "contract.double_wages": ("支付未签订书面劳动合同二倍工资差额", (10000, 70000)),
    "work_injury.medical": ("支付工伤医疗费", (3000, 60000)),
    "working_time.annual_leave": ("支付未休年休假工资", (1000, 12000)),
    "non_compete.compensation": ("支付竞业限制经济补偿", (10000, 120000)),
    "welfare.training": ("确认无需支付培训服务期违约金", None),
}

FACTS = {
    "wages": "申请人于{start}入职被申请人处任{job}，被申请人自{owed}起拖欠工资至今，经多次催讨未果。",
    "social_insurance": "申请人在被申请人处工作期间，被申请人未依法为其缴纳社会保险费。",
    "termination": "被申请人于{owed}以经营调整为由通知申请人解除劳动合同，未支付任何补偿。",
    "relationship": (
        "申请人自{start}起在被申请人处从事{job}工作，双方未签订书面劳动合同，被申请人否认劳动关系。"
    ),
    "contract": "申请人自{start}入职，被申请人一直未与其签订书面劳动合同。",
    "work_injury": "申请人于{owed}在工作中受伤，经认定为工伤，被申请人未支付相关待遇。",
    "working_time": "申请人连续工作满一年以上，被申请人未安排年休假也未支付相应工资。",
    "non_compete": "申请人离职后依约履行竞业限制义务，被申请人未支付竞业限制补偿。",
    "welfare": "被申请人要求申请人支付培训服务期违约金，申请人不予认可。",
}

# Close reasons by closed state (DOMAIN.md §7 names); unknown closed states get "other".
CLOSE_REASONS = {
    "closed_mediation": "mediated",
    "closed_award": "award_final",
    "closed_withdrawn": "withdrawn",
    "not_accepted": "not_accepted",
    "transferred": "transferred",
    "terminated": "revoked_case",
    "archived": "award_nonfinal",
    "closed_agreement": "agreement",
    "closed_failed": "failed",
    "refused": "not_accepted",
    "referred": "transferred",
    "handed_to_arbitration": "handed_to_arbitration",
}
# Closed states that end a case before it was ever accepted (no case number).
NEVER_ACCEPTED = frozenset({"not_accepted", "refused"})
