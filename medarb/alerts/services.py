"""Early warning's use cases: setting a rule, the scan raising or extending alerts and
telling the linked units and contacts, and the joint handling of an alert: an owner, joint
meetings (联席会议) with sealed minutes, follow-up tasks, closure with the outcome."""

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.alerts import scan
from medarb.alerts.minutes import sealed_minutes
from medarb.alerts.models import (
    Alert,
    AlertRule,
    AlertState,
    Contact,
    FollowUp,
    JointMeeting,
    Notice,
    RuleKind,
)
from medarb.alerts.selectors import may_complete, may_handle, may_own, may_set_rules
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.sms import SmsError, send_sms
from medarb.core.validators import parse_phone
from medarb.orgs.selectors import active_memberships

log = logging.getLogger(__name__)

DEFAULTS = {
    RuleKind.COLLECTIVE_WAVE: {"threshold": 10, "days": 10},
    RuleKind.REPEAT_EMPLOYER: {"threshold": 5, "days": 90},
    RuleKind.LARGE_AMOUNT: {"threshold": 1, "days": 7},  # a week back: no case slips past midnight
    RuleKind.FESTIVAL_SURGE: {"threshold": 150, "days": 30},  # per cent of the usual week; days before
    RuleKind.CONSTRUCTION_ARREARS: {"threshold": 3, "days": 30},
    RuleKind.THREATENED_ACTION: {"threshold": 1, "days": 7},  # as the large amount: a week back
}


# --- rules --------------------------------------------------------------------------------------


@transaction.atomic
def save_rule(
    *,
    actor,
    unit,
    kind: str,
    enabled: bool,
    level: str,
    threshold: int,
    days: int,
    amount=None,
    linked_units=(),
    request=None,
) -> AlertRule:
    if not may_set_rules(actor, unit):
        raise NotAllowed(_("只有本单位的负责人或管理员可以设置预警规则。"))
    if kind not in RuleKind.values:
        raise DomainError(_("没有这种预警类型。"))
    if not 1 <= threshold <= 10_000 or not 1 <= days <= 366:
        raise DomainError(_("人数/件数应在 1 至 10000 之间，天数应在 1 至 366 之间。"), field="threshold")
    if kind == RuleKind.LARGE_AMOUNT and (amount is None or amount <= 0):
        raise DomainError(_("大额争议须设定金额。"), field="amount")
    rule, _created = AlertRule.objects.update_or_create(
        unit=unit,
        kind=kind,
        defaults={
            "enabled": enabled,
            "level": level,
            "threshold": threshold,
            "days": days,
            "amount": amount,
            "updated_by": actor,
        },
    )
    rule.linked_units.set(linked_units)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=rule,
        summary=_("设置预警规则：%(rule)s") % {"rule": rule.get_kind_display()},
        data={"enabled": enabled, "threshold": threshold, "days": days, "amount": str(amount or "")},
        request=request,
    )
    return rule


def add_contact(*, actor, unit, department: str, name: str, phone: str, request=None) -> Contact:
    if not may_set_rules(actor, unit):
        raise NotAllowed(_("只有本单位的负责人或管理员可以设置联动部门联系人。"))
    if not department.strip() or not name.strip():
        raise DomainError(_("请填写部门和联系人。"), field="contact_name")
    try:
        phone = parse_phone(phone)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="contact_phone") from exc
    contact = Contact.objects.create(
        unit=unit, department=department.strip()[:60], name=name.strip()[:30], phone=phone
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=contact,
        summary=_("添加联动部门联系人：%(who)s") % {"who": contact},
        request=request,
    )
    return contact


