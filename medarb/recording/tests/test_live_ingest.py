"""Live hearings end to end through the real parts: ffmpeg test sources push RTMP to a real
nginx-rtmp started here, which asks the app on every push and every media request."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.utils import timezone

from medarb.documents.testing import free_port
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Room, RoomKind
from medarb.recording import devices, live, nginx
from medarb.recording.models import Broadcast, BroadcastState, Recording
from medarb.testing import register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (shutil.which("nginx") and Path(nginx.MODULE).exists() and shutil.which("ffmpeg")),
        reason="nginx with libnginx-mod-rtmp and ffmpeg are needed (make os-packages-test)",
    ),
]
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@pytest.fixture
def media(settings, tmp_path, live_server):
    rtmp, http = free_port(), free_port()
    settings.MEDARB_MEDIA_DIR = tmp_path / "media"
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.MEDARB_RTMP_LISTEN = f"127.0.0.1:{rtmp}"
    settings.MEDARB_LIVE_LISTEN = f"127.0.0.1:{http}"
    settings.MEDARB_LIVE_BASE_URL = f"http://127.0.0.1:{http}"
    settings.MEDARB_MEDIA_CALLBACK_URL = live_server.url
    settings.MEDARB_MEDIA_MIN_FREE_BYTES = 1
    settings.MEDARB_LIVE_CHECK_SECONDS = 2
    config = nginx.write()
    process = subprocess.Popen(
        ["nginx", "-p", str(config.parent), "-c", str(config), "-e", str(config.parent / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", rtmp)) == 0:
                break
        time.sleep(0.1)
    yield {
        "rtmp": f"rtmp://127.0.0.1:{rtmp}/ingest",
        "http": f"http://127.0.0.1:{http}",
        "dir": config.parent,
    }
    process.terminate()
    process.wait(10)


@pytest.fixture
def court(cast):
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    case = register(actor=cast.filing_officer, unit=cast.district)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=room, starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1), clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    camera, key = devices.register_device(
        actor=cast.unit_admin, room=room, name="审判区摄像机", kind="camera"
    )
    return {"room": room, "sitting": sitting, "camera": camera, "key": key}


H264_AAC = ("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac")


def push(url: str, *, seconds: float, wait: bool = True, codecs=H264_AAC) -> subprocess.Popen | int:
    command = [
        "ffmpeg", "-nostdin", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", str(seconds),
        "-vf", f"drawtext=fontfile={FONT}:text='鹭湖区仲裁院 第一数字仲裁庭':fontsize=24:x=10:y=10:fontcolor=white",
        *codecs, "-f", "flv", url,
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process.wait(timeout=seconds + 30) if wait else process


def wait_for(check, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.3)
    return None


def test_wrong_unknown_and_out_of_hours_pushes_are_refused(media, court, cast):
    assert push(f"{media['rtmp']}/mk_not-a-key", seconds=2) != 0
    idle_room = Room.objects.create(
        unit=cast.district, name="第二数字仲裁庭", kind=RoomKind.ARBITRATION_COURT
    )
    _idle, idle_key = devices.register_device(
        actor=cast.unit_admin, room=idle_room, name="摄像机", kind="camera"
    )
    assert push(f"{media['rtmp']}/{idle_key}", seconds=2) != 0  # no sitting in that room now
    court["camera"].is_active = False
    court["camera"].save()
    assert push(f"{media['rtmp']}/{court['key']}", seconds=2) != 0
    assert not Broadcast.objects.exists()


def test_a_push_goes_live_to_those_who_may_watch_and_is_kept_as_a_hashed_mp4(media, court, cast):
    sitting = court["sitting"]
    pusher = push(f"{media['rtmp']}/{court['key']}", seconds=8, wait=False)
    broadcast = wait_for(lambda: Broadcast.objects.filter(sitting=sitting).first())
    assert broadcast is not None and broadcast.state == BroadcastState.LIVE
    assert court["key"] not in str(list(media["dir"].rglob("*")))  # the key names no file

    ticket = live.issue_viewer(user=cast.arbitrator, sitting=sitting)
    playlist_url = f"{media['http']}/live/{ticket.token}/{broadcast.stream_name}.m3u8"
    playlist = wait_for(lambda: (r := requests.get(playlist_url, timeout=5)).ok and "#EXTINF" in r.text and r)
    assert playlist, "the live playlist never appeared"
    segment = next(line for line in playlist.text.splitlines() if line.endswith(".ts"))
    segment_url = f"{media['http']}/live/{ticket.token}/{segment}"
    assert requests.get(segment_url, timeout=5).status_code == 200

    # Without a token of one's own, nothing: not the playlist, not a segment URL copied from above.
    for token in ("forged-token", "x" * 32):
        assert (
            requests.get(f"{media['http']}/live/{token}/{broadcast.stream_name}.m3u8", timeout=5).status_code
            == 403
        )
        assert requests.get(f"{media['http']}/live/{token}/{segment}", timeout=5).status_code == 403
    other_room = Room.objects.create(
        unit=cast.district, name="第三数字仲裁庭", kind=RoomKind.ARBITRATION_COURT
    )
    other = Sitting.objects.create(
        case=sitting.case, kind=SittingKind.HEARING, room=other_room, starts_at=sitting.starts_at,
        ends_at=sitting.ends_at, clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    other.members.add(cast.arbitrator)
    elsewhere = live.issue_viewer(user=cast.arbitrator, sitting=other)
    assert requests.get(f"{media['http']}/live/{elsewhere.token}/{segment}", timeout=5).status_code == 403
    ticket.session.revoked_at = timezone.now()
    ticket.session.save()
    assert requests.get(segment_url, timeout=5).status_code == 403

    assert pusher.wait(timeout=40) == 0
    recording = wait_for(
        lambda: Recording.objects.filter(broadcast=broadcast).select_related("file").first(), 30
    )
    assert recording is not None, (media["dir"] / "nginx-error.log").read_text()[-2000:]
    assert recording.file.content_type == "video/mp4" and len(recording.file.sha256) == 64
    assert 6 <= recording.duration_seconds <= 10
    assert recording.interrupted  # the push stopped long before the sitting's end
    broadcast.refresh_from_db()
    assert broadcast.state == BroadcastState.INTERRUPTED


def test_parties_and_other_units_cannot_get_a_viewer_token(court, cast):
    from medarb.core.errors import NotAllowed

    for who in ("worker", "employer", "street_mediator", "other_arbitrator", "filing_officer"):
        with pytest.raises(NotAllowed):
            live.issue_viewer(user=getattr(cast, who), sitting=court["sitting"])
    assert live.may_watch(cast.supervisor, court["sitting"])
    assert live.may_watch(cast.chair, court["sitting"])


def test_two_feeds_make_one_composite_for_supervisors_and_its_recording(media, court, cast):
    from medarb.recording import composer

    _visualiser, visualiser_key = devices.register_device(
        actor=cast.unit_admin, room=court["room"], name="视频展台", kind="visualiser"
    )
    sitting = court["sitting"]
    # One after the other: the test database (in-memory SQLite) takes one writer at a time.
    pushers = [push(f"{media['rtmp']}/{court['key']}", seconds=14, wait=False)]
    assert wait_for(lambda: Broadcast.objects.filter(sitting=sitting).exists())
    pushers.append(push(f"{media['rtmp']}/{visualiser_key}", seconds=12, wait=False))
    assert wait_for(lambda: Broadcast.objects.filter(sitting=sitting, state=BroadcastState.LIVE).count() == 2)
    time.sleep(1.5)  # let both relays reach the HLS application
    try:
        composer.tick()
        assert set(composer._running[sitting.pk].feeds) == {
            b.stream_name for b in Broadcast.objects.filter(sitting=sitting)
        }
        ticket = live.issue_viewer(user=cast.supervisor, sitting=sitting)
        url = f"{media['http']}/live/{ticket.token}/{composer.composite_name(sitting.pk)}.m3u8"
        playlist = wait_for(lambda: (r := requests.get(url, timeout=5)).ok and "#EXTINF" in r.text and r, 25)
        assert playlist, (media["dir"] / "nginx-error.log").read_text()[-1500:]
        elsewhere = url.replace(f"/c{sitting.pk}.m3u8", "/c999999.m3u8")  # another sitting's composite
        assert requests.get(elsewhere, timeout=5).status_code == 403
    finally:
        for pusher in pushers:
            pusher.wait(timeout=40)
        wait_for(lambda: not Broadcast.objects.filter(sitting=sitting, state=BroadcastState.LIVE).exists())
        composer.tick()  # the feeds ended: the composite stops and is kept
        composer.stop_all()
    composite = Recording.objects.filter(sitting=sitting, broadcast__isnull=True).first()
    assert composite is not None and composite.title == "合成画面录像"
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "csv=p=0",
         str(Path(settings_media_root()) / composite.file.storage_name)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "video,1280,360" in probe and "audio" in probe


def settings_media_root():
    from django.conf import settings

    return settings.MEDIA_ROOT
