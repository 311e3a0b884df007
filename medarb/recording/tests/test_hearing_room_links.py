"""The way into the hearing room: the case page's 庭审录播 panel and the sitting page link the
live page, the evidence control, the court's screen, the transcript and the recordings for
those who may use them, at a fixed number of queries; parties and other units get nothing.
Recordings go on the case's disc."""

import json
import zipfile
from datetime import timedelta

import pycdlib
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.core.files import store_bytes
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store, numbered_case  # noqa: F401
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.orgs.models import Room, RoomKind
from medarb.recording import devices, disc, presentation, room, services
from medarb.recording.models import Broadcast, DiscState, Presentation, Recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def court(cast):
    return Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)


@pytest.fixture
def case(cast):
    case = numbered_case(cast)
    documents.issue_document(case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False)
    return case


def add_sitting(case, court, cast, *, hours_from_now: float = 0, state=SittingState.SCHEDULED) -> Sitting:
    starts = timezone.now() + timedelta(hours=hours_from_now)
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=court, starts_at=starts, ends_at=starts + timedelta(hours=1),
        clerk=cast.clerk, created_by=cast.clerk, state=state,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    return sitting


def add_recording(sitting, n: int, *, seconds: float = 90, at=None) -> Recording:
    video = store_bytes(
        data=b"\x00\x00\x00\x18ftypmp42" + bytes([n % 256]) * (4000 + n),
        name=f"v{n}.mp4",
        content_type="video/mp4",
    )
    return Recording.objects.create(
        sitting=sitting, title=f"审判区摄像机{n} 录像", file=video, started_at=at or sitting.starts_at,
        duration_seconds=seconds,
    )  # fmt: skip


def panel_of(client, case) -> str:
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    start = html.find('data-testid="hearing-room-panel"')
    if start < 0:
        return ""
    return html[
        start : html.find('data-testid="disc-panel"', start) if "disc-panel" in html[start:] else None
    ]


class TestTheCasePanel:
    def test_the_clerk_finds_every_way_into_the_hearing_room_and_the_recordings(
        self, client, cast, case, court
    ):
        sitting = add_sitting(case, court, cast)
        recording = add_recording(sitting, 1, seconds=3725)
        sign_in(client, cast.clerk)

        panel = panel_of(client, case)

        for name in ("live", "present", "screen"):
            assert f"/recording/sittings/{sitting.pk}/{name}/" in panel
        assert f"/transcripts/sittings/{sitting.pk}/" in panel
        assert "审判区摄像机1 录像" in panel and "1:02:05" in panel  # duration as h:mm:ss
        assert recording.file.sha256[:12] in panel
        assert f"/recording/recordings/{recording.pk}/play/" in panel

    def test_a_supervisor_and_the_chair_watch_but_do_not_operate_the_room(self, client, cast, case, court):
        sitting = add_sitting(case, court, cast)
        add_recording(sitting, 1)
        for who in ("supervisor", "chair"):
            sign_in(client, getattr(cast, who))

            panel = panel_of(client, case)

            assert f"/recording/sittings/{sitting.pk}/live/" in panel, who
            assert "/play/" in panel
            assert "/present/" not in panel and "/screen/" not in panel and "/transcripts/" not in panel

    @pytest.mark.parametrize("who", ["worker", "employer", "filing_officer", "unit_admin"])
    def test_parties_and_staff_who_may_not_watch_see_no_panel(self, client, cast, case, court, who):
        add_recording(add_sitting(case, court, cast), 1)
        case.parties.filter(side="applicant").update(user=cast.worker)
        case.parties.filter(side="respondent").update(user=cast.employer)
        sign_in(client, getattr(cast, who))

        page = client.get(f"/cases/{case.pk}/")

        assert page.status_code == 200  # they see the case, and the sittings in its hearings panel
        html = page.content.decode()
        assert 'data-testid="hearing-room-panel"' not in html
        assert "/recording/sittings/" not in html and "/recording/recordings/" not in html

    @pytest.mark.parametrize("who", ["other_arbitrator", "street_mediator", "legal_aid_officer"])
    def test_other_units_do_not_reach_the_case_at_all(self, client, cast, case, court, who):
        add_recording(add_sitting(case, court, cast), 1)
        sign_in(client, getattr(cast, who))

        assert client.get(f"/cases/{case.pk}/").status_code == 404

    def test_without_sittings_there_is_no_panel(self, client, cast, case):
        sign_in(client, cast.clerk)

        assert panel_of(client, case) == ""

    def test_a_cancelled_sitting_is_left_out_unless_something_was_recorded(self, client, cast, case, court):
        cancelled = add_sitting(case, court, cast, hours_from_now=24, state=SittingState.CANCELLED)
        dropped = add_sitting(case, court, cast, hours_from_now=-48, state=SittingState.POSTPONED)
        add_recording(dropped, 1)
        sign_in(client, cast.clerk)

        panel = panel_of(client, case)

        assert f'data-sitting="{dropped.pk}"' in panel and f'data-sitting="{cancelled.pk}"' not in panel
        assert f"/recording/sittings/{dropped.pk}/present/" not in panel  # only while it is to be held

    def test_a_live_sitting_is_marked_on_air(self, client, cast, case, court):
        sitting = add_sitting(case, court, cast)
        camera, _key = devices.register_device(
            actor=cast.unit_admin, room=court, name="摄像机", kind="camera"
        )
        Broadcast.objects.create(device=camera, sitting=sitting)
        sign_in(client, cast.arbitrator)

        assert 'data-testid="on-air"' in panel_of(client, case)


