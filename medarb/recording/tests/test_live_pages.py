"""The live page and replay: who gets them, and that replay seeks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.core.files import store_bytes
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Room, RoomKind
from medarb.recording.models import Recording, ViewerSession
from medarb.testing import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    case = register(actor=cast.filing_officer, unit=cast.district)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=room, starts_at=now, ends_at=now + timedelta(hours=1),
        clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    return sitting


@pytest.fixture
def recording(sitting):
    video = store_bytes(data=bytes(range(256)) * 400, name="v.mp4", content_type="video/mp4")
    return Recording.objects.create(
        sitting=sitting, title="摄像机 录像", file=video, started_at=timezone.now()
    )


def test_the_tribunal_opens_the_live_page_with_a_token_of_its_own(client, cast, sitting):
    sign_in(client, cast.arbitrator)

    response = client.get(f"/recording/sittings/{sitting.pk}/live/")

    assert response.status_code == 200
    session = ViewerSession.objects.get(user=cast.arbitrator)
    assert session.sitting == sitting and not session.as_supervisor
    assert AuditEntry.objects.filter(case_id=sitting.case_id, summary__contains="观看庭审直播").exists()


def test_a_supervisors_view_is_recorded_as_supervision(client, cast, sitting):
    sign_in(client, cast.supervisor)

    assert client.get(f"/recording/sittings/{sitting.pk}/live/").status_code == 200
    assert ViewerSession.objects.get(user=cast.supervisor).as_supervisor
    assert AuditEntry.objects.filter(case_id=sitting.case_id, summary__contains="调阅庭审直播").exists()


@pytest.mark.parametrize("who", ["worker", "street_mediator", "other_arbitrator", "filing_officer"])
def test_others_get_no_live_page_and_no_replay(client, cast, sitting, recording, who):
    sign_in(client, getattr(cast, who))

    assert client.get(f"/recording/sittings/{sitting.pk}/live/").status_code == 404
    assert client.get(f"/recording/recordings/{recording.pk}/").status_code == 404
    assert not ViewerSession.objects.exists()


def test_replay_seeks_with_range_requests(client, cast, recording):
    sign_in(client, cast.clerk)

    whole = client.get(f"/recording/recordings/{recording.pk}/")
    part = client.get(f"/recording/recordings/{recording.pk}/", headers={"Range": "bytes=1000-1999"})
    tail = client.get(f"/recording/recordings/{recording.pk}/", headers={"Range": "bytes=-100"})
    beyond = client.get(f"/recording/recordings/{recording.pk}/", headers={"Range": "bytes=999999-"})

    data = bytes(range(256)) * 400
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert b"".join(part.streaming_content) == data[1000:2000]
    assert b"".join(tail.streaming_content) == data[-100:]
    assert beyond.status_code == 416
    assert {r["Content-Security-Policy"] for r in (whole, part, tail, beyond)} == {"sandbox"}
    assert (
        AuditEntry.objects.filter(summary__contains="回放庭审录像").count() == 1
    )  # seeking is not a new viewing


class TestTheSupervisionWall:
    def _live(self, sitting, cast):
        from medarb.recording import devices
        from medarb.recording.models import Broadcast

        camera, _key = devices.register_device(
            actor=cast.unit_admin, room=sitting.room, name="摄像机", kind="camera"
        )
        return Broadcast.objects.create(device=camera, sitting=sitting)

    def test_a_supervisor_sees_every_live_sitting_of_the_jurisdiction_and_each_view_is_audited(
        self, client, cast, sitting
    ):
        self._live(sitting, cast)
        sign_in(client, cast.supervisor)

        page = client.get("/recording/supervision/").content.decode()

        assert page.count('data-testid="wall-tile"') == 1
        assert sitting.case.display_number in page and "林仲裁" in page
        assert f"/c{sitting.pk}.m3u8" in page and "摄像机" in page  # the sitting's composite
        assert (
            ViewerSession.objects.filter(user=cast.supervisor, sitting=sitting, as_supervisor=True).count()
            == 1
        )

    def test_the_chair_then_sees_who_supervised_the_sitting(self, client, cast, sitting):
        self._live(sitting, cast)
        sign_in(client, cast.supervisor)
        client.get("/recording/supervision/")

        sign_in(client, cast.chair)
        page = client.get(f"/recording/sittings/{sitting.pk}/live/").content.decode()

        assert 'data-testid="supervised-by"' in page and "韩监督" in page

    def test_the_arbitrator_does_not_see_who_supervised(self, client, cast, sitting):
        self._live(sitting, cast)
        sign_in(client, cast.supervisor)
        client.get("/recording/supervision/")

        sign_in(client, cast.arbitrator)
        page = client.get(f"/recording/sittings/{sitting.pk}/live/").content.decode()

        assert 'data-testid="supervised-by"' not in page

    def test_a_sitting_that_is_not_live_is_not_on_the_wall(self, client, cast, sitting):
        sign_in(client, cast.supervisor)

        page = client.get("/recording/supervision/").content.decode()

        assert 'data-testid="wall-empty"' in page and not ViewerSession.objects.exists()

    @pytest.mark.parametrize("who", ["chair", "arbitrator", "worker", "unit_admin"])
    def test_only_supervisors_open_the_wall(self, client, cast, who):
        sign_in(client, getattr(cast, who))

        assert client.get("/recording/supervision/").status_code == 404
