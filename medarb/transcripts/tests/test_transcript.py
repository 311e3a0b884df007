"""The transcript of a sitting: autosave, two tabs without lost text, recognised segments taken
in, and the finished record issued as the 庭审笔录 for signature."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.core.files import read_bytes, store_bytes
from medarb.documents.testing import _session_data_dir, document_store, numbered_case, pdf_text  # noqa: F401
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Room, RoomKind
from medarb.recording.models import Recording
from medarb.transcripts import services
from medarb.transcripts.models import Recognition, Segment, TranscriptRevision, TranscriptState

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(cast):
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=numbered_case(cast), kind=SittingKind.HEARING, room=room, starts_at=now,
        ends_at=now + timedelta(hours=1), clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    return sitting


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_clerk_types_and_the_editor_saves_each_revision(client, cast, sitting):
    sign_in(client, cast.clerk)
    assert client.get(f"/transcripts/sittings/{sitting.pk}/").status_code == 200
    url = f"/transcripts/sittings/{sitting.pk}/save/"

    first = post_json(
        client, url, {"based_on": 0, "turns": [{"speaker": "书记员", "text": "现在核对当事人身份。"}]}
    )
    second = post_json(
        client,
        url,
        {
            "based_on": 1,
            "turns": [
                {"speaker": "书记员", "text": "现在核对当事人身份。"},
                {"speaker": "申请人", "text": "张三。"},
            ],
        },
    )

    assert first.json() == {"revision": 1, "conflict": False}
    assert second.json()["revision"] == 2
    transcript = services.transcript_for(sitting)
    assert [t["speaker"] for t in transcript.turns] == ["书记员", "申请人"]
    assert TranscriptRevision.objects.filter(transcript=transcript).count() == 2


def test_a_save_from_a_stale_tab_loses_no_text_and_overwrites_nothing(client, cast, sitting):
    sign_in(client, cast.clerk)
    url = f"/transcripts/sittings/{sitting.pk}/save/"
    post_json(client, url, {"based_on": 0, "turns": [{"speaker": "书记员", "text": "第一个窗口"}]})

    stale = post_json(
        client, url, {"based_on": 0, "turns": [{"speaker": "仲裁员", "text": "第二个窗口写的内容"}]}
    )

    assert stale.status_code == 409 and stale.json()["conflict"]
    assert stale.json()["turns"][0]["text"] == "第一个窗口"
    transcript = services.transcript_for(sitting)
    assert transcript.turns[0]["text"] == "第一个窗口" and transcript.revision == 1
    kept = TranscriptRevision.objects.get(transcript=transcript, based_on=0, number=2)
    assert kept.turns[0]["text"] == "第二个窗口写的内容"


@pytest.mark.parametrize(
    "body",
    [
        {"based_on": 0, "turns": "not a list"},
        {"based_on": 0, "turns": [["a", "b"]]},
        {"based_on": 0, "turns": [{"speaker": 3, "text": "x"}]},
        {"based_on": "zero", "turns": []},
        {"based_on": 0, "turns": [{"speaker": "甲" * 41, "text": "x"}]},
        {"based_on": 0, "turns": [{"speaker": "", "text": "长" * 20001}]},
    ],
)
def test_malformed_saves_get_a_message_and_change_nothing(client, cast, sitting, body):
    sign_in(client, cast.clerk)

    response = post_json(client, f"/transcripts/sittings/{sitting.pk}/save/", body)

    assert response.status_code == 400 and response.json()["error"]
    assert services.transcript_for(sitting).revision == 0


def test_garbage_bodies_are_refused_not_a_server_error(client, cast, sitting):
    sign_in(client, cast.clerk)

    response = client.post(
        f"/transcripts/sittings/{sitting.pk}/save/", b"\xff\xfe{not json", content_type="application/json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("who", ["worker", "supervisor", "filing_officer", "other_arbitrator"])
def test_only_the_clerk_and_tribunal_of_the_sitting_write_it(client, cast, sitting, who):
    sign_in(client, getattr(cast, who))

    assert client.get(f"/transcripts/sittings/{sitting.pk}/").status_code == 404
    assert (
        post_json(
            client, f"/transcripts/sittings/{sitting.pk}/save/", {"based_on": 0, "turns": []}
        ).status_code
        == 404
    )


def test_a_recognised_segment_is_taken_in_at_its_time(client, cast, sitting, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    video = store_bytes(data=b"\x00" * 100, name="v.mp4", content_type="video/mp4")
    recording = Recording.objects.create(sitting=sitting, title="录像", file=video, started_at=timezone.now())
    recognition = Recognition.objects.create(recording=recording, engine="faster-whisper", state="done")
    segment = Segment.objects.create(recognition=recognition, start=12.5, end=15.0, text="申请人要求支付工资")
    sign_in(client, cast.clerk)

    client.post(
        f"/transcripts/segments/{segment.pk}/accept/", {"text": "申请人要求支付拖欠工资", "speaker": "申请人"}
    )

    transcript = services.transcript_for(sitting)
    assert transcript.turns == [{"speaker": "申请人", "text": "申请人要求支付拖欠工资", "at": 12.5}]
    segment.refresh_from_db()
    assert segment.accepted


def test_finalising_issues_the_transcript_for_signing(client, cast, sitting, tmp_path):
    services.save_transcript(
        sitting=sitting,
        actor=cast.clerk,
        based_on=0,
        turns=[
            {"speaker": "仲裁员", "text": "现在开庭。"},
            {"speaker": "申请人", "text": "请求支付拖欠工资一万二千元。"},
        ],
    )
    sign_in(client, cast.clerk)

    response = client.post(f"/transcripts/sittings/{sitting.pk}/finalise/")

    transcript = services.transcript_for(sitting)
    assert transcript.state == TranscriptState.FINAL and transcript.document
    assert response["Location"] == f"/documents/{transcript.document_id}/sign/"
    text = pdf_text(read_bytes(transcript.document.current.pdf), tmp_path).replace(" ", "")
    assert "庭审笔录" in text and "请求支付拖欠工资一万二千元。" in text and "林仲裁" in text
    act = sitting.case.timeline.get(kind="transcript_final")
    assert act.title == "庭审笔录定稿（2 段）" and act.article.endswith("第四十条")
    audit = AuditEntry.objects.get(object_type="transcripts.transcript", summary="庭审笔录定稿")
    assert audit.actor == cast.clerk and audit.data["document"] == transcript.document_id
    late = post_json(client, f"/transcripts/sittings/{sitting.pk}/save/", {"based_on": 1, "turns": []})
    assert late.status_code == 400 and "已定稿" in late.json()["error"]