class TestQueries:
    def test_the_panel_costs_five_queries_whatever_the_number_of_sittings_and_recordings(
        self, cast, case, court, rf, django_assert_num_queries
    ):
        for n in range(4):
            sitting = add_sitting(case, court, cast, hours_from_now=n * 24)
            for k in range(3):
                add_recording(sitting, n * 10 + k)
        request = rf.get("/")
        request.user = cast.clerk
        cast.clerk._active_memberships = None

        # sittings, their members, live feeds, recordings with their files, open alerts
        # (+ the clerk's roles)
        with django_assert_num_queries(6):
            data = room.case_panel_context(request=request, case=case, can_write=True)
        assert len(data["rooms"]) == 4 and all(len(r.recordings) == 3 for r in data["rooms"])

    def test_the_case_page_does_not_grow_with_sittings_and_recordings(self, client, cast, case, court):
        add_recording(add_sitting(case, court, cast), 0)
        sign_in(client, cast.clerk)
        client.get(f"/cases/{case.pk}/")  # warm the caches (sessions, content types)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/cases/{case.pk}/").status_code == 200
            return len(queries)

        one = count()
        for n in range(1, 5):
            sitting = add_sitting(case, court, cast, hours_from_now=n * 24)
            add_recording(sitting, n * 10)
            add_recording(sitting, n * 10 + 1)

        assert count() == one


class TestTheSittingPage:
    def test_the_clerk_finds_the_same_links_on_the_sitting_page(self, client, cast, case, court):
        sitting = add_sitting(case, court, cast)
        recording = add_recording(sitting, 1)
        sign_in(client, cast.clerk)

        html = client.get(f"/hearings/sittings/{sitting.pk}/").content.decode()

        assert 'data-testid="hearing-room-panel"' in html
        for url in ("live", "present", "screen"):
            assert f"/recording/sittings/{sitting.pk}/{url}/" in html
        assert f"/transcripts/sittings/{sitting.pk}/" in html
        assert f"/recording/recordings/{recording.pk}/play/" in html

    @pytest.mark.parametrize("who", ["worker", "filing_officer"])
    def test_those_who_may_not_watch_see_the_sitting_but_not_the_room(self, client, cast, case, court, who):
        sitting = add_sitting(case, court, cast)
        add_recording(sitting, 1)
        case.parties.filter(side="applicant").update(user=cast.worker)
        sign_in(client, getattr(cast, who))

        page = client.get(f"/hearings/sittings/{sitting.pk}/")

        assert page.status_code in (200, 404)
        assert 'data-testid="hearing-room-panel"' not in page.content.decode()
        assert "/recording/" not in page.content.decode()


class TestTheLivePage:
    def test_the_clerk_goes_on_from_the_live_page_to_the_evidence_screen_and_transcript(
        self, client, cast, case, court
    ):
        sitting = add_sitting(case, court, cast)
        sign_in(client, cast.clerk)

        html = client.get(f"/recording/sittings/{sitting.pk}/live/").content.decode()

        for url in (
            f"/recording/sittings/{sitting.pk}/present/",
            f"/recording/sittings/{sitting.pk}/screen/",
        ):
            assert url in html
        assert f"/transcripts/sittings/{sitting.pk}/" in html

    def test_a_supervisor_watching_gets_no_operating_links(self, client, cast, case, court):
        sitting = add_sitting(case, court, cast)
        sign_in(client, cast.supervisor)

        html = client.get(f"/recording/sittings/{sitting.pk}/live/").content.decode()

        assert "/present/" not in html and "/screen/" not in html and "/transcripts/" not in html


