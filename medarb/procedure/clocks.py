"""Statutory clocks on a case: start, stop, pause, resume, extend (DOMAIN.md §2.2).

A restart (correction, an added party, changed claims, a merged counterclaim, a transfer)
is `start_deadline` again: the live clock of that rule is stopped and a new one counts from
the new start. Suspension and service by publication pause clocks; on resumption the days
that were left at the pause are given back (natural days for natural-day clocks, working
days for working-day clocks). An approved extension adds natural days, up to the maximum of
the rule's extension rule.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from medarb.core.errors import DomainError, ProcedureError
from medarb.procedure.calendar import (
    PROVISIONAL,
    add_period,
    days_between,
    due_date,
    explain,
    provisional_between,
)
from medarb.procedure.models import Deadline, DeadlineState, Flag, Task, TaskState
from medarb.procedure.rules import DayType, Direction, rule

LIVE = (DeadlineState.RUNNING, DeadlineState.PAUSED)


@dataclass(frozen=True)
class DeadlineView:
    code: str
    title: str
    due_on: date | None
    days_left: int | None  # in the rule's day type; negative = overdue; None when closed
    day_type: str
    paused: bool
    article: str
    state: str
    explanation: str
    started_on: date
    extended_days: int
    paused_days: int
    flag: str
    # Counted under a unit's own reading of the period (本委规则), not the law's; `local_unit`
    # names the unit whose override it is, when that override still stands.
    local_rule: bool = False
    local_unit: str = ""
    days: int = 0  # the period as counted when the clock started
    # The due date rests on the statutory fallback of a year whose arrangement is unknown.
    provisional: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def day_unit(self) -> str:
        return "个工作日" if self.day_type == DayType.WORKING else "日"


def _live(case, rule_codes: Iterable[str] | None = None, *, states=LIVE):
    qs = Deadline.objects.select_for_update().filter(case=case, state__in=states)
    if rule_codes is not None:
        qs = qs.filter(rule_code__in=list(rule_codes))
    return qs


def _natural_due(deadline: Deadline) -> date:
    """Start + period + extension + days spent paused, rolled to a working day (民诉法 85)."""
    total = deadline.days + deadline.extended_days + deadline.paused_days
    return add_period(deadline.started_on, total, DayType.NATURAL)


def _move_tasks(deadline: Deadline) -> None:
    Task.objects.filter(deadline=deadline, state=TaskState.OPEN).update(due_on=deadline.due_on)


@transaction.atomic
def start_deadline(*, case, rule_code: str, start: date) -> Deadline:
    """Start the clock of `rule_code` on `start`, counted as the case's unit reads the period
    (its nearest override, else the law); a live clock of the same rule restarts."""
    r = rule(rule_code, case.unit_path)
    due = due_date(rule_code, start, case.unit_path)
    previous = _live(case, [rule_code]).first()
    if previous is not None:
        previous.state, previous.stopped_on, previous.flag = DeadlineState.STOPPED, start, Flag.NONE
        previous.save(update_fields=["state", "stopped_on", "flag"])
    deadline = Deadline.objects.create(
        case=case,
        rule_code=rule_code,
        days=r.days,
        day_type=r.day_type,
        started_on=start,
        base_due_on=due,
        due_on=due,
    )
    if previous is not None:
        Task.objects.filter(deadline=previous, state=TaskState.OPEN).update(deadline=deadline, due_on=due)
    return deadline


@transaction.atomic
def stop_deadline(*, case, rule_code: str, on: date, met: bool = True) -> None:
    """Stop the live clock of `rule_code`: met (the act was done) or stopped (no longer runs)."""
    for deadline in _live(case, [rule_code]):
        deadline.state = DeadlineState.MET if met else DeadlineState.STOPPED
        deadline.stopped_on, deadline.flag = on, Flag.NONE
        deadline.save(update_fields=["state", "stopped_on", "flag"])


@transaction.atomic
def pause_deadlines(*, case, on: date, rule_codes: Iterable[str] | None = None) -> None:
    """Pause running clocks (suspension 中止, service by publication): Art. 46 does not count it."""
    for deadline in _live(case, rule_codes, states=[DeadlineState.RUNNING]):
        deadline.days_left_at_pause = days_between(on, deadline.due_on, deadline.day_type)
        deadline.state, deadline.paused_since, deadline.flag = DeadlineState.PAUSED, on, Flag.NONE
        deadline.save(update_fields=["days_left_at_pause", "state", "paused_since", "flag"])
        Task.objects.filter(deadline=deadline, state=TaskState.OPEN).update(flag=Flag.NONE)


@transaction.atomic
def resume_deadlines(*, case, on: date, rule_codes: Iterable[str] | None = None) -> None:
    """Resume paused clocks, giving back the days that were left when they were paused."""
    for deadline in _live(case, rule_codes, states=[DeadlineState.PAUSED]):
        if on < deadline.paused_since:
            raise DomainError("恢复日期不能早于暂停日期。", field="on")
        deadline.paused_days += (on - deadline.paused_since).days
        left = deadline.days_left_at_pause or 0
        if deadline.day_type == DayType.NATURAL:
            deadline.due_on = _natural_due(deadline)
        elif left > 0:
            deadline.due_on = add_period(on, left, DayType.WORKING)
        deadline.state, deadline.paused_since, deadline.days_left_at_pause = DeadlineState.RUNNING, None, None
        deadline.save(update_fields=["paused_days", "due_on", "state", "paused_since", "days_left_at_pause"])
        _move_tasks(deadline)


@transaction.atomic
def extend_deadline(*, case, rule_code: str, days: int) -> Deadline:
    """Extend a running clock by `days` natural days, up to the cap of the rule's extension
    rule as the case's unit reads it (Law 43: the award period, ≤ 15 days)."""
    r = rule(rule_code, case.unit_path)
    if not r.extension_rule:
        raise ProcedureError(f"“{r.title}”不能延长。")
    cap_rule = rule(r.extension_rule, case.unit_path)
    cap = cap_rule.days
    if days <= 0:
        raise DomainError("延长天数必须大于零。", field="days")
    deadline = _live(case, [rule_code]).first()
    if deadline is None:
        raise ProcedureError(f"本案没有正在计算的“{r.title}”，无法延长。")
    if deadline.state == DeadlineState.PAUSED:
        raise ProcedureError("期限暂停期间不能延长，请在恢复后再办理延长。")
    if deadline.extended_days + days > cap:
        already = f"（已延长{deadline.extended_days}日）" if deadline.extended_days else ""
        raise ProcedureError(
            f"“{r.title}”延长期限合计不得超过{cap}日{already}，依据{cap_rule.article}"
            f"{'（本委规则）' if cap_rule.overridden else ''}。"
        )
    deadline.extended_days += days
    if deadline.day_type == DayType.NATURAL:
        deadline.due_on = _natural_due(deadline)
    else:
        deadline.due_on = add_period(deadline.due_on, days, DayType.NATURAL)
    deadline.save(update_fields=["extended_days", "due_on"])
    _move_tasks(deadline)
    return deadline


