"""Dispute-cause taxonomy (案由), two levels, after DOMAIN.md §5.1.

Level 1 follows the statistical groupings; level 2 the items of Law Art. 2. Codes are
stable identifiers stored on claims; labels may be re-worded. Labels are lazy translations
(shown in the reader's language); official papers use `official_label_of` (Chinese).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from medarb.core.i18n import official


@dataclass(frozen=True)
class Cause:
    code: str
    label: str | Promise  # lazy: shown in the reader's language
    parent: str | None = None


# A list, not a dict keyed by (code, label): a lazy label must not be hashed at import time.
_TREE: list[tuple[tuple[str, str], list[tuple[str, str]]]] = [
    (
        ("wages", _("劳动报酬")),
        [
            ("wages.unpaid", _("拖欠工资")),
            ("wages.overtime", _("加班费")),
            ("wages.minimum", _("最低工资")),
            ("wages.bonus", _("奖金、津贴和补贴")),
        ],
    ),
    (
        ("social_insurance", _("社会保险")),
        [
            ("social_insurance.pension", _("养老保险")),
            ("social_insurance.medical", _("医疗保险")),
            ("social_insurance.work_injury", _("工伤保险待遇")),
            ("social_insurance.unemployment", _("失业保险")),
            ("social_insurance.maternity", _("生育保险")),
            ("social_insurance.loss", _("未参保造成的损失")),
        ],
    ),
    (
        ("termination", _("解除、终止劳动合同")),
        [
            ("termination.lawfulness", _("解除或终止的合法性")),
            ("termination.compensation", _("经济补偿")),
            ("termination.damages", _("违法解除赔偿金")),
            ("termination.notice_pay", _("代通知金")),
        ],
    ),
    (("relationship", _("确认劳动关系")), [("relationship.confirm", _("确认劳动关系"))]),
    (
        ("contract", _("订立、履行、变更劳动合同")),
        [
            ("contract.double_wages", _("未签书面合同二倍工资")),
            ("contract.open_ended", _("无固定期限劳动合同")),
            ("contract.change", _("变更劳动合同")),
        ],
    ),
    (
        ("work_injury", _("工伤")),
        [
            ("work_injury.medical", _("工伤医疗费")),
            ("work_injury.benefits", _("工伤保险待遇")),
        ],
    ),
    (
        ("working_time", _("工作时间、休息休假")),
        [
            ("working_time.annual_leave", _("未休年休假工资")),
            ("working_time.hours", _("工作时间")),
        ],
    ),
    (
        ("welfare", _("福利、培训、劳动保护")),
        [
            ("welfare.benefits", _("福利待遇")),
            ("welfare.training", _("培训及服务期违约金")),
            ("welfare.protection", _("劳动保护")),
        ],
    ),
    (
        ("non_compete", _("竞业限制、保密")),
        [
            ("non_compete.compensation", _("竞业限制补偿")),
            ("non_compete.breach", _("竞业限制违约金")),
        ],
    ),
    (("personnel", _("人事争议")), [("personnel.dispute", _("人事争议"))]),
    (("other", _("其他")), [("other.other", _("其他"))]),
]

CAUSES: dict[str, Cause] = {}
for (top_code, top_label), children in _TREE:
    CAUSES[top_code] = Cause(top_code, top_label)
    for code, label in children:
        CAUSES[code] = Cause(code, label, top_code)

LEAF_CHOICES = [
    (top_label, [(code, label) for code, label in children]) for (_code, top_label), children in _TREE
]
TOP_CHOICES = [(code, label) for (code, label), _children in _TREE]


def label_of(code: str) -> str:
    """The cause's label in the active language (for pages)."""
    return str(label_of_lazy(code))


def official_label_of(code: str) -> str:
    """The cause's label in Chinese (for official papers and stored text)."""
    return official(label_of_lazy(code))


def label_of_lazy(code: str):
    cause = CAUSES.get(code)
    return cause.label if cause else code


def top_of(code: str) -> str:
    cause = CAUSES.get(code)
    return cause.parent or cause.code if cause else "other"