class TestReplay:
    def test_the_replay_lists_the_moments_evidence_was_shown(self, client, cast, case, court):
        sitting = add_sitting(case, court, cast)
        recording = add_recording(sitting, 1, seconds=600, at=timezone.now() - timedelta(minutes=10))
        shown = Presentation.objects.create(sitting=sitting, title="受理通知书", shown_by=cast.clerk)
        Presentation.objects.filter(pk=shown.pk).update(shown_at=recording.started_at + timedelta(seconds=75))
        sign_in(client, cast.chair)

        html = client.get(f"/recording/recordings/{recording.pk}/play/").content.decode()

        assert 'data-seek="75.0"' in html and "0:01:15" in html and "受理通知书" in html
        assert recording.file.sha256 in html

    @pytest.mark.parametrize("who", ["worker", "filing_officer", "other_arbitrator"])
    def test_others_get_no_replay_page(self, client, cast, case, court, who):
        recording = add_recording(add_sitting(case, court, cast), 1)
        sign_in(client, getattr(cast, who))

        assert client.get(f"/recording/recordings/{recording.pk}/play/").status_code == 404


class TestRecordingsOnTheDisc:
    @pytest.mark.parametrize("fmt", ["zip", "iso"])
    def test_each_recording_goes_on_the_disc_under_its_folder_with_its_hash(
        self, cast, case, court, tmp_path, fmt, django_capture_on_commit_callbacks
    ):
        sitting = add_sitting(case, court, cast)
        first = add_recording(sitting, 1)
        second = add_recording(sitting, 2, at=sitting.starts_at + timedelta(minutes=30))

        with django_capture_on_commit_callbacks(execute=True):
            export = services.request_disc(case=case, actor=cast.clerk, fmt=fmt)

        export.refresh_from_db()
        assert export.state == DiscState.READY and export.item_count == 3
        image = tmp_path / f"case.{fmt}"
        with default_storage.open(export.image.storage_name, "rb") as handle:
            image.write_bytes(handle.read())
        manifest = json.loads(disc._read_member(image, disc.MANIFEST))
        videos = [f for f in manifest["files"] if f["path"].startswith("庭审录像/")]
        assert [f["sha256"] for f in videos] == [first.file.sha256, second.file.sha256]
        assert (
            videos[0]["path"].endswith("审判区摄像机1 录像.mp4")
            and videos[0]["path"].split("/")[1][:4] == "001 "
        )
        names = _names(image, fmt)
        assert {f["path"] for f in videos} <= names
        assert disc.verify_image(image).ok

    def test_a_handler_who_may_not_watch_a_hearing_does_not_take_its_recordings_away(
        self, cast, case, court, django_capture_on_commit_callbacks
    ):
        add_recording(add_sitting(case, court, cast), 1)

        with django_capture_on_commit_callbacks(execute=True):
            by_filing = services.request_disc(case=case, actor=cast.filing_officer, fmt="zip")
            by_chair = services.request_disc(case=case, actor=cast.chair, fmt="zip")

        by_filing.refresh_from_db(), by_chair.refresh_from_db()
        assert by_filing.state == DiscState.READY and by_filing.item_count == 1  # the notice only
        assert by_chair.item_count == 2  # the chair of the unit may watch it: notice and recording
        assert not [i for i in disc.items_for(case, viewer=cast.filing_officer) if i.folder == "庭审录像"]

    def test_recordings_are_not_offered_as_evidence_to_show(self, cast, case, court):
        sitting = add_sitting(case, court, cast)
        add_recording(sitting, 1)

        items = presentation.case_items(sitting)

        assert items and all(item.stored.content_type == "application/pdf" for item in items)


def _names(image, fmt: str) -> set[str]:
    if fmt == "zip":
        with zipfile.ZipFile(image) as archive:
            return set(archive.namelist())
    iso = pycdlib.PyCdlib()
    iso.open(str(image))
    try:
        return {
            f"{folder.strip('/')}/{name}".lstrip("/")
            for folder, _dirs, files in iso.walk(joliet_path="/")
            for name in files
        }
    finally:
        iso.close()
