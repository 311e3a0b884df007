"""Real media through Janus: three headless Chromium pages running room.js meet in a videoroom
inside a network namespace of the test's own (Janus never uses loopback candidates, and nothing
may go over the machine's interfaces), each with its own token from the room's allowed list.
They send and receive audio and video, report presence, a fourth page with a wrong token is
refused, destroying the room ends the meeting on every page, and the recordings Janus wrote mix
into one MP4 as long as the meeting."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from medarb.meetings import netns
from medarb.meetings.mixing import mix_room
from medarb.meetings.testing import ADMIN_KEY

HARNESS = Path(__file__).parent / "harness" / "meeting.py"
ROOM = 4711
SECONDS = 8
PEOPLE = ["张伟（申请人）", "李娜（被申请人）", "王芳（调解员）"]
CAN_NOT = netns.unavailable()

pytestmark = [pytest.mark.skipif(CAN_NOT is not None, reason=CAN_NOT or ""), pytest.mark.browser]
if os.environ.get("PYTEST_XDIST_WORKER"):  # one worker runs the module: one namespace, one meeting
    pytestmark.append(pytest.mark.xdist_group("janus-media"))  # (an unknown mark without xdist)


@pytest.fixture(scope="module")
def meeting(tmp_path_factory) -> dict:
    directory = tmp_path_factory.mktemp("media")
    rec_dir = directory / "rec" / str(ROOM)
    pages = [
        {"token": f"token-{index}", "display": display, "publish": "audio,video"}
        for index, display in enumerate(PEOPLE)
    ]
    spec = {
        "admin_key": ADMIN_KEY,
        "room": ROOM,
        "rec_dir": str(rec_dir),
        "seconds": SECONDS,
        "pages": pages,
        "intruder": {"token": "guessed-token", "display": "陌生人"},
        "leave": True,
        "destroy": True,
    }
    with (
        netns.namespace() as space,
        netns.run_janus(space, directory, port=8090, admin_key=ADMIN_KEY) as janus,
    ):
        spec["janus"] = janus.url
        driver = subprocess.run(
            space.command([sys.executable, str(HARNESS)]),
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            timeout=120,
        )
    if driver.returncode != 0:
        pytest.fail(f"the meeting failed:\n{driver.stderr[-4000:]}", pytrace=False)
    report = json.loads(driver.stdout)
    return {**report, "rec_dir": rec_dir, "dir": directory}


def presence_of(meeting: dict, page: int) -> list[dict]:
    return [entry for entry in meeting["presence"] if entry["page"] == page]


class TestThreeParticipants:
    def test_each_page_joined_and_shows_everyone_with_its_own_picture_first(self, meeting):
        for index, page in enumerate(meeting["pages"]):
            assert page["state"] == "joined"
            assert page["status"] == "已加入会议"
            captions = [tile["caption"] for tile in page["tiles"]]
            assert captions[0] == PEOPLE[index]
            assert sorted(captions) == sorted(PEOPLE)

    def test_each_page_sends_and_receives_audio_and_video(self, meeting):
        for page in meeting["pages"]:
            for kind in ("audio", "video"):
                assert page["stats"][kind]["sent"] > 0, (kind, page["stats"])
                assert page["stats"][kind]["received"] > 0, (kind, page["stats"])
            # two others' streams come in for our one going out
            assert page["stats"]["video"]["received"] > page["stats"]["video"]["sent"]

    def test_each_page_reported_joined_and_connected_with_the_csrf_token(self, meeting):
        for index, page in enumerate(meeting["pages"]):
            events = presence_of(meeting, index)
            ids = {tile["feed"] for tile in page["tiles"]}
            joined = [e["body"] for e in events if e["body"]["event"] == "joined"]
            assert len(joined) == 1
            assert str(joined[0]["participant"]) in ids
            assert {"event": "connection", "state": "connected"} in [e["body"] for e in events]
            assert {e["csrf"] for e in events if e["body"]["event"] != "left"} == {"harness-csrf"}

    def test_the_pages_run_under_the_csp_without_script_errors(self, meeting):
        assert meeting["errors"] == []
        # The only failed requests: janus.js's pending long poll of a session that has just been
        # destroyed (the refused page's, the ended pages'), which Janus answers 404.
        for failed in meeting["failed_requests"]:
            assert re.fullmatch(r"404 GET http://127\.0\.0\.1:8090/janus/\d+\?rid=\d+&maxev=\d+", failed), (
                failed
            )


class TestRefusalAndEnd:
    def test_a_page_with_a_wrong_token_is_refused_and_sees_no_one(self, meeting):
        intruder = meeting["intruder"]
        assert intruder["state"] == "refused"
        assert intruder["status"] == "未能加入：您的邀请无效或已撤回"
        assert intruder["tiles"] == []
        assert presence_of(meeting, len(PEOPLE)) == []

    def test_who_leaves_is_reported_left_and_their_tiles_go_from_the_others(self, meeting):
        assert (meeting["left"]["state"], meeting["left"]["status"]) == ("left", "您已离开会议")
        assert [tile["caption"] for tile in meeting["after_leave"]["tiles"]] == [PEOPLE[0]]
        # by the leave button (fetch, the token in a header) and by going away (a beacon,
        # which cannot set headers: the token is in the body)
        by_button = [e for e in presence_of(meeting, 2) if e["body"]["event"] == "left"]
        by_beacon = [e for e in presence_of(meeting, 1) if e["body"]["event"] == "left"]
        assert [(e["body"], e["csrf"]) for e in by_button] == [({"event": "left"}, "harness-csrf")]
        assert [(e["body"], e["csrf"]) for e in by_beacon] == [
            ({"event": "left", "csrf": "harness-csrf"}, None)
        ]

    def test_destroying_the_room_ends_the_meeting_for_those_still_in_it(self, meeting):
        [page] = meeting["after_destroy"]
        assert (page["state"], page["status"], page["tiles"]) == ("ended", "会议已结束", [])


class TestTheMix:
    def test_the_recordings_mix_into_one_mp4_as_long_as_the_meeting(self, meeting):
        recordings = sorted(path.name for path in meeting["rec_dir"].glob("*.mjr"))
        assert len(recordings) == 2 * len(PEOPLE)  # audio and video of each
        mix = mix_room(meeting["rec_dir"], meeting["dir"] / "mix.mp4")
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name:format=duration",
             "-of", "json", str(mix.path)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        found = json.loads(probe.stdout)
        streams = {stream["codec_type"]: stream["codec_name"] for stream in found["streams"]}
        assert streams == {"video": "h264", "audio": "aac"}
        # from the first participant's connection to the room's end
        first = min(e["at"] for e in meeting["presence"] if e["body"]["event"] == "connection")
        length = meeting["destroyed_at"] - first
        assert abs(float(found["format"]["duration"]) - length) <= 2, (found["format"], length)
        assert abs(mix.seconds - length) <= 2
        assert len(mix.participants) == len(PEOPLE)
        assert len(mix.sha256) == 64

    @pytest.mark.django_db
    def test_a_closed_meeting_keeps_its_mix_on_the_case_with_the_sha256(
        self, meeting, cast, settings, tmp_path
    ):
        from medarb.cases.models import TimelineEntry
        from medarb.meetings import recordings
        from medarb.meetings.models import Meeting
        from medarb.meetings.tests.conftest import sitting_now
        from medarb.testing import register

        case = register(actor=cast.filing_officer, unit=cast.district)
        sitting = sitting_now(case, clerk=cast.clerk, members=[cast.arbitrator], by=cast.clerk)
        settings.MEDARB_MEETINGS_DIR = tmp_path
        kept = Meeting.objects.create(
            case=case, sitting=sitting, purpose="mediation", room=ROOM, opened_by=cast.arbitrator,
            opened_at=sitting.starts_at, closed_at=sitting.starts_at,
        )  # fmt: skip
        room_dir = recordings.room_dir(kept)
        room_dir.mkdir(parents=True)
        for path in meeting["rec_dir"].glob("*.mjr"):
            (room_dir / path.name).write_bytes(path.read_bytes())
        stored = recordings.keep_mix(meeting_id=kept.pk)
        kept.refresh_from_db()
        assert kept.mix == stored and len(stored.sha256) == 64
        assert kept.recording.sitting == sitting and kept.recording.file == stored
        entry = TimelineEntry.objects.get(case=case, kind="meeting_recorded")
        assert stored.sha256 in entry.title and "3路画面" in entry.title
        assert recordings.keep_mix(meeting_id=kept.pk) == stored  # the job run twice keeps one
