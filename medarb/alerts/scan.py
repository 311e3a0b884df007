"""The scan of intake against a unit's rules: what each rule finds in the cases received in
its window (pure grouping over two queries per rule), before any alert is raised.

- 群体性争议苗头 (collective wave): the workers of the cases against one employer with
  claims of the same kind (the top-level cause) received within `days`, at least `threshold`;
  twice the threshold raises the level by one.
- 同一用人单位案件多发 (repeat employer): at least `threshold` cases against one employer
  within `days`, whatever the claims.
- 大额争议 (large amount): one case claiming at least `amount`.
- 春节前欠薪申请激增 (festival surge): within `days` before the Spring Festival, the wage
  applications of the last 7 days at `threshold` per cent or more of the weekly average of the
  8 weeks before (and at least 5), the season's one alert (保障农民工工资支付条例 makes the
  run-up to the festival the time wage arrears are cleared).
- 工程建设领域欠薪 (construction arrears): the workers of wage cases against one employer of
  the construction industry (GB/T 4754 门类 E, recorded at filing) within `days`, at least
  `threshold` (保障农民工工资支付条例 第四章: wages in construction projects).
- 扬言采取集体行动 (threatened action): each case received within `days` whose workers said
  at filing that they would act together (petition, gathering, stoppage), one alert per case.

An employer is known by its unified social credit code, else by its name without spaces and
with full-width brackets made plain (the same company typed twice).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from medarb.alerts.models import AlertRule, Level, RuleKind
from medarb.cases import causes
from medarb.cases.employers import Industry
from medarb.cases.models import Case, Party, PartySide
from medarb.procedure.statutory import spring_festival

LEVELS = [Level.GENERAL, Level.SERIOUS, Level.MAJOR]
WAGES = "wages"  # the top-level cause of wage arrears (劳动报酬)
SURGE_WEEK = 7
SURGE_WEEKS = 8  # the baseline: the weekly average of the 8 weeks before the last 7 days
SURGE_MINIMUM = 5  # fewer wage applications in a week than this is no surge, whatever the ratio


@dataclass
class Finding:
    key: str
    title: str
    level: str
    case_ids: list[int] = field(default_factory=list)
    workers: int = 0
    amount: Decimal = Decimal(0)
    # What each case counts towards the rule's threshold (its workers, or one case), so the
    # cases an earlier, closed alert already handled can be left out of a new one.
    weights: dict[int, int] = field(default_factory=dict)
    threshold: int = 1

    def add(self, case: dict, weight: int) -> None:
        self.case_ids.append(case["id"])
        self.workers += case["worker_count"]
        self.amount += case["claimed_total"]
        self.weights[case["id"]] = weight

    def reaches(self, case_ids) -> bool:
        return sum(self.weights.get(pk, 0) for pk in case_ids) >= self.threshold


def employer_key(uscc: str, name: str) -> str:
    if uscc:
        return f"uscc:{uscc.upper()}"
    plain = name.replace(" ", "").replace("\u3000", "").replace("（", "(").replace("）", ")")
    return f"name:{plain}"


def _received(rule: AlertRule, first: date, last: date, *, cause: str = ""):
    """The rule's subtree's cases received from `first` to `last` (of one top-level cause)."""
    cases = Case.objects.filter(unit_path__startswith=rule.unit.path, received_on__range=(first, last))
    return cases.filter(primary_cause__startswith=f"{cause}.") if cause else cases


def _cases(rule: AlertRule, first: date, last: date, *, cause: str = "", **filters) -> list[dict]:
    rows = _received(rule, first, last, cause=cause).filter(**filters)
    return list(rows.values("id", "primary_cause", "worker_count", "claimed_total"))


def _window(rule: AlertRule, today: date, **filters) -> list[dict]:
    """The cases of the rule's window: its `days` up to `today` (those matching `filters`)."""
    return _cases(rule, today - timedelta(days=rule.days - 1), today, **filters)


def _employers(case_ids: list[int], **filters) -> dict[int, tuple[str, str]]:
    """Each case's first respondent organisation (of those matching `filters`): (key, name)."""
    found: dict[int, tuple[str, str]] = {}
    rows = Party.objects.filter(
        case_id__in=case_ids, side=PartySide.RESPONDENT, is_organisation=True, **filters
    )
    for row in rows.order_by("case_id", "pk").values("case_id", "uscc", "name"):
        found.setdefault(row["case_id"], (employer_key(row["uscc"], row["name"]), row["name"]))
    return found


def _raised(level: str) -> str:
    return LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]


def collective_wave(rule: AlertRule, today: date) -> list[Finding]:
    cases = _window(rule, today)
    employers = _employers([c["id"] for c in cases])
    groups: dict[tuple[str, str], Finding] = {}
    for case in cases:
        if case["id"] not in employers:
            continue
        key, name = employers[case["id"]]
        family = causes.top_of(case["primary_cause"])
        finding = groups.setdefault(
            (key, family),
            Finding(
                key=f"{key}|{family}",
                title=f"{name}（{causes.label_of(family)}）",
                level=rule.level,
                threshold=rule.threshold,
            ),
        )
        finding.add(case, case["worker_count"])
    found = []
    for finding in groups.values():
        if not finding.reaches(finding.case_ids):
            continue
        if finding.workers >= 2 * rule.threshold:
            finding.level = _raised(rule.level)
        finding.title = _("%(what)s：%(days)d 日内 %(n)d 名劳动者申请") % {
            "what": finding.title,
            "days": rule.days,
            "n": finding.workers,
        }
        found.append(finding)
    return found


