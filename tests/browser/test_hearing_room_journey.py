# ruff: noqa: F811  (the media fixture is imported from the live ingest tests)
"""A hearing through the hearing-room system, in the browser and through the real parts: the
clerk opens the sitting and its feed is live (ffmpeg test source and speech pushed to a real
nginx-rtmp); the supervisor watches it on the 实时监督 wall; the clerk shows a document and the
court's screen follows; the sitting ends and its recordings appear on the case page; the
replay jumps to the moment the document was shown; speech recognition (faster-whisper on the
committed Mandarin clips) gives a line that goes into the transcript, which is finalised and
signed; the case disc is exported with the recordings on it.

Screenshots go to /tmp/journey-*.png."""

import copy
import json
import re
import shutil
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from medarb.browser_testing import DESKTOP, TIMEOUT_MS, draw_signature, login_as
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store, numbered_case  # noqa: F401
from medarb.hearings.models import Sitting, SittingKind, SittingState
from medarb.orgs.models import Room, RoomKind
from medarb.recording import composer, devices, disc, nginx
from medarb.recording.models import Broadcast, BroadcastState, Recording
from medarb.recording.tests.test_live_ingest import FONT, media, wait_for  # noqa: F401
from medarb.transcripts.asr import character_error_rate
from medarb.transcripts.models import TranscriptState

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (shutil.which("nginx") and Path(nginx.MODULE).exists() and shutil.which("ffmpeg")),
        reason="nginx with libnginx-mod-rtmp and ffmpeg are needed (make os-packages-test)",
    ),
]
SPEECH = Path(__file__).resolve().parents[2] / "medarb" / "transcripts" / "tests" / "speech"
CLIPS = json.loads((SPEECH / "clips.json").read_text())["clips"]
SLOW_MS = 120_000  # recognising and building the disc run inside the request (immediate jobs)


def speech_track(tmp_path) -> Path:
    """The five committed clips one after the other with short pauses, as one WAV."""
    names = sorted(CLIPS)
    inputs = [arg for name in names for arg in ("-i", str(SPEECH / name))]
    pads = ";".join(f"[{i}:a]apad=pad_dur=0.7[p{i}]" for i in range(len(names)))
    joined = "".join(f"[p{i}]" for i in range(len(names)))
    target = tmp_path / "speech.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *inputs, "-filter_complex",
         f"{pads};{joined}concat=n={len(names)}:v=0:a=1[out]", "-map", "[out]", "-ar", "44100", str(target)],
        check=True,
    )  # fmt: skip
    return target


