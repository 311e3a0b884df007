"""Handling an alert: an owner, a joint meeting (联席会议) whose minutes are sealed by the unit
as a PDF a reader validates, follow-up tasks reported by the responsible unit, closure only
when every task is done. Who sees an alert, who handles it, and how much of its cases each
person sees; the pages answer within a fixed number of queries."""

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medarb.alerts import services
from medarb.alerts.models import Alert, AlertState
from medarb.alerts.selectors import alerts_for, may_handle
from medarb.alerts.testing import collective_rule, wave
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import read_bytes
from medarb.documents.signing import validate_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]
TODAY = date.today() - timedelta(days=2)
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def alert(cast, django_capture_on_commit_callbacks) -> Alert:
    collective_rule(actor=cast.chair, unit=cast.district, linked_units=[cast.street_a])
    wave(actor=cast.filing_officer, unit=cast.district, count=10, last_day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_scan(today=TODAY)
    return Alert.objects.get()


def test_meeting_minutes_are_sealed_and_tasks_followed_to_closure(cast, alert):
    services.assign_owner(alert=alert, actor=cast.chair, owner=cast.district_mediator)
    assert may_handle(cast.district_mediator, alert)
    meeting = services.call_meeting(
        alert=alert,
        actor=cast.district_mediator,
        held_at=timezone.now(),
        place="区仲裁院三楼会议室",
        attendees="区仲裁院 周主任\n东湖街道 李街道\n区劳动保障监察大队 刘监察",
    )
    assert Alert.objects.get().state == AlertState.HANDLING
    services.record_minutes(
        meeting=meeting,
        actor=cast.district_mediator,
        minutes="会议通报了某电子有限公司欠薪情况。\n决定由街道约谈企业负责人。",
        follow_ups=[{"task": "约谈企业负责人，督促制定工资支付方案", "unit": cast.street_a, "due_on": TODAY}],
    )
    meeting.refresh_from_db()
    pdf = read_bytes(meeting.minutes_file)
    report = validate_pdf(pdf)
    assert report.ok and len(report.signatures) == 1, report
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "joint-meeting-minutes.pdf").write_bytes(pdf)  # for a look: pdftoppm -png
    assert "联席会议纪要" in text and "约谈企业负责人" in text and "东湖街道调解" in text
    with pytest.raises(DomainError, match="已签章"):
        services.record_minutes(meeting=meeting, actor=cast.chair, minutes="改写", follow_ups=[])

    with pytest.raises(DomainError, match="1 项落实任务未完成"):
        services.close_alert(alert=alert, actor=cast.chair, outcome="已处置")
    (task,) = meeting.follow_ups.all()
    with pytest.raises(NotAllowed):
        services.complete_follow_up(follow_up=task, actor=cast.street_b_mediator, result="已约谈")
    services.complete_follow_up(
        follow_up=task, actor=cast.street_mediator, result="已约谈，企业承诺月底前支付"
    )
    services.close_alert(
        alert=alert, actor=cast.district_mediator, outcome="企业已支付拖欠工资，劳动者撤回申请"
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED and alert.closed_by == cast.district_mediator
    with pytest.raises(DomainError, match="已办结"):
        services.call_meeting(alert=alert, actor=cast.chair, held_at=timezone.now(), place="x", attendees="y")


def test_who_sees_and_who_handles_an_alert(cast, alert):
    seeing = [cast.chair, cast.unit_admin, cast.statistician, cast.street_mediator]
    for user in seeing:
        assert alerts_for(user).filter(pk=alert.pk).exists(), user
    province_chair_path = cast.province.path
    assert alert.unit.path.startswith(province_chair_path)
    for user in (
        cast.arbitrator,
        cast.filing_officer,
        cast.street_b_mediator,
        cast.other_arbitrator,
        cast.supervisor,
        cast.court_liaison,
        cast.worker,
        cast.employer,
        cast.outsider,
    ):
        assert not alerts_for(user).filter(pk=alert.pk).exists(), user
        assert not may_handle(user, alert)
    assert may_handle(cast.chair, alert) and may_handle(cast.unit_admin, alert)
    assert not may_handle(cast.street_mediator, alert) and not may_handle(cast.statistician, alert)
    with pytest.raises(NotAllowed):
        services.assign_owner(alert=alert, actor=cast.street_mediator, owner=cast.street_mediator)
    with pytest.raises(DomainError, match="预警单位或联动单位"):
        services.assign_owner(alert=alert, actor=cast.chair, owner=cast.other_arbitrator)


def test_pages_show_each_person_only_their_share(cast, alert, django_assert_max_num_queries):
    chair = Client()
    chair.force_login(cast.chair)
    with django_assert_max_num_queries(25):
        listing = chair.get(reverse("alerts:list"))
    assert alert.title in listing.content.decode()
    page = chair.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert page.count('data-testid="assign-owner"') == 1 and "另有" not in page

    street = Client()
    street.force_login(cast.street_mediator)  # a linked unit: sees the alert, not the district's cases
    dashboard = street.get(reverse("dashboard")).content.decode()
    assert alert.title in dashboard and 'data-testid="alert-unread"' in dashboard
    page = street.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert "另有 10 件案件不在您的查看范围内" in page and "assign-owner" not in page
    assert 'data-testid="alert-unread"' not in street.get(reverse("dashboard")).content.decode()
    assert street.post(reverse("alerts:act", args=[alert.pk, "close"]), {"outcome": "x"}).status_code == 302
    assert Alert.objects.get().state == AlertState.OPEN  # refused with its message

    for user in (cast.arbitrator, cast.other_arbitrator, cast.worker):
        other = Client()
        other.force_login(user)
        assert other.get(reverse("alerts:detail", args=[alert.pk])).status_code in (403, 404)
        assert alert.title not in other.get(reverse("dashboard")).content.decode()


def test_the_rules_page_belongs_to_the_commissions_chair_and_admin(cast):
    admin = Client()
    admin.force_login(cast.unit_admin)
    assert admin.get(reverse("alerts:rules")).status_code == 200
    answer = admin.post(
        reverse("alerts:rules"),
        {
            "kind": "collective_wave",
            "enabled": "on",
            "threshold": "8",
            "days": "7",
            "level": "major",
            "linked": [cast.street_a.pk, cast.province.pk, cast.city.pk],
        },
    )
    assert answer.status_code == 302
    rule = cast.district.alert_rules.get()
    assert (rule.threshold, rule.days, rule.level) == (8, 7, "major")
    assert list(rule.linked_units.all()) == [cast.street_a]  # no unit above is linkable
    page = admin.get(reverse("alerts:rules")).content.decode()
    assert 'value="500000"' in page  # the large-amount rule offers its usual amount
    bad = admin.post(
        reverse("alerts:rules"), {"kind": "large_amount", "enabled": "on", "amount": "abc"}, follow=True
    )
    assert "金额格式不正确" in bad.content.decode()
    contact = admin.post(
        reverse("alerts:rules"),
        {"contact_department": "区劳动保障监察大队", "contact_name": "刘监察", "contact_phone": "12345"},
        follow=True,
    )
    assert "手机号码" in contact.content.decode()
    for user in (cast.street_mediator, cast.arbitrator, cast.statistician):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("alerts:rules")).status_code == 403