def days_left(deadline: Deadline, today: date) -> int | None:
    if deadline.state == DeadlineState.PAUSED:
        return deadline.days_left_at_pause
    if deadline.state != DeadlineState.RUNNING or deadline.due_on is None:
        return None
    return days_between(today, deadline.due_on, deadline.day_type)


def _unit_path(deadline: Deadline) -> str:
    """The case's unit path: annotated by the queries below, else read through the case."""
    path = getattr(deadline, "case_unit_path", None)
    return path if path is not None else deadline.case.unit_path


def _explanation(deadline: Deadline, r) -> str:
    if (deadline.days, deadline.day_type) == (r.days, r.day_type):
        text = explain(deadline.rule_code, deadline.started_on, _unit_path(deadline))
    else:
        unit = "个工作日" if deadline.day_type == DayType.WORKING else "日"
        text = (
            f"依据{r.article}，自{deadline.started_on:%Y-%m-%d}起算（当日不计入），"
            f"期间为{deadline.days}{unit}（按起算时的规则计算）。"
        )
    if r.direction == Direction.BEFORE:
        return text
    if deadline.paused_days:
        text += f"中止等不计入审理期限的期间共{deadline.paused_days}日已扣除。"
    if deadline.state == DeadlineState.PAUSED:
        text += f"自{deadline.paused_since:%Y-%m-%d}起暂停计算，恢复后继续计算剩余期间。"
    if deadline.extended_days:
        text += f"经批准延长{deadline.extended_days}日。"
    if (
        deadline.due_on
        and deadline.due_on != deadline.base_due_on
        and deadline.state == DeadlineState.RUNNING
    ):
        text += f"现届满日为{deadline.due_on:%Y-%m-%d}。"
    return text


