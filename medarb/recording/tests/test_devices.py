"""Unit admins register capture devices; the key is shown once and only its hash is kept."""

import pytest

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.orgs.models import Room, RoomKind
from medarb.recording.live import hash_key
from medarb.recording.models import CaptureDevice

pytestmark = pytest.mark.django_db


@pytest.fixture
def court(cast):
    return Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)


def test_the_admin_registers_a_camera_and_sees_its_key_once(client, cast, court):
    sign_in(client, cast.unit_admin)

    page = client.post(
        "/recording/devices/", {"room": court.pk, "name": "审判区摄像机", "kind": "camera"}
    ).content.decode()

    device = CaptureDevice.objects.get()
    url = page.split('data-testid="push-url">')[1].split("<")[0]
    key = url.rsplit("/", 1)[1]
    assert url.startswith("rtmp://") and "/ingest/" in url
    assert device.key_hash == hash_key(key) and key not in device.key_hash
    assert key not in client.get("/recording/devices/").content.decode()  # never shown again
    assert AuditEntry.objects.filter(action="create", summary__contains="审判区摄像机").exists()


def test_rotating_gives_a_new_key_and_the_old_one_stops_working(client, cast, court):
    sign_in(client, cast.unit_admin)
    client.post("/recording/devices/", {"room": court.pk, "name": "摄像机", "kind": "camera"})
    device = CaptureDevice.objects.get()
    old = device.key_hash

    page = client.post(f"/recording/devices/{device.pk}/rotate/").content.decode()

    device.refresh_from_db()
    assert device.key_hash != old and device.rotated_at
    assert "旧密钥立即失效" in page


@pytest.mark.parametrize("who", ["clerk", "arbitrator", "supervisor", "worker"])
def test_people_who_do_not_run_the_unit_cannot_register_devices(client, cast, court, who):
    sign_in(client, getattr(cast, who))

    assert client.get("/recording/devices/").status_code == 403
    assert (
        client.post("/recording/devices/", {"room": court.pk, "name": "x", "kind": "camera"}).status_code
        == 403
    )
    assert not CaptureDevice.objects.exists()


def test_a_room_of_another_district_cannot_be_chosen_or_rotated(client, cast, court):
    foreign = Room.objects.create(
        unit=cast.other_district, name="青山数字仲裁庭", kind=RoomKind.ARBITRATION_COURT
    )
    sign_in(client, cast.unit_admin)

    response = client.post("/recording/devices/", {"room": foreign.pk, "name": "x", "kind": "camera"})

    assert response.status_code == 200 and not CaptureDevice.objects.exists()
    from medarb.recording import devices

    camera, _key = devices.register_device(actor=cast.unit_admin, room=court, name="摄像机", kind="camera")
    camera.room = foreign
    camera.save()
    assert client.post(f"/recording/devices/{camera.pk}/rotate/").status_code == 404
