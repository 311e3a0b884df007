"""Everyday words to the words of the law, for the portal's assistant.

Workers write "老板不发工资咋办", "被炒鱿鱼了", "没签和同" and the FAQ and the law say
"拖欠劳动报酬", "解除劳动合同", "未订立书面劳动合同". `rewrite()` first mends common slips
(homophones typed by pinyin input, dialect spellings, traditional characters), then puts the
legal wording beside each everyday phrase it knows, so both BM25 and the assistant's coverage
rule see the words the answers are written in. The tables are written from how questions
arrive at a filing window, not from the assistant's test set.
"""

import re
from functools import cache

# Slips of a pinyin keyboard and dialect spellings → the word meant.
TYPOS: dict[str, str] = {
    "和同": "合同",
    "合仝": "合同",
    "合通": "合同",
    "劳动合约": "劳动合同",
    "劳务合同": "劳动合同",
    "仲栽": "仲裁",
    "仲才": "仲裁",
    "仲材": "仲裁",
    "众裁": "仲裁",
    "重裁": "仲裁",
    "仲截": "仲裁",
    "辞腿": "辞退",
    "辞推": "辞退",
    "词退": "辞退",
    "瓷退": "辞退",
    "开出": "开除",
    "赔尝": "赔偿",
    "陪偿": "赔偿",
    "赔常": "赔偿",
    "培偿": "赔偿",
    "补尝": "补偿",
    "补常": "补偿",
    "加班废": "加班费",
    "加斑费": "加班费",
    "加班肥": "加班费",
    "架班费": "加班费",
    "经纪补偿": "经济补偿",
    "经计补偿": "经济补偿",
    "经济赔尝": "经济补偿",
    "社宝": "社保",
    "设保": "社保",
    "社报": "社保",
    "工姿": "工资",
    "公资": "工资",
    "工支": "工资",
    "拖久": "拖欠",
    "托欠": "拖欠",
    "脱欠": "拖欠",
    "裁绝": "裁决",
    "栽决": "裁决",
    "工商认定": "工伤认定",
    "公伤": "工伤",
    "试用其": "试用期",
    "适用期": "试用期",
    "实习期": "试用期",
    "年架": "年假",
    "产架": "产假",
    "離職": "离职",
    "薪資": "薪资",
    "賠償": "赔偿",
    "補償": "补偿",
    "勞動": "劳动",
    "仲裁費": "仲裁费",
    "工資": "工资",
    "辭退": "辞退",
    "開除": "开除",
    "加班費": "加班费",
    "咋整": "怎么办",
    "咋弄": "怎么办",
    "咋办": "怎么办",
    "肿么办": "怎么办",
    "怎么整": "怎么办",
    "咋算": "怎么算",
    "咋个": "怎么",
    "啥子": "什么",
    "么子": "什么",
    "神马": "什么",
    "咋": "怎么",
    "啥": "什么",
    "2倍": "二倍",
    "两倍": "二倍",
    "双倍": "二倍",
    "N+1": "经济补偿计算",
    "n+1": "经济补偿计算",
    "2N": "赔偿金",
    "2n": "赔偿金",
}

