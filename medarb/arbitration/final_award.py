"""Final-award determination (一裁终局), claim by claim.

劳动争议调解仲裁法 Art. 47 makes an award final for (1) claims for labour remuneration,
work-injury medical costs, economic compensation or damages whose amount does not exceed
twelve months of the local monthly minimum wage, and (2) disputes over working hours, rest
and leave and social insurance under national labour standards. 最高法解释（一） Art. 19 tests
each item of an award on its own; Art. 20: an award with final and non-final items is
treated as non-final when challenged in court. The amount tested is the amount the award
decides for the item, so the determination runs at award time on awarded amounts.

Which cause (案由, `medarb.cases.causes`) falls under which head is a reading, kept in one
table below so that a commission can review it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from medarb.arbitration.calculator import LegalBasis, to_fen
from medarb.cases import causes
from medarb.core.errors import DomainError
from medarb.orgs.models import StandardKind
from medarb.orgs.selectors import standard_for

ARBITRATION_LAW = "劳动争议调解仲裁法(2007-12-29).md"
SPC_INTERPRETATION = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29).md"
MONTHS = 12


class Head:
    MONETARY = "monetary"  # Art. 47(1): final up to 12 × the monthly minimum wage
    STANDARDS = "standards"  # Art. 47(2): final whatever the amount
    NONE = "none"  # not listed in Art. 47: never final


# cause code → (head, what the item is under Art. 47, in the words of the award)
_HEADS: dict[str, tuple[str, str]] = {
    "wages.unpaid": (Head.MONETARY, "追索劳动报酬"),
    "wages.overtime": (Head.MONETARY, "追索劳动报酬（加班费）"),
    "wages.minimum": (Head.MONETARY, "追索劳动报酬（最低工资差额）"),
    "wages.bonus": (Head.MONETARY, "追索劳动报酬（奖金、津贴和补贴）"),
    "work_injury.medical": (Head.MONETARY, "追索工伤医疗费"),
    "termination.compensation": (Head.MONETARY, "追索经济补偿"),
    "termination.notice_pay": (Head.MONETARY, "追索经济补偿（代通知金）"),
    "termination.damages": (Head.MONETARY, "追索赔偿金（违法解除或终止劳动合同）"),
    "contract.double_wages": (Head.MONETARY, "追索赔偿金（未订立书面劳动合同二倍工资）"),
    "non_compete.compensation": (Head.MONETARY, "追索经济补偿（竞业限制经济补偿）"),
    "working_time.annual_leave": (Head.MONETARY, "追索劳动报酬（未休年休假工资报酬）"),
    "social_insurance.loss": (Head.MONETARY, "追索赔偿金（未参加社会保险造成的损失）"),
    "working_time.hours": (Head.STANDARDS, "因执行国家的劳动标准在工作时间方面发生的争议"),
    "social_insurance.pension": (Head.STANDARDS, "因执行国家的劳动标准在社会保险方面发生的争议"),
    "social_insurance.medical": (Head.STANDARDS, "因执行国家的劳动标准在社会保险方面发生的争议"),
    "social_insurance.work_injury": (Head.STANDARDS, "因执行国家的劳动标准在社会保险方面发生的争议"),
    "social_insurance.unemployment": (Head.STANDARDS, "因执行国家的劳动标准在社会保险方面发生的争议"),
    "social_insurance.maternity": (Head.STANDARDS, "因执行国家的劳动标准在社会保险方面发生的争议"),
}


@dataclass(frozen=True)
class ClaimItem:
    cause: str
    amount: Decimal | None = None  # the amount the award decides for this item
    label: str = ""


@dataclass(frozen=True)
class FinalityDecision:
    item: ClaimItem
    is_final: bool
    head: str
    reason: str  # Chinese, carried into the award
    basis: tuple[LegalBasis, ...]


@dataclass(frozen=True)
class FinalityReport:
    decisions: tuple[FinalityDecision, ...]
    minimum_wage: Decimal | None
    threshold: Decimal | None

    @property
    def all_final(self) -> bool:
        return bool(self.decisions) and all(d.is_final for d in self.decisions)

    @property
    def any_final(self) -> bool:
        return any(d.is_final for d in self.decisions)

    @property
    def outcome(self) -> str:
        """AWARD_FINAL, AWARD_NONFINAL or AWARD_MIXED (DOMAIN.md §7 close reasons)."""
        if self.all_final:
            return "AWARD_FINAL"
        return "AWARD_MIXED" if self.any_final else "AWARD_NONFINAL"

    @property
    def summary(self) -> str:
        if self.all_final:
            return "本裁决为终局裁决，自作出之日起发生法律效力。"
        if self.any_final:
            finals = "、".join(
                d.item.label or causes.official_label_of(d.item.cause) for d in self.decisions if d.is_final
            )
            return (
                f"本裁决第{'、'.join(str(i + 1) for i, d in enumerate(self.decisions) if d.is_final)}项"
                f"（{finals}）为终局裁决，其余各项为非终局裁决。"
            )
        return "本裁决为非终局裁决。"


def head_of(cause: str) -> tuple[str, str]:
    if cause not in causes.CAUSES:
        raise DomainError(f"未知的争议事项代码：{cause}", field="cause")
    if cause in _HEADS:
        return _HEADS[cause]
    return Head.NONE, causes.official_label_of(cause)


def determine(items: Iterable[ClaimItem], *, minimum_wage: Decimal | None) -> FinalityReport:
    """Decide each item against 12 × `minimum_wage` (the local monthly minimum on the award date)."""
    items = list(items)
    threshold = to_fen(minimum_wage * MONTHS) if minimum_wage is not None else None
    art47 = LegalBasis(ARBITRATION_LAW, "第四十七条")
    per_item = LegalBasis(SPC_INTERPRETATION, "第十九条")
    decisions = []
    for item in items:
        head, what = head_of(item.cause)
        if head == Head.STANDARDS:
            decisions.append(
                FinalityDecision(
                    item,
                    True,
                    head,
                    f"本项属于{what}，依照《劳动争议调解仲裁法》第四十七条第（二）项，为终局裁决。",
                    (art47,),
                )
            )
        elif head == Head.NONE:
            decisions.append(
                FinalityDecision(
                    item,
                    False,
                    head,
                    f"本项（{what}）不属于《劳动争议调解仲裁法》第四十七条规定的终局裁决事项，为非终局裁决。",
                    (art47,),
                )
            )
        else:
            if threshold is None:
                raise DomainError("未配置当地月最低工资标准，无法判断是否为终局裁决。请先维护地区标准。")
            if item.amount is None or item.amount < 0:
                raise DomainError(f"请填写“{item.label or what}”的裁决金额。", field="amount")
            amount = to_fen(item.amount)
            final = amount <= threshold
            comparison = "不超过" if final else "超过"
            decisions.append(
                FinalityDecision(
                    item,
                    final,
                    head,
                    f"本项系{what}，裁决金额{amount:,.2f}元，{comparison}当地月最低工资标准{to_fen(minimum_wage):,.2f}元"
                    f"的十二个月金额{threshold:,.2f}元，"
                    + (
                        "依照《劳动争议调解仲裁法》第四十七条第（一）项，为终局裁决。"
                        if final
                        else "不属于《劳动争议调解仲裁法》第四十七条第（一）项规定的终局裁决事项，"
                        "为非终局裁决。"
                    ),
                    (art47, per_item),
                )
            )
    return FinalityReport(tuple(decisions), minimum_wage, threshold)


def determine_for_region(items: Iterable[ClaimItem], *, region_code: str, on: date) -> FinalityReport:
    """`determine` with the monthly minimum wage in force in the region on the award date."""
    standard = standard_for(region_code, StandardKind.MIN_WAGE_MONTHLY, on)
    return determine(items, minimum_wage=standard.amount if standard else None)
