"""Dispute-cause taxonomy (案由), two levels, after DOMAIN.md §5.1.

Level 1 follows the statistical groupings; level 2 the items of Law Art. 2. Codes are
stable identifiers stored on claims; labels may be re-worded.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cause:
    code: str
    label: str
    parent: str | None = None


_TREE: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("wages", "劳动报酬"): [
        ("wages.unpaid", "拖欠工资"),
        ("wages.overtime", "加班费"),
        ("wages.minimum", "最低工资"),
        ("wages.bonus", "奖金、津贴和补贴"),
    ],
    ("social_insurance", "社会保险"): [
        ("social_insurance.pension", "养老保险"),
        ("social_insurance.medical", "医疗保险"),
        ("social_insurance.work_injury", "工伤保险待遇"),
        ("social_insurance.unemployment", "失业保险"),
        ("social_insurance.maternity", "生育保险"),
        ("social_insurance.loss", "未参保造成的损失"),
    ],
    ("termination", "解除、终止劳动合同"): [
        ("termination.lawfulness", "解除或终止的合法性"),
        ("termination.compensation", "经济补偿"),
        ("termination.damages", "违法解除赔偿金"),
        ("termination.notice_pay", "代通知金"),
    ],
    ("relationship", "确认劳动关系"): [("relationship.confirm", "确认劳动关系")],
    ("contract", "订立、履行、变更劳动合同"): [
        ("contract.double_wages", "未签书面合同二倍工资"),
        ("contract.open_ended", "无固定期限劳动合同"),
        ("contract.change", "变更劳动合同"),
    ],
    ("work_injury", "工伤"): [
        ("work_injury.medical", "工伤医疗费"),
        ("work_injury.benefits", "工伤保险待遇"),
    ],
    ("working_time", "工作时间、休息休假"): [
        ("working_time.annual_leave", "未休年休假工资"),
        ("working_time.hours", "工作时间"),
    ],
    ("welfare", "福利、培训、劳动保护"): [
        ("welfare.benefits", "福利待遇"),
        ("welfare.training", "培训及服务期违约金"),
        ("welfare.protection", "劳动保护"),
    ],
    ("non_compete", "竞业限制、保密"): [
        ("non_compete.compensation", "竞业限制补偿"),
        ("non_compete.breach", "竞业限制违约金"),
    ],
    ("personnel", "人事争议"): [("personnel.dispute", "人事争议")],
    ("other", "其他"): [("other.other", "其他")],
}

CAUSES: dict[str, Cause] = {}
for (top_code, top_label), children in _TREE.items():
    CAUSES[top_code] = Cause(top_code, top_label)
    for code, label in children:
        CAUSES[code] = Cause(code, label, top_code)

LEAF_CHOICES = [
    (top_label, [(code, label) for code, label in children]) for (_code, top_label), children in _TREE.items()
]
TOP_CHOICES = [(code, label) for (code, label) in _TREE]


def label_of(code: str) -> str:
    cause = CAUSES.get(code)
    return cause.label if cause else code


def top_of(code: str) -> str:
    cause = CAUSES.get(code)
    return cause.parent or cause.code if cause else "other"
