"""Anonymising an award for publication (裁判文书公开的隐名处理).

Natural persons keep only their surname: 张三丰 → 张某 (two people of one surname become
张某甲, 张某乙 …). ID numbers, phone numbers, bank accounts and addresses are removed.
Enterprises keep their names unless the chair marks them hidden; a hidden one becomes 某 +
its kind (某科技有限公司 → 某公司). The people and addresses come from the case's parties;
the patterns below also catch numbers and street addresses written into the text by hand.
The chair reviews the result before anything is published: this is the first draft.
"""

import re
from collections import defaultdict

REMOVED = "×××"
ADDRESS_REMOVED = "（住址略）"

# Two-character surnames first, so 欧阳娜娜 → 欧阳某, not 欧某.
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 澹台 "
    "公冶 太史 申屠 端木 南宫 独孤 万俟 闻人 呼延 赫连 单于 西门 百里 东郭 拓跋"
).split()
ORDINALS = "甲乙丙丁戊己庚辛壬癸"

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9A-Za-z])")
BANK_CARD = re.compile(r"(?<!\d)\d{4}(?:[ -]?\d{2,4}){3,4}(?!\d)")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[ -]\d{7,8}(?!\d)|(?<!\d)0\d{2,3}\d{7,8}(?!\d)")
LONG_NUMBER = re.compile(r"(?<!\d)\d{12,}(?!\d)")  # account numbers in any other grouping
_PLACE = r"[\u4e00-\u9fff]{1,12}?"
ADDRESS = re.compile(
    rf"(?:{_PLACE}(?:省|自治区|市|自治州|区|县|旗|镇|乡|街道))+"
    rf"(?:{_PLACE}(?:大道|路|街|巷|弄|胡同|村|道|小区|花园|苑|里|组))?"
    r"[\d\-－一二三四五六七八九十零〇]*(?:号|弄)?"
    r"(?:[\d\-－A-Za-z一二三四五六七八九十]+(?:栋|幢|座|号楼|楼|单元|层|室|号|户))*"
)
_ORG_KINDS = (
    "有限责任公司", "股份有限公司", "有限公司", "分公司", "公司", "集团", "厂", "酒店", "宾馆", "餐厅",
    "饭店", "超市", "商行", "店", "中心", "医院", "学校", "幼儿园", "工作室", "合作社", "事务所",
)  # fmt: skip


def mask_person(name: str) -> str:
    """张三丰 → 张某, 欧阳娜娜 → 欧阳某."""
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[:1])
    return f"{surname}某"


def mask_organisation(name: str) -> str:
    """深圳市某某科技有限公司 → 某公司 (the kind stays, so the reader knows what it was)."""
    kind = next((k for k in _ORG_KINDS if name.endswith(k)), "单位")
    return "某" + ("公司" if kind.endswith("公司") else kind)


def person_masks(names: list[str]) -> dict[str, str]:
    """Each name → its mask; people sharing a surname are told apart (张某甲, 张某乙)."""
    by_mask: dict[str, list[str]] = defaultdict(list)
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        by_mask[mask_person(name)].append(name)
    masks = {}
    for mask, people in by_mask.items():
        for n, name in enumerate(people):
            masks[name] = mask if len(people) == 1 else mask + ORDINALS[n % len(ORDINALS)]
    return masks


def _address(match: re.Match) -> str:
    text = match.group(0)
    # A bare place name (深圳市, 南山区) is no address; one with a street or a number is.
    if re.search(r"(大道|路|街|巷|弄|胡同|村|小区|花园|苑|号|室|栋|幢|单元|组)", text):
        return ADDRESS_REMOVED
    return text


def anonymise(
    text: str, *, people: list[str] = (), addresses: list[str] = (), hidden_organisations: list[str] = ()
) -> str:
    """The text with every listed person masked, the listed addresses and any ID number, phone,
    bank account or street address removed, and the hidden organisations made anonymous."""
    for address in sorted({a.strip() for a in addresses if a and a.strip()}, key=len, reverse=True):
        text = text.replace(address, ADDRESS_REMOVED)
    for organisation in sorted(
        {o.strip() for o in hidden_organisations if o and o.strip()}, key=len, reverse=True
    ):
        text = text.replace(organisation, mask_organisation(organisation))
    for name, mask in sorted(person_masks(list(people)).items(), key=lambda kv: len(kv[0]), reverse=True):
        text = text.replace(name, mask)
    text = ID_NUMBER.sub(REMOVED, text)
    text = BANK_CARD.sub(REMOVED, text)
    text = MOBILE.sub(REMOVED, text)
    text = LANDLINE.sub(REMOVED, text)
    text = LONG_NUMBER.sub(REMOVED, text)
    return ADDRESS.sub(_address, text)
