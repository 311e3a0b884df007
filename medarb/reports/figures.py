"""The periodic statistical tables (劳动人事争议处理情况统计表) of a unit's subtree over a period.

A flow over the period, as commissions file it: cases pending at the start, received,
accepted, closed by way of closure (cases.closure), pending at the end; so that for every row
pending at start + received = closed + pending at end. Then the cases by top-level cause, by
number of workers (collective disputes), the amounts claimed, awarded and agreed, the days
taken to close, and the mediation cases by level of the organisation that handled them.

The figures are plain JSON (numbers, amounts as strings, and for each cell the case-list
filters that give the cases behind it), so a kept report stores exactly what the screen shows
and the xlsx is written from the same cells.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from medarb.arbitration.models import AwardItem, AwardState
from medarb.cases import causes
from medarb.cases.closure import close_way_filter, pending_on_filter
from medarb.cases.employers import NOT_RECORDED, EmployerType, Industry
from medarb.cases.models import Case, CaseKind, Party, PartySide
from medarb.mediation.models import MediationFile
from medarb.orgs.models import MEDIATION_LEVEL_OF_KIND, MediationLevel, Unit

WAYS = ("mediated", "awarded", "final", "withdrawn", "transferred", "failed", "other")
FLOW = ("pending_start", "received", "accepted", "closed", *WAYS, "pending_end")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def before(self) -> date:
        return self.start - timedelta(days=1)


def subtree_cases(unit: Unit, *, user=None) -> QuerySet[Case]:
    """The cases of `unit` and the units below it; only those `user` may see, when given."""
    cases = Case.objects.visible_to(user) if user is not None else Case.objects.all()
    return cases.filter(unit_path__startswith=unit.path)


def _flow_aggregates(period: Period) -> dict:
    received = Q(received_on__range=(period.start, period.end))
    closed = Q(closed_on__range=(period.start, period.end))
    aggregates = {
        "pending_start": Count("id", filter=pending_on_filter(period.before)),
        "received": Count("id", filter=received),
        "accepted": Count("id", filter=Q(accepted_on__range=(period.start, period.end))),
        "closed": Count("id", filter=closed),
        "pending_end": Count("id", filter=pending_on_filter(period.end)),
        "workers": Sum("worker_count", filter=received),
        "claimed": Sum("claimed_total", filter=received),
    }
    for way in WAYS:
        aggregates[way] = Count("id", filter=closed & close_way_filter(way))
    return aggregates


def _grouped_flow(cases: QuerySet[Case], period: Period) -> list[dict]:
    """One GROUP BY (kind, unit kind, collective) over the cases that touch the period."""
    touching = cases.filter(received_on__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )
    return list(
        touching.order_by().values("kind", "unit__kind", "is_collective").annotate(**_flow_aggregates(period))
    )


def _add(groups: list[dict], keys=(*FLOW, "workers", "claimed")) -> dict:
    return {k: sum((g[k] or 0 for g in groups), 0) for k in keys}


def _money(value) -> str:
    return f"{Decimal(value or 0):.2f}"


def _cell(value, query: dict | None = None, *, count: bool = True) -> dict:
    return {"v": value, "q": query or {}, "n": count and query is not None}


def _flow_cells(values: dict, period: Period, base: dict, ways=WAYS) -> list[dict]:
    received = {"received_from": period.start.isoformat(), "received_to": period.end.isoformat()}
    closed = {"closed_from": period.start.isoformat(), "closed_to": period.end.isoformat()}
    accepted = {"accepted_from": period.start.isoformat(), "accepted_to": period.end.isoformat()}
    return [
        _cell(values["pending_start"], {**base, "pending_on": period.before.isoformat()}),
        _cell(values["received"], {**base, **received}),
        _cell(values["accepted"], {**base, **accepted}),
        _cell(values["closed"], {**base, **closed}),
        *[_cell(values[way], {**base, **closed, "close_way": way}) for way in ways],
        _cell(values["pending_end"], {**base, "pending_on": period.end.isoformat()}),
    ]


def _way_heads(ways) -> list[dict]:
    labels = {
        "mediated": _("调解"),
        "awarded": _("裁决"),
        "final": _("其中终局裁决"),
        "withdrawn": _("撤回"),
        "transferred": _("移送"),
        "failed": _("调解不成"),
        "other": _("其他"),
    }
    return [{"text": labels[w]} for w in ways]


def _flow_head(ways) -> list[list[dict]]:
    top = [
        {"text": _("项目"), "rows": 2},
        {"text": _("上期未结"), "rows": 2},
        {"text": _("本期收案"), "rows": 2},
        {"text": _("本期立案"), "rows": 2},
        {"text": _("本期结案"), "cols": len(ways) + 1},
        {"text": _("期末未结"), "rows": 2},
    ]
    return [top, [{"text": _("合计")}, *_way_heads(ways)]]


def _intake_table(groups: list[dict], period: Period) -> dict:
    rows = []
    for kind, label in ((CaseKind.ARBITRATION, _("仲裁案件")), (CaseKind.MEDIATION, _("调解案件"))):
        values = _add([g for g in groups if g["kind"] == kind])
        rows.append({"label": label, "cells": _flow_cells(values, period, {"kind": kind.value})})
    rows.append({"label": _("合计"), "cells": _flow_cells(_add(groups), period, {})})
    return {
        "key": "intake",
        "title": _("一、案件收结情况"),
        "unit": _("单位：件"),
        "head": _flow_head(WAYS),
        "rows": rows,
    }


def _cause_table(cases: QuerySet[Case], period: Period) -> dict:
    received = Q(received_on__range=(period.start, period.end))
    closed = Q(closed_on__range=(period.start, period.end))
    found: dict[str, dict[str, int]] = {}
    grouped = (
        cases.filter(received | closed)
        .order_by()
        .values("primary_cause")
        .annotate(received=Count("id", filter=received), closed=Count("id", filter=closed))
    )
    for row in grouped:
        counts = found.setdefault(causes.top_of(row["primary_cause"]), {"received": 0, "closed": 0})
        counts["received"] += row["received"]
        counts["closed"] += row["closed"]
    when = {
        "received": {"received_from": period.start.isoformat(), "received_to": period.end.isoformat()},
        "closed": {"closed_from": period.start.isoformat(), "closed_to": period.end.isoformat()},
    }
    rows = []
    for code, label in causes.TOP_CHOICES:
        counts = found.get(code, {"received": 0, "closed": 0})
        rows.append(
            {
                "label": str(label),
                "cells": [_cell(counts[k], {"cause": code, **when[k]}) for k in ("received", "closed")],
            }
        )
    total = [_cell(sum(c[k] for c in found.values()), when[k]) for k in ("received", "closed")]
    rows.append({"label": _("合计"), "cells": total})
    return {
        "key": "causes",
        "title": _("二、按争议事项"),
        "unit": _("单位：件"),
        "head": [[{"text": _("争议事项")}, {"text": _("本期收案")}, {"text": _("本期结案")}]],
        "rows": rows,
    }


def _workers_table(groups: list[dict], period: Period) -> dict:
    received = {"received_from": period.start.isoformat(), "received_to": period.end.isoformat()}
    rows = []
    for collective, label, flag in (
        (False, _("个人争议"), {"individual_only": "on"}),
        (True, _("集体争议（十人以上）"), {"collective_only": "on"}),
        (None, _("合计"), {}),
    ):
        values = _add([g for g in groups if collective is None or g["is_collective"] == collective])
        query = {**flag, **received}
        rows.append(
            {
                "label": label,
                "cells": [
                    _cell(values["received"], query),
                    _cell(values["workers"], query, count=False),
                ],
            }
        )
    return {
        "key": "workers",
        "title": _("三、按劳动者人数"),
        "unit": _("单位：件、人"),
        "head": [[{"text": _("类别")}, {"text": _("本期收案")}, {"text": _("涉及劳动者人数")}]],
        "rows": rows,
    }


def _amounts_table(cases: QuerySet[Case], groups: list[dict], period: Period) -> dict:
    received = {"received_from": period.start.isoformat(), "received_to": period.end.isoformat()}
    closed = {"closed_from": period.start.isoformat(), "closed_to": period.end.isoformat()}
    in_period = cases.filter(closed_on__range=(period.start, period.end))
    by_award = in_period.filter(close_way_filter("awarded"))
    awarded = AwardItem.objects.filter(
        award__state=AwardState.SERVED, award__case__in=by_award.order_by().values("pk")
    ).aggregate(amount=Sum("awarded"))["amount"]
    mediated = in_period.filter(close_way_filter("mediated"))
    agreed = MediationFile.objects.filter(case__in=mediated.order_by().values("pk")).aggregate(
        amount=Sum("amount_agreed")
    )["amount"]
    total = _add(groups)
    rows = [
        (_("本期收案请求金额"), total["received"], total["claimed"], received),
        (_("本期裁决结案裁决金额"), total["awarded"], awarded, {**closed, "close_way": "awarded"}),
        (_("本期调解结案协议金额"), total["mediated"], agreed, {**closed, "close_way": "mediated"}),
    ]
    return {
        "key": "amounts",
        "title": _("四、涉及金额"),
        "unit": _("单位：件、元"),
        "head": [[{"text": _("项目")}, {"text": _("案件数")}, {"text": _("金额（元）")}]],
        "rows": [
            {"label": label, "cells": [_cell(n, query), _cell(_money(amount), query, count=False)]}
            for label, n, amount, query in rows
        ],
    }


DAY_BANDS = ((0, 15), (16, 45), (46, 60), (61, None))


def _below(high: int | None) -> Q:
    return Q() if high is None else Q(span__lt=timedelta(days=high + 1))


def _spans_in_database(closed: QuerySet[Case]) -> dict[str, dict]:
    """Per kind: the cases, their days summed, and how many fall in each band of DAY_BANDS."""
    span = ExpressionWrapper(F("closed_on") - F("received_on"), output_field=DurationField())
    bands = {
        f"band{n}": Count("id", filter=Q(span__gte=timedelta(days=low)) & _below(high))
        for n, (low, high) in enumerate(DAY_BANDS)
    }
    rows = closed.annotate(span=span).values("kind").annotate(n=Count("id"), days=Sum("span"), **bands)
    return {row["kind"]: {**row, "days": (row["days"] or timedelta(0)).days} for row in rows}


def _spans_here(closed: QuerySet[Case]) -> dict[str, dict]:
    """The same from the two dates of each closed case: SQLite subtracts dates through a Python
    function per row, eight times slower than reading the dates (measured on the bench data)."""
    found: dict[str, dict] = {}
    for kind, received_on, closed_on in closed.values_list("kind", "received_on", "closed_on"):
        days = (closed_on - received_on).days
        row = found.setdefault(kind, {"n": 0, "days": 0, **{f"band{n}": 0 for n in range(len(DAY_BANDS))}})
        row["n"] += 1
        row["days"] += days
        for n, (low, high) in enumerate(DAY_BANDS):
            if low <= days and (high is None or days <= high):
                row[f"band{n}"] += 1
    return found


def _days_table(cases: QuerySet[Case], period: Period) -> dict:
    """Days from receipt to closure of the cases closed in the period, per kind."""
    closed = {"closed_from": period.start.isoformat(), "closed_to": period.end.isoformat()}
    closed_cases = cases.filter(closed_on__range=(period.start, period.end)).order_by()
    grouped = (
        _spans_in_database(closed_cases) if connection.vendor == "postgresql" else _spans_here(closed_cases)
    )
    bands = [f"band{n}" for n in range(len(DAY_BANDS))]
    rows = []
    for kind, label in (
        (CaseKind.ARBITRATION, _("仲裁案件")),
        (CaseKind.MEDIATION, _("调解案件")),
        (None, _("合计")),
    ):
        found = [grouped[kind]] if kind in grouped else [] if kind else list(grouped.values())
        n = sum(r["n"] for r in found)
        days = sum(r["days"] for r in found)
        query = {**closed, "kind": kind.value} if kind else closed
        average = f"{Decimal(days) / n:.1f}" if n else "—"
        rows.append(
            {
                "label": label,
                "cells": [
                    _cell(n, query),
                    *[_cell(sum(r[b] for r in found), query, count=False) for b in bands],
                    _cell(average, query, count=False),
                ],
            }
        )
    return {
        "key": "days",
        "title": _("五、结案用时（收件至结案）"),
        "unit": _("单位：件、天"),
        "head": [
            [
                {"text": _("项目"), "rows": 2},
                {"text": _("本期结案"), "rows": 2},
                {"text": _("其中用时"), "cols": len(DAY_BANDS)},
                {"text": _("平均天数"), "rows": 2},
            ],
            [
                {"text": _("15日以内")},
                {"text": _("16至45日")},
                {"text": _("46至60日")},
                {"text": _("60日以上")},
            ],
        ],
        "rows": rows,
    }


MEDIATION_WAYS = ("mediated", "failed", "withdrawn", "transferred", "other")


def _mediation_table(groups: list[dict], period: Period) -> dict:
    mediation = [g for g in groups if g["kind"] == CaseKind.MEDIATION]
    rows = []
    for level, label in MediationLevel.choices:
        kinds = {k for k, v in MEDIATION_LEVEL_OF_KIND.items() if v == level}
        values = _add([g for g in mediation if g["unit__kind"] in kinds])
        base = {"kind": CaseKind.MEDIATION.value, "level": level}
        rows.append({"label": str(label), "cells": _flow_cells(values, period, base, MEDIATION_WAYS)})
    total = _flow_cells(_add(mediation), period, {"kind": CaseKind.MEDIATION.value}, MEDIATION_WAYS)
    rows.append({"label": _("合计"), "cells": total})
    head = _flow_head(MEDIATION_WAYS)
    head[0][0] = {"text": _("调解组织层级"), "rows": 2}
    return {
        "key": "mediation",
        "title": _("六、调解组织调解情况"),
        "unit": _("单位：件"),
        "note": _("“其他”含不予受理等。"),
        "head": head,
        "rows": rows,
    }


def _employers_table(cases: QuerySet[Case], period: Period) -> dict:
    """The cases received and closed by the type and the industry of their respondent
    organisations (a case against two counts under each; 未登记: none recorded)."""
    received = Q(received_on__range=(period.start, period.end))
    closed = Q(closed_on__range=(period.start, period.end))
    touching = cases.filter(received | closed)
    when = {
        "received": {"received_from": period.start.isoformat(), "received_to": period.end.isoformat()},
        "closed": {"closed_from": period.start.isoformat(), "closed_to": period.end.isoformat()},
    }
    respondents = Party.objects.filter(case__in=touching, side=PartySide.RESPONDENT, is_organisation=True)
    counts = {
        "received": Count(
            "case", distinct=True, filter=Q(case__received_on__range=(period.start, period.end))
        ),
        "closed": Count("case", distinct=True, filter=Q(case__closed_on__range=(period.start, period.end))),
    }
    rows = []
    for field, choices, unknown_label in (
        ("employer_type", EmployerType.choices, _("单位类型未登记")),
        ("industry", Industry.choices, _("行业未登记")),
    ):
        found = {r[field]: r for r in respondents.exclude(**{field: ""}).values(field).annotate(**counts)}
        for code, label in choices:
            row = found.get(code, {"received": 0, "closed": 0})
            rows.append(
                {
                    "label": str(label),
                    "cells": [_cell(row[k], {field: code, **when[k]}) for k in ("received", "closed")],
                }
            )
        known = respondents.exclude(**{field: ""}).values("case_id")
        unknown = touching.exclude(pk__in=known).aggregate(
            received=Count("id", filter=received), closed=Count("id", filter=closed)
        )
        rows.append(
            {
                "label": unknown_label,
                "cells": [
                    _cell(unknown[k], {field: NOT_RECORDED, **when[k]}) for k in ("received", "closed")
                ],
            }
        )
    return {
        "key": "employers",
        "title": _("七、按用人单位类型和行业"),
        "unit": _("单位：件"),
        "note": _("先列单位类型，后列国民经济行业门类；一案有多个被申请单位的，分别计入。"),
        "head": [[{"text": _("用人单位")}, {"text": _("本期收案")}, {"text": _("本期结案")}]],
        "rows": rows,
    }


def build(*, unit: Unit, period: Period, user=None, keys: tuple[str, ...] | None = None) -> dict:
    """The tables of `unit`'s subtree over `period`; with `user`, only the cases they may see;
    with `keys`, only those tables (the dashboard needs two)."""
    cases = subtree_cases(unit, user=user)
    groups = _grouped_flow(cases, period)
    builders = {
        "intake": lambda: _intake_table(groups, period),
        "causes": lambda: _cause_table(cases, period),
        "workers": lambda: _workers_table(groups, period),
        "amounts": lambda: _amounts_table(cases, groups, period),
        "days": lambda: _days_table(cases, period),
        "mediation": lambda: _mediation_table(groups, period),
        "employers": lambda: _employers_table(cases, period),
    }
    return {
        "unit": {"id": unit.pk, "name": unit.name},
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "tables": [make() for key, make in builders.items() if keys is None or key in keys],
    }


def reconciles(figures: dict) -> bool:
    """Every row of the flow tables: pending at start + received = closed + pending at end."""
    for table in figures["tables"]:
        if table["key"] not in ("intake", "mediation"):
            continue
        for row in table["rows"]:
            values = [c["v"] for c in row["cells"]]
            if values[0] + values[1] != values[3] + values[-1]:
                return False
    return True
