"""Recording alerts (录播告警): one open alert per device and kind however often an encoder
retries, a to-do for the room's unit admin, the alert on the sitting's hearing-room card, and
only those who run the room's unit (its admin, its chair) mark it handled. (The pushes that raise them: test_live_alerts.py.)"""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Role, Room, RoomKind
from medarb.procedure.models import Task, TaskState
from medarb.recording import alerts, devices, live
from medarb.recording.models import AlertKind, MediaAlert
from medarb.testing import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def camera(cast):
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    device, _key = devices.register_device(
        actor=cast.unit_admin, room=room, name="审判区摄像机", kind="camera"
    )
    return device


@pytest.fixture
def sitting(cast, camera):
    case = register(actor=cast.filing_officer, unit=cast.district)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=camera.room, starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1), clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    return sitting


def disk_full(camera, sitting) -> MediaAlert:
    return alerts.raise_alert(device=camera, sitting=sitting, kind=AlertKind.DISK_FULL, detail="仅剩 0.1 GB")


def test_an_encoder_retrying_counts_on_one_alert_with_one_to_do_for_the_unit_admin(camera, sitting):
    first = disk_full(camera, sitting)
    again = disk_full(camera, sitting)

    assert again.pk == first.pk and again.times == 2
    todo = Task.objects.get(kind=alerts.TASK_KIND)
    assert (todo.case, todo.unit, todo.role, todo.state) == (
        sitting.case,
        camera.room.unit,
        Role.UNIT_ADMIN,
        TaskState.OPEN,
    )
    codec = alerts.raise_alert(device=camera, sitting=sitting, kind=AlertKind.CODEC, detail="flv1")
    assert codec.pk != first.pk  # another kind is another alert


def test_the_unit_admin_marks_it_handled_and_the_next_failure_is_a_new_alert(client, cast, camera, sitting):
    alert = disk_full(camera, sitting)
    sign_in(client, cast.unit_admin)
    page = client.get("/recording/devices/")
    assert "录播存储空间不足" in page.content.decode() and "仅剩 0.1 GB" in page.content.decode()

    assert client.post(f"/recording/alerts/{alert.pk}/resolve/").status_code == 302

    alert.refresh_from_db()
    assert alert.resolved_by == cast.unit_admin
    assert Task.objects.get(kind=alerts.TASK_KIND).state == TaskState.DONE
    assert "录播告警" not in client.get("/recording/devices/").content.decode()
    assert disk_full(camera, sitting).pk != alert.pk


@pytest.mark.parametrize("who", ["clerk", "arbitrator", "supervisor", "worker", "street_mediator"])
def test_people_who_do_not_run_the_unit_cannot_mark_an_alert_handled(client, cast, camera, sitting, who):
    alert = disk_full(camera, sitting)
    sign_in(client, getattr(cast, who))

    assert client.post(f"/recording/alerts/{alert.pk}/resolve/").status_code in (403, 404)

    alert.refresh_from_db()
    assert alert.resolved_at is None


def test_an_alert_in_a_room_of_another_district_is_not_this_admins(client, cast, camera, sitting):
    camera.room.unit = cast.other_district
    camera.room.save()
    alert = disk_full(camera, sitting)
    sign_in(client, cast.unit_admin)

    assert client.post(f"/recording/alerts/{alert.pk}/resolve/").status_code == 404
    assert "录播存储空间不足" not in client.get("/recording/devices/").content.decode()


def test_the_clerk_sees_the_alert_on_the_sitting_and_a_party_does_not(client, cast, camera, sitting):
    disk_full(camera, sitting)
    sign_in(client, cast.clerk)
    page = client.get(f"/hearings/sittings/{sitting.pk}/").content.decode()
    assert 'data-testid="media-alert"' in page and "已通知单位管理员" in page
    assert (
        "审判区摄像机 的画面此刻没有录下来" in page and "仅剩 0.1 GB" not in page
    )  # the admin's detail stays on 采集设备

    sign_in(client, cast.worker)
    assert "仅剩 0.1 GB" not in client.get(f"/portal/cases/{sitting.case.pk}/").content.decode()


@pytest.mark.parametrize(
    ("codecs", "refused"),
    [
        ({"video": "h264", "audio": "aac"}, False),
        ({"video": "h264", "audio": "mp3"}, False),
        ({"audio": "aac"}, False),  # a microphone
        ({"video": "h264"}, False),  # a visualiser without sound
        ({"video": "flv1", "audio": "mp3"}, True),
        ({"video": "hevc", "audio": "aac"}, True),
        ({"video": "h264", "audio": "nellymoser"}, True),
    ],
)
def test_hls_and_mp4_take_h264_with_aac_or_mp3(codecs, refused):
    assert alerts.unsupported(codecs) is refused


H264_AAC = ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac")
needs_ffmpeg = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is needed")


def flv(path, *codecs):
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine", "-t", "2", *codecs, "-f", "flv", str(path)],
        check=True,
    )  # fmt: skip
    return path


@needs_ffmpeg
def test_a_recording_is_re_encoded_only_when_its_codec_cannot_go_into_mp4(tmp_path):
    good = flv(tmp_path / "good.flv", *H264_AAC)
    old = flv(tmp_path / "old.flv", "-c:v", "flv", "-c:a", "nellymoser")

    assert live.remux(good, tmp_path / "good.mp4") is False
    assert live.remux(old, tmp_path / "old.mp4") is True
    assert live.probe_codecs(tmp_path / "old.mp4") == {"video": "h264", "audio": "aac"}
    assert live.probe_codecs(tmp_path / "missing.flv") == {}


@needs_ffmpeg
def test_a_push_whose_job_gave_up_is_stored_later_and_a_broken_one_does_not_block_the_rest(
    settings, tmp_path, camera, sitting, django_capture_on_commit_callbacks
):
    from medarb.recording import tasks
    from medarb.recording.models import Broadcast, BroadcastState, Recording

    settings.MEDARB_MEDIA_DIR, settings.MEDIA_ROOT = tmp_path / "media", tmp_path / "files"
    long_ago = timezone.now() - timedelta(minutes=30)

    def ended_push(*, at, content=None):
        broadcast = Broadcast.objects.create(device=camera, sitting=sitting, state=BroadcastState.INTERRUPTED)
        Broadcast.objects.filter(pk=broadcast.pk).update(ended_at=at)
        path = live.media_dir() / "rec" / f"{broadcast.stream_name}-1796587571.flv"
        if content is None:
            flv(path, *H264_AAC)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return broadcast, path

    broken, broken_flv = ended_push(at=long_ago, content=b"FLV not really")
    waiting, waiting_flv = ended_push(at=long_ago)
    just_ended, _ = ended_push(at=timezone.now())  # its own job is still trying

    with django_capture_on_commit_callbacks(execute=True):
        tasks.store_pending_recordings.call_local()

    kept = Recording.objects.get()
    assert kept.broadcast == waiting and kept.interrupted and kept.file.sha256
    assert not waiting_flv.exists()  # the MP4 holds the same streams: the FLV is not kept twice
    assert broken_flv.exists()  # never deleted while it is not stored
    assert live.unstored_broadcasts() == [broken.pk]
    assert just_ended.pk not in live.unstored_broadcasts()
