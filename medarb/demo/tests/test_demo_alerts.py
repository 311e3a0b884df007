"""Early warning in the demo: the district's rules are set, the scan of the demo intake raises
alerts, the first is owned by the district mediator, its joint meeting's minutes are sealed
and its follow-up task waits on the 鹭湖街道 room."""

import pytest

from medarb.alerts.models import Alert, AlertRule, AlertState, Contact, FollowUp
from medarb.demo.testing import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_demo_district_warns_and_handles_its_first_alert(demo):  # noqa: F811
    assert AlertRule.objects.filter(unit__name__contains="鹭湖区", enabled=True).count() == 6
    assert Contact.objects.filter(department="鹭湖区劳动保障监察大队").exists()
    alerts = list(Alert.objects.order_by("pk"))
    assert alerts and all(a.cases.exists() for a in alerts)
    first = alerts[0]
    assert first.state == AlertState.HANDLING and first.owner.username == "mediator"
    meeting = first.meetings.get()
    assert meeting.minutes_file is not None and meeting.sealed_at is not None
    task = FollowUp.objects.get(meeting=meeting)
    assert task.done_at is None and "鹭湖街道" in task.unit.name
