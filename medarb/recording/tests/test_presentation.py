"""Electronic evidence presentation: the clerk shows an item, the screen follows, the timeline
keeps the moment with its recording time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.cases.models import TimelineEntry
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store, numbered_case  # noqa: F401
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Room, RoomKind
from medarb.recording import devices, presentation
from medarb.recording.models import Broadcast, Presentation

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(cast):
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    case = numbered_case(cast)
    documents.issue_document(case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=room, starts_at=now, ends_at=now + timedelta(hours=1),
        clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    return sitting


def test_the_clerk_shows_a_document_page_and_the_screen_follows(client, cast, sitting):
    camera, _key = devices.register_device(
        actor=cast.unit_admin, room=sitting.room, name="摄像机", kind="camera"
    )
    Broadcast.objects.create(device=camera, sitting=sitting)
    Broadcast.objects.filter(sitting=sitting).update(
        started_at=timezone.now() - timedelta(minutes=12, seconds=5)
    )
    sign_in(client, cast.clerk)
    item = presentation.case_items(sitting)[0]
    before = client.get(f"/recording/sittings/{sitting.pk}/screen/state/")
    etag = before["ETag"]
    assert before.json()["kind"] == "none"
    assert (
        client.get(
            f"/recording/sittings/{sitting.pk}/screen/state/", headers={"If-None-Match": etag}
        ).status_code
        == 304
    )

    response = client.post(
        f"/recording/sittings/{sitting.pk}/present/", {"item": item.stored.sha256, "page": "1"}
    )

    assert response.status_code == 302
    state = client.get(f"/recording/sittings/{sitting.pk}/screen/state/", headers={"If-None-Match": etag})
    assert state.status_code == 200 and state["ETag"] != etag
    data = state.json()
    assert data["kind"] == "image" and "受理通知书" in data["title"]
    png = client.get(data["url"])
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    shown = Presentation.objects.get()
    assert 720 <= shown.recording_offset <= 730
    entry = TimelineEntry.objects.get(case=sitting.case, kind="evidence_shown")
    assert "受理通知书" in entry.title and "0:12:0" in entry.title
    assert entry.data["offset"] == shown.recording_offset


def test_a_page_beyond_the_document_is_refused_with_a_message(client, cast, sitting):
    sign_in(client, cast.clerk)
    item = presentation.case_items(sitting)[0]

    response = client.post(
        f"/recording/sittings/{sitting.pk}/present/", {"item": item.stored.sha256, "page": "99"}, follow=True
    )

    assert "页码超出范围。" in response.content.decode() and not Presentation.objects.exists()


def test_a_file_of_another_case_cannot_be_shown(client, cast, sitting):
    other = numbered_case(cast, number="鹭湖劳人仲案字〔2026〕第2号")
    foreign = documents.issue_document(
        case=other, template_code="notice_to_respond", actor=cast.clerk, sign=False
    )
    sign_in(client, cast.clerk)

    response = client.post(
        f"/recording/sittings/{sitting.pk}/present/",
        {"item": foreign.current.pdf.sha256, "page": "1"},
        follow=True,
    )

    assert "请选择本案的证据或文书。" in response.content.decode() and not Presentation.objects.exists()


@pytest.mark.parametrize("who", ["worker", "filing_officer", "street_mediator"])
def test_only_the_clerk_and_tribunal_operate_and_only_watchers_see_the_screen(client, cast, sitting, who):
    sign_in(client, getattr(cast, who))

    assert client.get(f"/recording/sittings/{sitting.pk}/present/").status_code == 404
    assert client.get(f"/recording/sittings/{sitting.pk}/screen/state/").status_code == 404


def test_the_supervisor_watches_the_screen_but_cannot_operate_it(client, cast, sitting):
    sign_in(client, cast.supervisor)

    assert client.get(f"/recording/sittings/{sitting.pk}/screen/").status_code == 200
    assert client.get(f"/recording/sittings/{sitting.pk}/present/").status_code == 404


def test_the_replay_offers_a_jump_to_the_moment_evidence_was_shown(client, cast, sitting, settings, tmp_path):
    from medarb.core.files import store_bytes
    from medarb.recording.models import Recording

    settings.MEDIA_ROOT = tmp_path
    started = timezone.now() - timedelta(minutes=30)
    video = store_bytes(data=b"\x00" * 2048, name="c.mp4", content_type="video/mp4")
    recording = Recording.objects.create(
        sitting=sitting, title="合成画面录像", file=video, started_at=started, duration_seconds=3600
    )
    item = presentation.case_items(sitting)[0]
    shown = presentation.show(sitting=sitting, actor=cast.clerk, sha256=item.stored.sha256)
    Presentation.objects.filter(pk=shown.pk).update(shown_at=started + timedelta(minutes=7, seconds=30))
    sign_in(client, cast.arbitrator)

    page = client.get(f"/recording/sittings/{sitting.pk}/live/").content.decode()

    assert f'data-seek="450.0" data-video="rec-{recording.pk}"' in page and "0:07:30" in page


def _events(response) -> list[dict]:
    """The `state` events of a finished event stream, as dicts (with their ids)."""
    import json

    text = b"".join(response.streaming_content).decode()
    events = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":")
        )
        if fields.get("event") == "state":
            events.append({"id": fields["id"], **json.loads(fields["data"])})
    return events


def test_the_screen_follows_by_server_sent_events_and_resumes_from_the_last_id(
    client, cast, sitting, settings
):
    settings.MEDARB_SSE_SECONDS = 0.6  # one stream, then the browser would reconnect
    sign_in(client, cast.clerk)
    url = f"/recording/sittings/{sitting.pk}/screen/events/"
    first = client.get(url)
    assert first["Content-Type"] == "text/event-stream" and "no-store" in first["Cache-Control"]
    assert [e["kind"] for e in _events(first)] == ["none"]
    item = presentation.case_items(sitting)[0]
    shown = presentation.show(sitting=sitting, actor=cast.clerk, sha256=item.stored.sha256, page=1)
    resumed = _events(client.get(url, headers={"Last-Event-ID": "0"}))
    assert [(e["id"], e["kind"]) for e in resumed] == [(str(shown.pk), "image")]
    assert "受理通知书" in resumed[0]["title"]
    assert _events(client.get(url, headers={"Last-Event-ID": str(shown.pk)})) == []  # nothing new
    sign_in(client, cast.other_arbitrator)
    assert client.get(url).status_code == 404
