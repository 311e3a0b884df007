"""Bad input at the encoder, through the real parts: a codec the platform can neither stream nor
keep as it came, and a media disk that fills up. nginx-rtmp asks the app every few seconds of
a push (on_update); a refusal drops the publisher, raises an alert and keeps what was recorded."""

import subprocess
import time
from pathlib import Path

from django.conf import settings

from medarb.api.testing import sign_in
from medarb.orgs.models import Role
from medarb.procedure.models import Task, TaskState
from medarb.recording.models import AlertKind, Broadcast, BroadcastState, MediaAlert, Recording
from medarb.recording.tests import test_live_ingest as ingest
from medarb.recording.tests.test_live_ingest import push, wait_for

pytestmark = ingest.pytestmark
media, court = ingest.media, ingest.court  # the live stack and a sitting now in a digital court
SORENSON_MP3 = ("-c:v", "flv", "-c:a", "libmp3lame")  # what an old encoder may still send


def codecs_of(recording: Recording) -> str:
    path = Path(settings.MEDIA_ROOT) / recording.file.storage_name
    return subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip


def test_a_push_in_a_codec_hls_cannot_carry_is_stopped_with_an_alert_and_its_seconds_are_kept(
    media, court, cast
):
    sitting = court["sitting"]
    started = time.monotonic()
    exit_code = push(f"{media['rtmp']}/{court['key']}", seconds=30, codecs=SORENSON_MP3)
    assert exit_code != 0 and time.monotonic() - started < 20  # dropped, not played out

    broadcast = Broadcast.objects.get()
    assert broadcast.codecs == "flv1/mp3" and broadcast.state == BroadcastState.INTERRUPTED
    alert = MediaAlert.objects.get()
    assert alert.kind == AlertKind.CODEC and alert.sitting == sitting
    assert "flv1" in alert.detail and "H.264" in alert.detail
    todo = Task.objects.get(case=sitting.case, kind="media_alert", state=TaskState.OPEN)
    assert todo.role == Role.UNIT_ADMIN and todo.unit == court["room"].unit

    # Nothing captured is lost: the seconds before the stop are kept, re-encoded to H.264/AAC.
    recording = wait_for(lambda: Recording.objects.filter(broadcast=broadcast).select_related("file").first())
    assert recording is not None and recording.transcoded and recording.interrupted
    assert codecs_of(recording) == ["h264", "aac"]

    # The encoder tries again: the same alert counts it, no second to-do.
    assert push(f"{media['rtmp']}/{court['key']}", seconds=30, codecs=SORENSON_MP3) != 0
    alert.refresh_from_db()
    assert alert.times == 2 and MediaAlert.objects.count() == 1
    assert Task.objects.filter(kind="media_alert").count() == 1


def test_a_disk_filling_up_stops_the_push_keeps_its_recording_and_refuses_the_next(
    media, court, cast, settings, client
):
    sitting = court["sitting"]
    pusher = push(f"{media['rtmp']}/{court['key']}", seconds=30, wait=False)
    try:
        assert wait_for(lambda: Broadcast.objects.filter(sitting=sitting).exclude(codecs="").exists())
        settings.MEDARB_MEDIA_MIN_FREE_BYTES = 10**18  # the disk is "full" from now on
        assert pusher.wait(timeout=15) != 0
    finally:
        if pusher.poll() is None:
            pusher.kill()
    broadcast = Broadcast.objects.get()
    recording = wait_for(lambda: Recording.objects.filter(broadcast=broadcast).select_related("file").first())
    assert recording is not None and recording.interrupted and not recording.transcoded
    assert recording.duration_seconds >= 1 and codecs_of(recording) == ["h264", "aac"]

    assert push(f"{media['rtmp']}/{court['key']}", seconds=3) != 0  # refused at on_publish
    assert Broadcast.objects.count() == 1
    alert = MediaAlert.objects.get()
    assert alert.kind == AlertKind.DISK_FULL and alert.times == 2 and "GB" in alert.detail

    health = client.get("/health/").json()
    assert health["checks"]["media_disk"]["low"] is True and health["ok"] is True

    # The unit admin frees space and marks the alert handled: its to-do closes.
    settings.MEDARB_MEDIA_MIN_FREE_BYTES = 1
    sign_in(client, cast.unit_admin)
    assert client.post(f"/recording/alerts/{alert.pk}/resolve/").status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_by == cast.unit_admin
    assert not Task.objects.filter(kind="media_alert", state=TaskState.OPEN).exists()