def start_push(url: str, speech: Path) -> subprocess.Popen:
    """A camera: testsrc2 with a Chinese caption, a quiet sine under the speech clips (looped)."""
    command = [
        "ffmpeg", "-nostdin", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-stream_loop", "-1", "-i", str(speech),
        "-t", "300",
        "-filter_complex",
        f"[0:v]drawtext=fontfile={FONT}:text='鹭湖区仲裁院 第一数字仲裁庭':fontsize=24:x=10:y=10:fontcolor=white[v];"
        "[1:a]volume=0.03[tone];[tone][2:a]amix=inputs=2:duration=first:normalize=0[a]",
        "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25",
        "-c:a", "aac", "-f", "flv", url,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def shot(page, step: str) -> None:
    page.screenshot(path=f"/tmp/journey-{step}.png", full_page=True)


def plays(page, selector: str, timeout: int = 45_000) -> None:
    """Wait until the video has played past its first half second."""
    page.wait_for_function(
        "sel => { const v = document.querySelector(sel); return v && v.currentTime > 0.5 && v.readyState >= 2 }",
        arg=selector,
        timeout=timeout,
    )


def click_and_wait(page, selector: str, timeout: int = TIMEOUT_MS) -> None:
    """Click and wait for the page it leads to; the click itself waits as long (its own wait
    for the navigation it starts would otherwise give up after the default timeout)."""
    with page.expect_navigation(timeout=timeout):
        page.click(selector, timeout=timeout)


@pytest.fixture
def allow_origin(settings, live_server):
    """nginx answers the pages' origin (written into its configuration by the media fixture)."""
    settings.MEDARB_LIVE_ALLOW_ORIGIN = live_server.url


@pytest.fixture
def live_media(allow_origin, media, settings):
    """The pages may fetch from the test's nginx, on whatever port it got (the policy is read
    per response; settings.py derives it from MEDARB_LIVE_BASE_URL once, at start)."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    for directive in ("connect-src", "media-src"):
        policy["DIRECTIVES"][directive].append(media["http"])
    settings.CONTENT_SECURITY_POLICY = policy
    return media


@pytest.fixture
def hearing(cast):
    court = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    case = numbered_case(cast)
    documents.issue_document(case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False)
    now = timezone.now()
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=court, starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1), clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    _camera, key = devices.register_device(
        actor=cast.unit_admin, room=court, name="审判区摄像机", kind="camera"
    )
    return {"case": case, "sitting": sitting, "key": key}


def test_a_hearing_from_the_sitting_page_to_the_case_disc(
    page, browser, live_server, live_media, cast, hearing, tmp_path
):
    media = live_media
    case, sitting = hearing["case"], hearing["sitting"]
    pusher = start_push(f"{media['rtmp']}/{hearing['key']}", speech_track(tmp_path))
    supervisor_context = None
    try:
        assert wait_for(lambda: Broadcast.objects.filter(sitting=sitting, state=BroadcastState.LIVE).exists())

        # 1. The clerk goes from the case page to the sitting, and from there to its live feed.
        login_as(page, live_server, "clerk")
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        panel = page.locator("[data-testid=hearing-room-panel]")
        assert panel.locator("[data-testid=on-air]").is_visible()
        click_and_wait(page, f"[data-testid=hearing-room-sitting][data-sitting='{sitting.pk}'] a >> nth=0")
        assert f"/hearings/sittings/{sitting.pk}/" in page.url
        shot(page, "1-sitting")
        click_and_wait(page, "[data-testid=hearing-room-panel] [data-testid=link-live]")
        plays(page, "[data-testid=live-video]")
        shot(page, "2-live")

        # 2. The supervisor opens 实时监督 from the menu and watches the sitting's composite.
        composer.tick()
        supervisor_context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport=DESKTOP
        )
        supervisor_context.set_default_timeout(TIMEOUT_MS)
        supervisor = supervisor_context.new_page()
        login_as(supervisor, live_server, "supervisor")
        click_and_wait(supervisor, "nav >> text=实时监督")
        tile = supervisor.locator("[data-testid=wall-tile]")
        assert tile.count() == 1 and case.display_number in tile.inner_text()
        plays(supervisor, "[data-testid=wall-tile] video", timeout=60_000)
        shot(supervisor, "3-wall")

        # 3. The clerk opens the court's screen and shows the acceptance notice on it.
        click_and_wait(page, "[data-testid=present-link]")
        with page.context.expect_page() as opened:
            page.click("[data-testid=open-screen]")
        screen = opened.value
        screen.wait_for_load_state()
        assert screen.locator("[data-testid=screen-title]").inner_text() == "等待出示证据"
        item = page.locator("[data-testid=present-items] li").first
        title = item.locator("span").inner_text().split(" · ", 1)[1]
        with page.expect_navigation():
            item.locator("button[type=submit]").click()
        screen.wait_for_function(
            "t => document.getElementById('title').textContent === t"
            " && document.querySelector('#stage img')?.naturalWidth > 0",
            arg=title,
        )
        shot(page, "4-present")
        shot(screen, "5-screen")
        screen.close()

        # 4. The sitting ends: the clerk records it as held, the encoder stops.
        page.goto(f"{live_server.url}/hearings/sittings/{sitting.pk}/")
        click_and_wait(page, "form[action$='/held/'] button[type=submit]")
        assert page.locator("[data-testid=sitting-state]").inner_text() == SittingState.HELD.label
        time.sleep(2)  # a few seconds of recording after the evidence was shown
        pusher.send_signal(signal.SIGINT)
        pusher.wait(timeout=30)
        camera = wait_for(lambda: Recording.objects.filter(broadcast__sitting=sitting).first(), 40)
        assert camera is not None, (media["dir"] / "nginx-error.log").read_text()[-2000:]
        assert not camera.interrupted  # the sitting was over: a regular end, not a dropped push
        composer.tick()  # the last feed ended: the composite is kept as a recording too
        assert Recording.objects.filter(sitting=sitting).count() == 2

        # 5. The recordings are on the case page; the replay jumps to the moment of the evidence.
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        rows = page.locator("[data-testid=hearing-room-panel] [data-testid=recording-row]")
        assert rows.count() == 2
        camera_row = rows.filter(has_text="审判区摄像机")
        assert camera.file.sha256[:12] in camera_row.inner_text()
        shot(page, "6-case-recordings")
        click_and_wait(page, "[data-testid=recording-row]:has-text('审判区摄像机') [data-testid=replay-link]")
        jump = page.locator("[data-testid=jump]").first
        seconds = float(jump.get_attribute("data-seek"))
        assert 0 < seconds < camera.duration_seconds
        jump.click()
        page.wait_for_function(
            "s => { const v = document.querySelector('[data-testid=replay]');"
            " return v.readyState >= 2 && Math.abs(v.currentTime - s) < 1.5 }",
            arg=seconds,
        )
        shot(page, "7-replay")

        # 6. The transcript: speech recognition on the recording, a recognised line taken in,
        # a standard phrase typed, finalised and signed.
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        click_and_wait(page, "[data-testid=hearing-room-panel] [data-testid=link-transcript]")
        click_and_wait(
            page,
            f"form[action$='/recordings/{camera.pk}/recognise/'] [data-testid=recognise]",
            timeout=SLOW_MS,
        )
        segments = page.locator("[data-testid=segments] textarea")
        heard = segments.evaluate_all("areas => areas.map(a => a.value)")
        assert heard, page.locator(".alert").all_inner_texts()
        # A segment may hold several sentences: the best-heard sentence against its clip's text.
        scored = [
            (min(character_error_rate(ref, sentence) for ref in CLIPS.values()), index, sentence)
            for index, text in enumerate(heard)
            for sentence in re.split(r"(?<=[。？！])\s*", text)
            if sentence.strip()
        ]
        error, index, sentence = min(scored)
        assert error <= 0.2, (sentence, heard)
        best = heard[index]
        segment = page.locator("[data-testid=segments] li").nth(index)
        segment.locator("[data-testid=segment-speaker]").fill("申请人")
        with page.expect_navigation():
            segment.locator("button[type=submit]").click()
        assert best in page.locator("[data-testid=turns]").evaluate(
            "list => [...list.querySelectorAll('textarea')].map(t => t.value).join('\\n')"
        )
        page.click("[data-testid=phrases] >> text=核对当事人身份")
        page.wait_for_function(
            "() => document.getElementById('save-status').textContent.startsWith('已保存')"
        )
        shot(page, "8-transcript")
        click_and_wait(page, "[data-testid=finalise]", timeout=SLOW_MS)
        assert "/sign/" in page.url
        clerk_option = page.locator("[data-testid=signer] option", has_text="陈书记").get_attribute("value")
        page.select_option("[data-testid=signer]", clerk_option)
        draw_signature(page)
        click_and_wait(page, "[data-signature-form] button[type=submit]", timeout=SLOW_MS)
        assert "签名已加入文书" in page.locator(".alert").all_inner_texts()[0]
        shot(page, "9-signed")
        transcript = sitting.transcript
        transcript.refresh_from_db()
        assert transcript.state == TranscriptState.FINAL
        assert {"speaker": "申请人", "text": best} in [
            {"speaker": t["speaker"], "text": t["text"]} for t in transcript.turns
        ]

        # 7. The case disc: an ISO with the documents, the signed transcript and both recordings.
        page.goto(f"{live_server.url}/cases/{case.pk}/#disc")
        page.select_option("#disc-fmt", "iso")
        click_and_wait(page, "[data-testid=disc-form] button[type=submit]", timeout=SLOW_MS)
        page.wait_for_selector("[data-testid=disc-export][data-state=ready]", timeout=SLOW_MS)
        shot(page, "10-disc")
        with page.expect_download() as downloading:
            page.click("[data-testid=disc-download]")
        image = tmp_path / "case.iso"
        downloading.value.save_as(image)
        assert disc.verify_image(image).ok
        manifest = json.loads(disc._read_member(image, disc.MANIFEST))
        on_disc = {f["sha256"]: f["path"] for f in manifest["files"]}
        for rec in Recording.objects.filter(sitting=sitting).select_related("file"):
            assert on_disc[rec.file.sha256].startswith("庭审录像/")
        assert any(path.startswith("文书/") and "庭审笔录" in path for path in on_disc.values())
    finally:
        if pusher.poll() is None:
            pusher.kill()
        composer.stop_all()
        if supervisor_context is not None:
            supervisor_context.close()
