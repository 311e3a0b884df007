"""Administrators' changes to the calendar and to the statutory periods."""

from datetime import date

from django.db import transaction

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError
from medarb.core.i18n import official
from medarb.procedure import calendar, rules
from medarb.procedure.models import HolidayOverride, RuleOverride
from medarb.procedure.rules import DayType


@transaction.atomic
def set_holiday_override(*, actor, day: date, is_working_day: bool, note: str = "") -> HolidayOverride:
    """Record one day of a State Council holiday notice (a holiday or an adjusted working day)."""
    override, _ = HolidayOverride.objects.update_or_create(
        day=day, defaults={"is_working_day": is_working_day, "note": note.strip()}
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=override,
        summary=f"节假日调整：{day} {'工作日' if is_working_day else '休息日'}",
    )
    transaction.on_commit(calendar.forget_overrides)
    calendar.forget_overrides()
    return override


@transaction.atomic
def remove_holiday_override(*, actor, day: date) -> None:
    deleted, _ = HolidayOverride.objects.filter(day=day).delete()
    if deleted:
        record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="procedure.holidayoverride",
            summary=f"删除节假日调整：{day}",
        )
    transaction.on_commit(calendar.forget_overrides)
    calendar.forget_overrides()


@transaction.atomic
def set_rule_override(*, actor, code: str, days: int, day_type: str, note: str = "") -> RuleOverride:
    """Count a statutory period differently here (e.g. a province reading Art. 80 otherwise)."""
    if code not in rules.RULES:
        raise DomainError("没有这个期间规则。", field="code")
    if day_type not in DayType.values:
        raise DomainError("计日方式只能是工作日或自然日。", field="day_type")
    if not 0 < days <= 365:
        raise DomainError("期间天数应在1至365日之间。", field="days")
    override, _ = RuleOverride.objects.update_or_create(
        code=code, defaults={"days": days, "day_type": day_type, "note": note.strip()}
    )
    # The audit log is written in the commission's language, whatever the screen shows.
    title, day_label = official(rules.RULES[code].title), official(DayType(day_type).label)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=override,
        summary=f"期间规则调整：{title} {days} {day_label}",
    )
    transaction.on_commit(rules.forget_overrides)
    rules.forget_overrides()
    return override


@transaction.atomic
def remove_rule_override(*, actor, code: str) -> None:
    deleted, _ = RuleOverride.objects.filter(code=code).delete()
    if deleted:
        record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="procedure.ruleoverride",
            summary=f"恢复法定期间：{code}",
        )
    transaction.on_commit(rules.forget_overrides)
    rules.forget_overrides()