def repeat_employer(rule: AlertRule, today: date) -> list[Finding]:
    cases = _window(rule, today)
    employers = _employers([c["id"] for c in cases])
    groups: dict[str, Finding] = defaultdict(
        lambda: Finding(key="", title="", level=rule.level, threshold=rule.threshold)
    )
    names: dict[str, str] = {}
    for case in cases:
        if case["id"] not in employers:
            continue
        key, names[key] = employers[case["id"]]
        groups[key].add(case, 1)
    found = []
    for key, finding in groups.items():
        if finding.reaches(finding.case_ids):
            finding.key = key
            finding.title = _("%(name)s：%(days)d 日内 %(n)d 件案件") % {
                "name": names[key],
                "days": rule.days,
                "n": len(finding.case_ids),
            }
            found.append(finding)
    return found


def large_amount(rule: AlertRule, today: date) -> list[Finding]:
    if rule.amount is None:
        return []
    found = []
    for case in _window(rule, today):
        if case["claimed_total"] >= rule.amount:
            finding = Finding(
                key=f"case:{case['id']}",
                title=_("大额争议：请求金额 %(amount)s 元") % {"amount": f"{case['claimed_total']:,.2f}"},
                level=rule.level,
            )
            finding.add(case, 1)
            found.append(finding)
    return found


def festival_surge(rule: AlertRule, today: date) -> list[Finding]:
    """In the `days` before the Spring Festival, the wage applications of the last 7 days
    against the weekly average of the 8 weeks before them: at `threshold` per cent of it or
    more (and at least SURGE_MINIMUM cases), one alert for the season."""
    festival = spring_festival(today.year)
    if festival <= today:
        festival = spring_festival(today.year + 1)
    if (festival - today).days > rule.days:
        return []
    week_start = today - timedelta(days=SURGE_WEEK - 1)
    week = _cases(rule, week_start, today, cause=WAGES)
    baseline_start = week_start - timedelta(days=SURGE_WEEK * SURGE_WEEKS)
    baseline = _received(rule, baseline_start, week_start - timedelta(days=1), cause=WAGES).count()
    average = baseline / SURGE_WEEKS
    if len(week) < SURGE_MINIMUM or len(week) * 100 < rule.threshold * average:
        return []
    finding = Finding(key=f"festival:{festival.isoformat()}", title="", level=rule.level)
    for case in week:
        finding.add(case, 1)
    finding.title = _(
        "春节前欠薪申请激增：近 7 日 %(n)d 件，前 8 周周均 %(avg).1f 件（春节 %(festival)s）"
    ) % {
        "n": len(week),
        "avg": average,
        "festival": festival.isoformat(),
    }
    return [finding]


def construction_arrears(rule: AlertRule, today: date) -> list[Finding]:
    cases = _window(rule, today, primary_cause__startswith=f"{WAGES}.")
    employers = _employers([c["id"] for c in cases], industry=Industry.CONSTRUCTION)
    groups: dict[str, Finding] = {}
    for case in cases:
        if case["id"] not in employers:
            continue
        key, name = employers[case["id"]]
        finding = groups.setdefault(
            key, Finding(key=f"construction:{key}", title=name, level=rule.level, threshold=rule.threshold)
        )
        finding.add(case, case["worker_count"])
    found = []
    for finding in groups.values():
        if finding.reaches(finding.case_ids):
            finding.title = _("%(name)s（建筑业）：%(days)d 日内 %(n)d 名劳动者申请追索劳动报酬") % {
                "name": finding.title,
                "days": rule.days,
                "n": finding.workers,
            }
            found.append(finding)
    return found


def threatened_action(rule: AlertRule, today: date) -> list[Finding]:
    found = []
    for case in _window(rule, today, threatens_collective_action=True):
        finding = Finding(
            key=f"case:{case['id']}",
            title=_("劳动者扬言采取集体行动：%(n)d 名劳动者") % {"n": case["worker_count"]},
            level=rule.level,
        )
        finding.add(case, 1)
        found.append(finding)
    return found


DETECTORS = {
    RuleKind.COLLECTIVE_WAVE: collective_wave,
    RuleKind.REPEAT_EMPLOYER: repeat_employer,
    RuleKind.LARGE_AMOUNT: large_amount,
    RuleKind.FESTIVAL_SURGE: festival_surge,
    RuleKind.CONSTRUCTION_ARREARS: construction_arrears,
    RuleKind.THREATENED_ACTION: threatened_action,
}


def findings(rule: AlertRule, today: date) -> list[Finding]:
    return DETECTORS[rule.kind](rule, today)
