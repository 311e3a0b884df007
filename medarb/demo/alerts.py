"""Early warning in the demo district, through the real services: the district's admin sets
the six rules (a collective wave of 10 workers in 10 days, an employer with 3 cases in 90
days, a claim of 200,000 yuan, wage applications at 150 % of the usual week in the 30 days
before the Spring Festival, 3 workers claiming wages from one builder in 30 days, workers
threatening to act together), linked to the 鹭湖街道 room and told by SMS to a contact of
the labour inspection brigade; the day's scan raises what the demo intake holds. On the first
alert the chair names the district mediator owner, a joint meeting is held, its minutes are
sealed with one follow-up task for the street room, still open."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from medarb.alerts import services
from medarb.alerts.models import Alert, Level, RuleKind


def seed_alerts(*, units: dict, users: dict, today) -> list[Alert]:
    district, street = units["district"], units["street:luhu"]
    admin = users["admin"]
    for kind, threshold, days, amount in (
        (RuleKind.COLLECTIVE_WAVE, 10, 10, None),
        (RuleKind.REPEAT_EMPLOYER, 3, 90, None),
        (RuleKind.LARGE_AMOUNT, 1, 30, Decimal("200000")),
        (RuleKind.FESTIVAL_SURGE, 150, 30, None),
        (RuleKind.CONSTRUCTION_ARREARS, 3, 30, None),
        (RuleKind.THREATENED_ACTION, 1, 7, None),
    ):
        services.save_rule(
            actor=admin,
            unit=district,
            kind=kind,
            enabled=True,
            level=Level.SERIOUS,
            threshold=threshold,
            days=days,
            amount=amount,
            linked_units=[street],
        )
    services.add_contact(
        actor=admin, unit=district, department="鹭湖区劳动保障监察大队", name="刘监察", phone="13600136000"
    )
    raised = services.run_scan(today=today)  # the linked units and contacts are told on commit
    if not raised:
        return raised
    alert = raised[0]
    services.assign_owner(alert=alert, actor=users["chair"], owner=users["mediator"])
    held = timezone.now() - timedelta(hours=3)
    meeting = services.call_meeting(
        alert=alert,
        actor=users["mediator"],
        held_at=held,
        place="鹭湖区仲裁院三楼会议室",
        attendees="鹭湖区仲裁院 周文澜、郑和平\n鹭湖街道调解室 李晓东\n鹭湖区劳动保障监察大队 刘监察",
    )
    services.record_minutes(
        meeting=meeting,
        actor=users["mediator"],
        minutes="会议通报了预警所涉用人单位的争议情况和劳动者诉求。\n"
        "决定由街道调解室约谈企业负责人，劳动保障监察大队同步核查工资支付情况。",
        follow_ups=[
            {
                "task": "约谈企业负责人，督促制定工资支付方案",
                "unit": street,
                "due_on": today + timedelta(days=7),
            }
        ],
    )
    return raised
