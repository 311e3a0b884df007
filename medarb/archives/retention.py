"""How long a dossier is kept (Rules Art. 24): a dossier closed by an award at least ten years,
one closed by mediation or any other way at least five, unless national rules say otherwise.
The district admin may lengthen a period (or keep a kind permanently) per case kind and way of
closure; a rule may never go below the statutory minimum."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from medarb.archives.models import RetentionRule
from medarb.cases.models import Case, CaseKind

ARTICLE = "《劳动人事争议仲裁办案规则》第二十四条"
AWARD_YEARS = 10
OTHER_YEARS = 5
YEAR_CHOICES = (5, 10, 15, 20, 30, 50)
AWARD_REASONS = frozenset({"award_final", "award_nonfinal", "award_mixed"})

# The ways a case is closed (Case.close_reason), as the rules page names them.
CLOSE_REASONS: dict[str, dict[str, str]] = {
    CaseKind.ARBITRATION: {
        "award_final": _("终局裁决"),
        "award_nonfinal": _("非终局裁决"),
        "award_mixed": _("部分终局裁决"),
        "mediated": _("仲裁调解"),
        "withdrawn": _("撤回申请"),
        "deemed_withdrawn": _("按撤回处理"),
        "revoked_case": _("撤销案件"),
        "not_accepted": _("不予受理"),
        "transferred": _("移送管辖"),
        "": _("其他方式"),
    },
    CaseKind.MEDIATION: {
        "mediated": _("调解成功"),
        "agreement": _("达成调解协议"),
        "failed": _("调解不成"),
        "withdrawn": _("撤回申请"),
        "refused": _("不予受理"),
        "transferred": _("移送/转仲裁"),
        "": _("其他方式"),
    },
}


def statutory_years(kind: str, close_reason: str) -> int:
    return AWARD_YEARS if kind == CaseKind.ARBITRATION and close_reason in AWARD_REASONS else OTHER_YEARS


@dataclass(frozen=True)
class Period:
    years: int | None  # None: kept permanently
    minimum: int
    overridden: bool

    @property
    def label(self) -> str:
        return str(_("永久")) if self.years is None else str(_("%(n)s年") % {"n": self.years})


def rules_for(unit_path: str) -> dict[tuple[str, str], int | None]:
    """The rules that apply under `unit_path`: the nearest unit's rule of each key wins."""
    ancestors = [unit_path[: i + 1] for i, ch in enumerate(unit_path) if ch == "/"]
    found = RetentionRule.objects.filter(unit__path__in=ancestors).select_related("unit")
    rules: dict[tuple[str, str], int | None] = {}
    for rule in sorted(found, key=lambda r: len(r.unit.path)):
        rules[(rule.kind, rule.close_reason)] = rule.years
    return rules


def period_for(kind: str, close_reason: str, *, rules: dict) -> Period:
    minimum = statutory_years(kind, close_reason)
    for key in ((kind, close_reason), (kind, "")):
        if key in rules:
            years = rules[key]
            return Period(None if years is None else max(years, minimum), minimum, True)
    return Period(minimum, minimum, False)


def period_of(case: Case) -> Period:
    return period_for(case.kind, case.close_reason or "", rules=rules_for(case.unit_path))


def retain_until(closed_on: date, years: int | None) -> date | None:
    """Kept from the year after closure (archives count whole years from 1 January)."""
    if years is None:
        return None
    return date(closed_on.year + 1 + years, 1, 1)


def table(unit) -> list[dict]:
    """Every (kind, way of closure) with the period that applies in `unit`, for the rules page."""
    rules = rules_for(unit.path)
    return [
        {
            "kind": kind,
            "kind_label": CaseKind(kind).label,
            "reason": reason,
            "reason_label": label,
            "period": period_for(kind, reason, rules=rules),
            "choices": [n for n in YEAR_CHOICES if n >= statutory_years(kind, reason)],
        }
        for kind, reasons in CLOSE_REASONS.items()
        for reason, label in reasons.items()
    ]
