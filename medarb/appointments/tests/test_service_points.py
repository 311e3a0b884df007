"""Unit admins set up the windows and rooms people book at; nobody else can."""

import pytest

from medarb.api.testing import sign_in
from medarb.appointments.models import PointKind, ServicePoint
from medarb.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "立案窗口",
    "kind": PointKind.FILING_WINDOW,
    "ticket_prefix": "A",
    "slot_minutes": "30",
    "capacity": "3",
    "morning": "08:30-12:00",
    "afternoon": "13:30-17:30",
    "minutes_per_person": "10",
    "address": "湖滨南路88号",
    "is_active": "on",
}


def test_the_unit_admin_opens_a_window_that_the_public_can_book(client, cast):
    sign_in(client, cast.unit_admin)

    response = client.post("/appointments/manage/new/", GOOD | {"unit": cast.district.pk})

    assert response.status_code == 302
    point = ServicePoint.objects.get(name="立案窗口")
    assert point.unit == cast.district and point.is_active
    assert AuditEntry.objects.filter(object_type__icontains="servicepoint", action="create").exists()
    client.logout()
    assert "立案窗口" in client.get("/appointments/").content.decode()


def test_the_admin_changes_the_hours_and_the_change_is_audited(client, cast):
    sign_in(client, cast.unit_admin)
    client.post("/appointments/manage/new/", GOOD | {"unit": cast.district.pk})
    point = ServicePoint.objects.get()

    client.post(f"/appointments/manage/{point.pk}/", GOOD | {"afternoon": "", "capacity": "5"})

    point.refresh_from_db()
    assert point.afternoon == "" and point.capacity == 5
    entry = AuditEntry.objects.filter(action="update").latest("id")
    assert set(entry.data["changed"]) == {"afternoon", "capacity"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("morning", "8.30-12", "时段格式应为 08:30-12:00。"),
        ("morning", "12:00-08:30", "时段的开始应早于结束"),
        ("ticket_prefix", "a1", "号码前缀为1至2个大写字母。"),
        ("capacity", "0", ""),
    ],
)
def test_bad_hours_and_prefixes_are_refused_with_a_message_on_the_field(client, cast, field, value, message):
    sign_in(client, cast.unit_admin)

    response = client.post("/appointments/manage/new/", GOOD | {"unit": cast.district.pk, field: value})

    assert response.status_code == 200
    assert not ServicePoint.objects.exists()
    page = response.content.decode()
    assert "data-error-summary" in page and f'href="#id_{field}"' in page
    assert message in page


def test_a_window_needs_at_least_one_open_half_day(client, cast):
    sign_in(client, cast.unit_admin)

    response = client.post(
        "/appointments/manage/new/", GOOD | {"unit": cast.district.pk, "morning": "", "afternoon": ""}
    )

    assert "请至少填写一个开放时段。" in response.content.decode()


@pytest.mark.parametrize("who", ["clerk", "filing_officer", "street_mediator", "worker", "supervisor"])
def test_people_who_do_not_run_the_unit_cannot_manage_windows(client, cast, who):
    sign_in(client, getattr(cast, who))

    assert client.get("/appointments/manage/").status_code == 403
    assert client.post("/appointments/manage/new/", GOOD).status_code == 403


def test_the_district_admin_sets_up_a_street_room_below(client, cast):
    sign_in(client, cast.unit_admin)

    client.post("/appointments/manage/new/", GOOD | {"unit": cast.street_a.pk, "name": "街道调解室"})

    assert ServicePoint.objects.get(name="街道调解室").unit == cast.street_a


def test_the_admin_of_a_street_cannot_open_or_change_the_districts_window(client, cast):
    from medarb.orgs.models import Role
    from medarb.testing import make_staff

    point = ServicePoint.objects.create(unit=cast.district, name="立案窗口", kind=PointKind.FILING_WINDOW)
    street_admin = make_staff("streetadmin", "街道管理员", cast.street_a, Role.UNIT_ADMIN)
    sign_in(client, street_admin)

    assert client.get(f"/appointments/manage/{point.pk}/").status_code == 404
    assert client.post(f"/appointments/manage/{point.pk}/", GOOD | {"capacity": "9"}).status_code == 404
    assert "立案窗口" not in client.get("/appointments/manage/").content.decode()
    client.post("/appointments/manage/new/", GOOD | {"unit": cast.district.pk, "name": "冒名窗口"})
    assert not ServicePoint.objects.filter(name="冒名窗口").exists()
    point.refresh_from_db()
    assert point.capacity == 3


def test_a_room_of_another_unit_cannot_be_chosen(client, cast):
    from medarb.orgs.models import Room

    foreign = Room.objects.create(unit=cast.other_district, name="外单位调解室", kind="mediation_room")
    sign_in(client, cast.unit_admin)

    response = client.post("/appointments/manage/new/", GOOD | {"unit": cast.district.pk, "room": foreign.pk})

    assert response.status_code == 200 and not ServicePoint.objects.exists()