def counts_by_local_rule(deadline: Deadline) -> bool:
    """Whether the clock runs for a period the commission set (本委规则), not the law's."""
    law = rule(deadline.rule_code)
    return (deadline.days, deadline.day_type) != (law.days, law.day_type)


def view_of(deadline: Deadline, today: date) -> DeadlineView:
    r = rule(deadline.rule_code, _unit_path(deadline))
    local = counts_by_local_rule(deadline)
    same_as_now = (deadline.days, deadline.day_type) == (r.days, r.day_type)
    provisional = provisional_between(deadline.started_on, deadline.due_on or deadline.started_on)
    explanation = _explanation(deadline, r)
    if provisional and str(PROVISIONAL) not in explanation:
        explanation += f"{PROVISIONAL}：届满日按法定节假日暂定，以国务院公布的安排为准。"
    return DeadlineView(
        code=deadline.rule_code,
        title=r.title,
        due_on=deadline.due_on,
        days_left=days_left(deadline, today),
        day_type=deadline.day_type,
        paused=deadline.state == DeadlineState.PAUSED,
        article=r.article,
        state=deadline.state,
        explanation=explanation,
        started_on=deadline.started_on,
        extended_days=deadline.extended_days,
        paused_days=deadline.paused_days,
        flag=deadline.flag,
        local_rule=local,
        local_unit=r.override_unit if local and same_as_now else "",
        days=deadline.days,
        provisional=provisional,
    )


def deadlines_for(case, *, today: date | None = None, include_closed: bool = False) -> list[DeadlineView]:
    """The case's clocks (live ones unless `include_closed`), soonest first, paused last."""
    today = today or timezone.localdate()
    qs = Deadline.objects.filter(case=case)
    if not include_closed:
        qs = qs.filter(state__in=LIVE)
    views = []
    for deadline in qs.order_by("state", "due_on", "id"):
        deadline.case_unit_path = case.unit_path
        views.append(view_of(deadline, today))
    return sorted(views, key=_soonest_first)


def _soonest_first(view: DeadlineView):
    return (view.state not in LIVE, view.paused, view.due_on or date.max - timedelta(days=1))


def live_deadlines_by_case(case_ids: list[int], *, today: date) -> dict[int, list[DeadlineView]]:
    """`deadlines_for` of several cases in one query: case id → live clocks, soonest first."""
    grouped: dict[int, list[DeadlineView]] = {}
    live = Deadline.objects.filter(case_id__in=case_ids, state__in=LIVE).annotate(
        case_unit_path=F("case__unit_path")
    )
    for deadline in live.order_by("due_on", "id"):
        grouped.setdefault(deadline.case_id, []).append(view_of(deadline, today))
    for views in grouped.values():
        views.sort(key=_soonest_first)
    return grouped
