"""Administrators' changes to the calendar, and units' readings of the statutory periods."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.i18n import official
from medarb.orgs.models import Unit
from medarb.procedure import calendar, rules
from medarb.procedure.models import CalendarWarning, HolidayArrangement, HolidayOverride, RuleOverride
from medarb.procedure.rules import DayType
from medarb.procedure.selectors import rule_units_of


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


def _require_rule_admin(actor, unit: Unit) -> None:
    if unit.pk not in {u.pk for u in rule_units_of(actor)}:
        raise NotAllowed(_("只有本单位的主任或单位管理员可以调整本单位的期间规则。"))


def _rule_label(days: int, day_type: str) -> str:
    return f"{days}{official(DayType(day_type).label)}"


@transaction.atomic
def enter_holiday_arrangement(
    *, actor, year: int, rest_days: list[date], working_days: list[date], notice: str
) -> HolidayArrangement:
    """Enter the State Council's holiday arrangement of a year the package does not know.

    The year then counts as weekends plus these days (no longer the statutory fallback and no
    longer provisional). Entering it again replaces the days entered with it before.
    """
    if calendar.package_knows_year(year):
        raise DomainError(
            f"系统已内置{year}年国务院节假日安排，无需录入；个别日期可用节假日调整修改。", field="year"
        )
    notice = notice.strip()
    if not notice:
        raise DomainError("请填写通知文号或来源。", field="notice")
    if not rest_days:
        raise DomainError("请至少填写一个放假日期。", field="rest_days")
    outside = sorted(d for d in [*rest_days, *working_days] if d.year != year)
    if outside:
        raise DomainError(f"{outside[0]} 不在{year}年内。", field="rest_days")
    both = sorted(set(rest_days) & set(working_days))
    if both:
        raise DomainError(f"{both[0]} 不能既放假又上班。", field="working_days")
    arrangement, created = HolidayArrangement.objects.update_or_create(
        year=year, defaults={"notice": notice, "entered_by": actor, "entered_at": timezone.now()}
    )
    HolidayOverride.objects.filter(arrangement=arrangement).delete()
    for day, working in [*((d, False) for d in rest_days), *((d, True) for d in working_days)]:
        HolidayOverride.objects.update_or_create(
            day=day,
            defaults={
                "is_working_day": working,
                "note": f"{year}年节假日安排（{'调休上班' if working else '放假'}）",
                "arrangement": arrangement,
            },
        )
    CalendarWarning.objects.filter(year=year, resolved_at__isnull=True).update(resolved_at=timezone.now())
    record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=arrangement,
        summary=(
            f"录入{year}年节假日安排（{notice}）：放假"
            + "、".join(d.isoformat() for d in sorted(set(rest_days)))
            + "；调休上班"
            + ("、".join(d.isoformat() for d in sorted(set(working_days))) or "无")
        ),
    )
    transaction.on_commit(calendar.forget_overrides)
    calendar.forget_overrides()
    return arrangement


def warn_if_next_year_unknown(*, today: date) -> CalendarWarning | None:
    """In November, tell calendar administrators when next year's arrangement is still unknown.

    The State Council usually publishes the next year's arrangement in October or November;
    until it is entered every deadline and booking in that year is provisional.
    """
    if today.month != 11:
        return None
    year = today.year + 1
    if calendar.is_known_year(year):
        CalendarWarning.objects.filter(year=year, resolved_at__isnull=True).update(resolved_at=timezone.now())
        return None
    warning, _ = CalendarWarning.objects.get_or_create(year=year, defaults={"raised_on": today})
    return warning


@transaction.atomic
def set_rule_override(
    *, actor, unit: Unit, code: str, days: int, day_type: str, note: str = "", request=None
) -> RuleOverride:
    """Count a statutory period differently in `unit` and below it (本委规则), never below
    the law's floor nor above its cap; audited with the old and the new reading."""
    _require_rule_admin(actor, unit)
    if code not in rules.RULES:
        raise DomainError(_("没有这个期间规则。"), field="code")
    if day_type not in DayType.values:
        raise DomainError(_("计日方式只能是工作日或自然日。"), field="day_type")
    if not 0 < days <= 365:
        raise DomainError(_("期间天数应在1至365日之间。"), field="days")
    refusal = rules.bounds_error(code, days)
    if refusal:
        raise DomainError(refusal, field="days")
    before = rules.rule(code, unit)
    override, _created = RuleOverride.objects.update_or_create(
        unit=unit,
        code=code,
        defaults={"days": days, "day_type": day_type, "note": note.strip(), "set_by": actor},
    )
    # The audit log is written in the commission's language, whatever the screen shows.
    title = official(rules.RULES[code].title)
    old, new = _rule_label(before.days, before.day_type), _rule_label(days, day_type)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=override,
        summary=f"期间规则调整（{unit.name}）：{title} {old} → {new}",
        data={
            "unit": unit.pk,
            "code": code,
            "old": {"days": before.days, "day_type": before.day_type, "overridden": before.overridden},
            "new": {"days": days, "day_type": day_type},
            "note": note.strip(),
        },
        request=request,
    )
    transaction.on_commit(rules.forget_overrides)
    rules.forget_overrides()
    return override


@transaction.atomic
def remove_rule_override(*, actor, override: RuleOverride, request=None) -> None:
    """Back to the law (or to the reading of a unit above) for this unit; audited."""
    unit = override.unit
    _require_rule_admin(actor, unit)
    code = override.code
    old = _rule_label(override.days, override.day_type)
    override.delete()
    rules.forget_overrides()
    after = rules.rule(code, unit)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type="procedure.ruleoverride",
        summary=(
            f"恢复期间规则（{unit.name}）：{official(rules.RULES[code].title)} "
            f"{old} → {_rule_label(after.days, after.day_type)}"
        ),
        data={
            "unit": unit.pk,
            "code": code,
            "old": {"days": override.days, "day_type": override.day_type},
            "new": {"days": after.days, "day_type": after.day_type, "overridden": after.overridden},
        },
        request=request,
    )
    transaction.on_commit(rules.forget_overrides)