# Everyday phrases (regular expressions over the mended text) → the legal wording to add.
# Read in order: a phrase found is taken out of the text, so the specific situations come
# first ("仲裁赢了…还是不给钱" is about enforcing an award, not about unpaid wages).
PHRASES: list[tuple[str, str]] = [
    # the procedure, in situations
    (
        r"(赢了|裁决|调解书|判了|仲裁书).{0,8}(不给|不付|不履行|还是不|赖账|不认账|不执行)",
        "不履行 裁决书 申请执行",
    ),
    (r"自愿(不要|放弃)|签了.{0,6}不要", "放弃 加班费 协议"),
    (r"(证据|工资条|考勤|打卡记录|工资单).{0,8}(在公司|在单位|手里|拿不到|没有)", "证据 用人单位掌握 举证"),
    (r"开庭.{0,6}(去不了|有事|来不了|改期|延期)|(去不了|来不了).{0,4}开庭", "开庭 改期 延期"),
    (r"(不服|不满意|不认).{0,4}(结果|裁决|判)", "不服 裁决 起诉"),
    (r"急(等|着|需)?(用)?钱|等不了|等不到", "先予执行"),
    (r"工友|一起讨薪|集体讨薪|十几个人|好多人|大伙", "十人以上 集体 劳动争议 代表"),
    (r"不会写|没文化|不识字|写不来", "不会写仲裁申请书 口头申请"),
    (r"带(什么|啥)|(要|准备)(什么|哪些)材料|材料", "准备材料 申请书"),
    (r"律师|免费帮|没钱请|请不起|法律援助", "法律援助"),
    (
        r"(过了|隔了|离职|辞职|走了)(多久|多长时间|一年|两年|半年|几年|好几年)|还能告|还能申请|时效|过期",
        "仲裁时效",
    ),
    (
        r"(多久|多长时间|多少天|几个月|什么时候)(能|才|可以|会)?(出结果|判|裁|结案|审完|有结果|下来)|仲裁(要)?多久",
        "审结 期限",
    ),
    (r"(要不要|要|收|花|交|得交)(不要)?(多少)?(钱|费|费用)|收费|免费|花钱|要钱", "收费 交费 费用"),
    (r"去哪(里|儿)?|哪个(部门|地方|机构)|找谁", "哪个仲裁委员会 管辖"),
    (r"(能|可以|要|去|想)告|告(他|她|公司|老板|单位|厂)|打官司|去法院|上法院|起诉", "申请仲裁 起诉"),
    # wages not paid
    (
        r"(不|没|没有|不肯|拒绝)(发|给|付|结)(工资|工钱|薪水|薪资|钱)|(工资|工钱|薪水)(不|没)(发|给|结)",
        "拖欠工资 劳动报酬",
    ),
    (
        r"(拖|欠|压)(了|着)?(我)?(几|[一二三四五六七八九十两\d]+)?(个)?(月)?(的)?(工资|工钱|薪水)",
        "拖欠工资 劳动报酬",
    ),
    (r"讨薪|欠薪|要工资|讨工钱|要工钱|结工钱|血汗钱", "拖欠工资 劳动报酬"),
    (r"包工头|工头|班组长|施工队|工地", "农民工 工资 工程建设"),
    (r"跑路|跑了|人找不到|失联", "拖欠 农民工工资"),
    # dismissal
    (
        r"炒鱿鱼|炒了|被炒|开了我|把我开|不用来了|别来了|不要我了|让我走人|叫我走人|劝退|裁员|被裁|赶走|撵走|解雇",
        "辞退 解除劳动合同",
    ),
    (r"无缘无故|没有理由|随便(辞退|开除)", "违法 解除劳动合同"),
    (r"赔钱|赔点钱|给钱|(?<!经济)(补偿|赔偿)", "经济补偿 赔偿金"),
    # contracts
    (r"(没|没有|不|未)(签|订|给签|跟我签|和我签)(过)?(劳动)?(合同)?", "未订立书面劳动合同"),
    (r"二倍|翻倍", "二倍工资"),
    (r"长期合同|长期工|无固定|签到退休|干满十年|满十年|十年以上", "无固定期限劳动合同"),
    (r"竞业|不让去同行|不能去同行", "竞业限制"),
    # leaving
    (r"不想干了|不干了|走人|辞工|离职|跳槽", "辞职 解除劳动合同 提前通知"),
    (r"提前(几|多少|多久)", "提前 通知 辞职"),
    # working time and pay
    (r"加班", "加班费"),
    (r"周末|礼拜天|星期天|星期六|双休|节假日上班|过年上班", "休息日 法定休假日"),
    (r"一天的工资|日薪|一天多少钱|按天算", "日工资 折算"),
    (r"最低工资|工资太低|一千多|才给", "最低工资标准"),
    (r"怎么算|咋算|如何算|算法", "计算"),
    # leave
    (r"年假", "年休假"),
    (r"生孩子|生小孩|坐月子|生娃|怀孕|大肚子|怀了", "女职工 产假 孕期"),
    # social insurance, injury
    (r"五险|社保|保险没交|没买保险|不买保险|不交保险", "社会保险 缴纳"),
    (r"受伤|摔伤|砸伤|撞了|出事|上下班路上|路上被车|工伤", "工伤 认定"),
]

_PHRASES = [(re.compile(pattern), legal) for pattern, legal in PHRASES]


@cache
def _typo_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(TYPOS, key=len, reverse=True)))


def mend(text: str) -> str:
    """The text with common slips corrected (longest first, one pass)."""
    return _typo_pattern().sub(lambda m: TYPOS[m.group(0)], text or "")


def rewrite(text: str) -> str:
    """The mended text followed by the legal wording of every everyday phrase found in it."""
    mended = rest = mend(text)
    added = []
    for pattern, legal in _PHRASES:
        rest, found = pattern.subn(" ", rest)
        if found:
            added.append(legal)
    return " ".join([mended, *dict.fromkeys(added)])
