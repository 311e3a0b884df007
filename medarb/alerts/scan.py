"""The scan of intake against a unit's rules: what each rule finds in the cases received in
its window (pure grouping over two queries per rule), before any alert is raised.

- 群体性争议苗头 (collective wave): the workers of the cases against one employer with
  claims of the same kind (the top-level cause) received within `days`, at least `threshold`;
  twice the threshold raises the level by one.
- 同一用人单位案件多发 (repeat employer): at least `threshold` cases against one employer
  within `days`, whatever the claims.
- 大额争议 (large amount): one case claiming at least `amount`.

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
from medarb.cases.models import Case, Party, PartySide

LEVELS = [Level.GENERAL, Level.SERIOUS, Level.MAJOR]


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


def _cases(rule: AlertRule, today: date) -> list[dict]:
    since = today - timedelta(days=rule.days - 1)
    return list(
        Case.objects.filter(unit_path__startswith=rule.unit.path, received_on__range=(since, today)).values(
            "id", "primary_cause", "worker_count", "claimed_total"
        )
    )


def _employers(case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each case's first respondent organisation: (key, name)."""
    found: dict[int, tuple[str, str]] = {}
    rows = Party.objects.filter(case_id__in=case_ids, side=PartySide.RESPONDENT, is_organisation=True)
    for row in rows.order_by("case_id", "pk").values("case_id", "uscc", "name"):
        found.setdefault(row["case_id"], (employer_key(row["uscc"], row["name"]), row["name"]))
    return found


def _raised(level: str) -> str:
    return LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]


def collective_wave(rule: AlertRule, today: date) -> list[Finding]:
    cases = _cases(rule, today)
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
    cases = _cases(rule, today)
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
    for case in _cases(rule, today):
        if case["claimed_total"] >= rule.amount:
            finding = Finding(
                key=f"case:{case['id']}",
                title=_("大额争议：请求金额 %(amount)s 元") % {"amount": f"{case['claimed_total']:,.2f}"},
                level=rule.level,
            )
            finding.add(case, 1)
            found.append(finding)
    return found


DETECTORS = {
    RuleKind.COLLECTIVE_WAVE: collective_wave,
    RuleKind.REPEAT_EMPLOYER: repeat_employer,
    RuleKind.LARGE_AMOUNT: large_amount,
}


def findings(rule: AlertRule, today: date) -> list[Finding]:
    return DETECTORS[rule.kind](rule, today)