def remove_contact(*, actor, contact: Contact, request=None) -> None:
    if not may_set_rules(actor, contact.unit):
        raise NotAllowed(_("只有本单位的负责人或管理员可以设置联动部门联系人。"))
    contact.active = False
    contact.save(update_fields=["active"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=contact,
        summary=_("停用联动部门联系人：%(who)s") % {"who": contact},
        request=request,
    )


# --- the scan -------------------------------------------------------------------------------------


def run_scan(*, today: date) -> list[Alert]:
    """Every enabled rule over its window: a finding raises an alert, or extends the open
    alert of the same key with its new cases (a wave that goes on is one alert)."""
    touched = []
    for rule in AlertRule.objects.filter(enabled=True).select_related("unit"):
        for finding in scan.findings(rule, today):
            alert, is_new = _raise(rule, finding)
            if alert is not None:
                touched.append(alert)
                if is_new:
                    transaction.on_commit(lambda alert=alert: notify(alert=alert))
    return touched


@transaction.atomic
def _raise(rule: AlertRule, finding: scan.Finding) -> tuple[Alert | None, bool]:
    AlertRule.objects.select_for_update().filter(pk=rule.pk).first()  # one scan at a time per rule
    alert = Alert.objects.filter(rule=rule, key=finding.key).exclude(state=AlertState.CLOSED).first()
    if alert is None:
        # Cases a closed alert of the same key handled are not raised again.
        handled = set(
            Alert.cases.through.objects.filter(
                alert__rule=rule, alert__key=finding.key, case_id__in=finding.case_ids
            ).values_list("case_id", flat=True)
        )
        fresh = [pk for pk in finding.case_ids if pk not in handled]
        if not finding.reaches(fresh):
            return None, False
        alert = Alert.objects.create(rule=rule, unit=rule.unit, key=finding.key, level=finding.level)
        alert.cases.set(fresh)
        _sum_up(alert, finding)
        return alert, True
    known = set(alert.cases.values_list("pk", flat=True))
    new = [pk for pk in finding.case_ids if pk not in known]
    if not new:
        return None, False
    alert.cases.add(*new)
    _sum_up(alert, finding)
    return alert, False


def _sum_up(alert: Alert, finding: scan.Finding) -> None:
    """Workers and amount of all the alert's cases; the finding's title and (a higher) level."""
    totals = alert.cases.aggregate(workers=Sum("worker_count"), amount=Sum("claimed_total"))
    alert.workers, alert.amount = totals["workers"] or 0, totals["amount"] or 0
    alert.title = finding.title[:200]
    if scan.LEVELS.index(finding.level) > scan.LEVELS.index(alert.level):
        alert.level = finding.level
    alert.save(update_fields=["workers", "amount", "title", "level", "updated_at"])


def notify(*, alert: Alert) -> list[Notice]:
    """Tell the rule's linked units (their dashboards) and the unit's active contacts (SMS)."""
    notices = [Notice.objects.create(alert=alert, unit=unit) for unit in alert.rule.linked_units.all()]
    for contact in Contact.objects.filter(unit=alert.unit, active=True):
        failed = ""
        try:
            send_sms(
                phone=contact.phone,
                template=settings.SMS_TEMPLATE_ALERT,
                params={
                    "unit": alert.unit.name,
                    "title": alert.title[:60],
                    "level": alert.get_level_display(),
                },
                out_id=f"alert-{alert.pk}-{contact.pk}",
            )
        except SmsError as exc:
            log.warning("alert %s: SMS to contact %s failed: %s", alert.pk, contact.pk, exc)
            failed = str(exc)[:200]
        notices.append(Notice.objects.create(alert=alert, contact=contact, failed=failed))
    return notices


# --- handling -------------------------------------------------------------------------------------


def _require_handler(actor, alert: Alert) -> None:
    if not may_handle(actor, alert):
        raise NotAllowed(_("只有预警所在单位的负责人、管理员或处置责任人可以处置预警。"))
    if alert.state == AlertState.CLOSED:
        raise DomainError(_("该预警已办结。"))


def _log(actor, alert: Alert, summary: str, request=None, **data) -> None:
    record(actor=actor, action=AuditAction.UPDATE, obj=alert, summary=summary, data=data, request=request)


def mark_read(*, alert: Alert, actor) -> None:
    """The linked unit's staff opened the alert: its notice is read."""
    units = [m.unit_id for m in active_memberships(actor)]
    Notice.objects.filter(alert=alert, unit_id__in=units, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=actor
    )


def assign_owner(*, alert: Alert, actor, owner, request=None) -> Alert:
    _require_handler(actor, alert)
    if not may_own(owner, alert):
        raise DomainError(_("处置责任人须是预警单位或联动单位的工作人员。"), field="owner")
    alert.owner = owner
    alert.save(update_fields=["owner", "updated_at"])
    _log(actor, alert, _("指定预警处置责任人：%(name)s") % {"name": owner}, request, owner=owner.pk)
    return alert


@transaction.atomic
def call_meeting(*, alert: Alert, actor, held_at: datetime, place: str, attendees: str, request=None):
    _require_handler(actor, alert)
    if not place.strip() or not attendees.strip():
        raise DomainError(_("请填写会议地点和参会单位、人员。"))
    meeting = JointMeeting.objects.create(
        alert=alert, called_by=actor, held_at=held_at, place=place.strip()[:120], attendees=attendees.strip()
    )
    alert.state = AlertState.HANDLING
    alert.save(update_fields=["state", "updated_at"])
    _log(
        actor,
        alert,
        _("召集联席会议：%(when)s %(place)s")
        % {"when": f"{timezone.localtime(held_at):%Y-%m-%d %H:%M}", "place": meeting.place},
        request,
    )
    return meeting


@transaction.atomic
def record_minutes(*, meeting: JointMeeting, actor, minutes: str, follow_ups: list[dict], request=None):
    """The minutes, sealed by the alert's unit as a PDF, and the tasks the meeting gave."""
    alert = meeting.alert
    _require_handler(actor, alert)
    if meeting.sealed_at is not None:
        raise DomainError(_("会议纪要已签章，不能修改。"))
    if not minutes.strip():
        raise DomainError(_("请填写会议纪要。"), field="minutes")
    meeting.minutes = minutes.strip()
    for task in follow_ups:
        FollowUp.objects.create(
            meeting=meeting, task=task["task"][:300], unit=task["unit"], due_on=task["due_on"]
        )
    meeting.minutes_file = sealed_minutes(meeting, actor=actor)
    meeting.sealed_at = timezone.now()
    meeting.save(update_fields=["minutes", "minutes_file", "sealed_at"])
    _log(
        actor,
        alert,
        _("联席会议纪要已签章，落实任务 %(n)d 项") % {"n": len(follow_ups)},
        request,
        sha256=meeting.minutes_file.sha256,
    )
    return meeting


def complete_follow_up(*, follow_up: FollowUp, actor, result: str, request=None) -> FollowUp:
    if not may_complete(actor, follow_up):
        raise NotAllowed(_("只有责任单位或预警处置人员可以反馈落实情况。"))
    if follow_up.done_at is not None:
        raise DomainError(_("该任务已反馈落实。"))
    if not result.strip():
        raise DomainError(_("请填写落实情况。"), field="result")
    follow_up.result, follow_up.done_at, follow_up.done_by = result.strip(), timezone.now(), actor
    follow_up.save(update_fields=["result", "done_at", "done_by"])
    _log(
        actor, follow_up.meeting.alert, _("落实任务已完成：%(task)s") % {"task": follow_up.task[:60]}, request
    )
    return follow_up


def close_alert(*, alert: Alert, actor, outcome: str, request=None) -> Alert:
    _require_handler(actor, alert)
    if not outcome.strip():
        raise DomainError(_("请填写处置结果。"), field="outcome")
    open_tasks = FollowUp.objects.filter(meeting__alert=alert, done_at__isnull=True).count()
    if open_tasks:
        raise DomainError(_("还有 %(n)d 项落实任务未完成，不能办结。") % {"n": open_tasks})
    alert.state, alert.outcome = AlertState.CLOSED, outcome.strip()
    alert.closed_at, alert.closed_by = timezone.now(), actor
    alert.save(update_fields=["state", "outcome", "closed_at", "closed_by", "updated_at"])
    _log(actor, alert, _("预警办结"), request, outcome=alert.outcome[:200])
    return alert
