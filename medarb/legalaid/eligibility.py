"""Who gets legal aid (法律援助法 Art. 31, 32, 34): a worker's matter of Art. 31, no agent of
their own, and financial hardship — a household income per head at or under the province's
line in force on the day the application was received — unless a local rule waives the
hardship test for that matter (Art. 32 (五))."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from medarb.cases.models import Party
from medarb.legalaid.models import Matter, Waiver
from medarb.orgs.models import StandardKind
from medarb.orgs.selectors import standard_for


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]
    line: Decimal | None = None
    waived_by: str = ""


def waiver_for(unit_path: str, matter: str, *, migrant: bool, on: date) -> Waiver | None:
    ancestors = [unit_path[: i + 1] for i, ch in enumerate(unit_path) if ch == "/"]
    waivers = Waiver.objects.filter(unit__path__in=ancestors, matter=matter, effective_from__lte=on)
    return next((w for w in waivers if migrant or not w.migrant_only), None)


def has_agent(party: Party) -> bool:
    return Party.objects.filter(principal=party).exists()


def examine(
    *, party: Party, matter: str, income: Decimal | None, migrant: bool, on: date, unit
) -> Eligibility:
    reasons = []
    if matter not in Matter.values:
        reasons.append(_("申请事项不属于《法律援助法》第三十一条规定的劳动者可以申请的事项。"))
    if has_agent(party):
        reasons.append(_("申请人已经委托代理人（第三十一条：因经济困难没有委托代理人）。"))
    waiver = waiver_for(unit.path, matter, migrant=migrant, on=on)
    if waiver is not None:
        return Eligibility(not reasons, reasons, None, waiver.source)
    standard = standard_for(unit.region_code, StandardKind.LEGAL_AID_LINE, on)
    if standard is None:
        reasons.append(_("本地区尚未设置法律援助经济困难标准，请联系管理员。"))
        return Eligibility(False, reasons)
    if income is None:
        reasons.append(_("请填写家庭人均月收入并提供证明。"))
    elif income > standard.amount:
        reasons.append(
            _("家庭人均月收入 %(income)s 元高于本地经济困难标准 %(line)s 元（第三十四条）。")
            % {"income": income, "line": standard.amount}
        )
    return Eligibility(not reasons, reasons, standard.amount)
