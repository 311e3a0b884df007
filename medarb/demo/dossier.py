"""What the demo's case files hold beyond their states: the draft award on the chair's desk, a
sealed paper served on the parties, the recording of a hearing held, and a disc of a dossier.

Each goes through the platform's own code, so the pages that show them (the served paper's
link and its verification, on-screen signing, the replay, the disc's progress) can be tried
as they would be in a commission:

- a case awaiting sign-off got there by its tribunal's act: it is seeded as being drafted, and
  once its tribunal sat and its hearing was held, the presiding arbitrator drafts the award item
  by item and submits it (`submit_award`), so the chair reads a real draft on 签发;
- the clerk of a case whose hearing is scheduled records the worker's consent to electronic
  service (送达地址确认书), issues the sealed 开庭通知书 from the hearing (`issue_document`
  with the procedure's own prefill) and serves it (`serve_document`): the worker gets a link,
  the employer, with no electronic address, is served by post;
- one held hearing is recorded: the room's panorama camera pushes (a `Broadcast`, as the
  nginx-rtmp hook opens it), ffmpeg writes the FLV nginx-rtmp would have written (a short
  test card with a tone), and the job that follows a push (`store_recording`) remuxes, hashes
  and keeps it;
- the clerk of that case asks for its disc (`request_disc`), built by the job queue.
"""

import subprocess
from datetime import date, time, timedelta
from decimal import Decimal

from medarb.arbitration.models import Tribunal
from medarb.arbitration.services import sign_off_award, submit_award
from medarb.cases.models import Case, Party, PartySide
from medarb.delivery.models import Service
from medarb.delivery.services import confirm_service_address, serve_document
from medarb.documents.services import issue_document
from medarb.hearings import timing
from medarb.hearings.models import Sitting, SittingState
from medarb.procedure.declaration import procedure_for
from medarb.recording import live
from medarb.recording.models import Broadcast, BroadcastState, DeviceKind, DiscFormat, Recording
from medarb.recording.services import request_disc

RECORDED_SECONDS = 20
CENT = Decimal("0.01")
# A test card with a tone, as ffmpeg's own sources make it (no file is needed).
TEST_CARD = (
    "ffmpeg -nostdin -loglevel error -y"
    " -f lavfi -i testsrc2=size=640x360:rate=15:duration={seconds}"
    " -f lavfi -i sine=frequency=440:sample_rate=44100:duration={seconds}"
    " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac"
)
# States a sample case reaches by a real act after seeding: {state: the state it is seeded in}.
REACHED_BY_ACT = {"award_sign_off": "award_drafting", "award_issued": "award_drafting"}


def seed_dossiers(
    cases: list[Case], *, worker_phone: str, today: date, drafting: dict[Case, str], chair
) -> None:
    """`drafting`: the cases seeded in award_drafting, each with the state it is to reach: the
    draft is submitted for sign-off, and the chair signs off those to be issued, so the demo
    holds issued awards (for retrieval and the published-award library) as well as waiting ones."""
    for case, state in drafting.items():
        submit_drafted_award(case, on=today)
        if state == "award_issued":
            sign_off_award(case=case, actor=chair, on=today)
    serve_hearing_notice(cases, worker_phone=worker_phone, today=today)
    recording = record_a_hearing(cases)
    if recording is not None:
        case = recording.sitting.case
        request_disc(case=case, actor=_clerk(case), fmt=DiscFormat.ISO)


def submit_drafted_award(case: Case, *, on: date) -> None:
    """The presiding arbitrator's draft: wages and compensation upheld, the rest in part or
    dismissed, with the findings and the reasoning an award carries."""
    claims = list(case.claims.order_by("position", "pk"))
    items = []
    for index, claim in enumerate(claims):
        if claim.amount is None or index % 3 == 2:
            items.append((claim, None))  # dismissed (or not a sum of money)
        else:
            items.append(
                (claim, claim.amount if index % 3 == 0 else (claim.amount * Decimal("0.6")).quantize(CENT))
            )
    names = "、".join(p.name for p in case.parties.filter(principal__isnull=True).order_by("side", "pk"))
    submit_award(
        case=case,
        actor=Tribunal.objects.get(case=case).presiding,
        findings=(
            f"经审理查明：{names}之间存在劳动关系。申请人主张的各项请求，有劳动合同、工资流水、考勤记录"
            "及双方庭审陈述为证，本庭予以确认；被申请人未能举证证明已足额支付相应款项。"
        ),
        majority_opinion=(
            "本庭认为，用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬"
            "（《中华人民共和国劳动合同法》第三十条）。对有证据支持的请求予以支持，"
            "对计算有误的部分依法予以调整，对缺乏事实依据的请求不予支持。"
        ),
        items=items,
        on=on,
    )


def _clerk(case: Case):
    tribunal = Tribunal.objects.select_related("clerk", "presiding").filter(case=case).first()
    return tribunal.clerk or tribunal.presiding


def serve_hearing_notice(cases: list[Case], *, worker_phone: str, today: date) -> list[Service]:
    """The 开庭通知书 of the first hearing after today in a case of the demo worker (else of any
    case), sealed and served; returns the services started."""
    scheduled = Sitting.objects.filter(
        case__in=[c for c in cases if c.status == "hearing_scheduled"],
        state=SittingState.SCHEDULED,
        starts_at__gte=timing.at(today + timedelta(days=1), time.min),  # notified days ahead
    ).select_related("case")
    sitting = min(scheduled, key=lambda s: (not _has_worker(s.case, worker_phone), s.case_id), default=None)
    if sitting is None:
        return []
    case = sitting.case
    clerk = _clerk(case)
    for party in case.parties.filter(side=PartySide.APPLICANT, principal__isnull=True):
        confirm_service_address(party=party, actor=clerk, consent_electronic=True, phone=party.phone)
    document = issue_document(
        case=case,
        template_code="hearing_notice",
        actor=clerk,
        context=procedure_for(case.kind).paper_prefill(case),
    )
    return serve_document(document=document, actor=clerk)


def _has_worker(case: Case, phone: str) -> bool:
    return any(p.phone == phone for p in Party.objects.filter(case=case))


def record_a_hearing(cases: list[Case]) -> Recording | None:
    """The panorama camera's recording of the first held hearing of the demo's cases."""
    sitting = (
        Sitting.objects.filter(case__in=cases, state=SittingState.HELD, room__isnull=False)
        .select_related("room", "case")
        .order_by("case_id")
        .first()
    )
    device = sitting and sitting.room.devices.filter(kind=DeviceKind.CAMERA, name__startswith="全景").first()
    if device is None:
        return None
    broadcast = Broadcast.objects.create(
        device=device, sitting=sitting, state=BroadcastState.ENDED, codecs="h264/aac"
    )
    Broadcast.objects.filter(pk=broadcast.pk).update(
        started_at=sitting.starts_at, ended_at=sitting.starts_at + timedelta(seconds=RECORDED_SECONDS)
    )
    rec = live.media_dir() / "rec"
    rec.mkdir(parents=True, exist_ok=True)
    flv = rec / f"{broadcast.stream_name}-{int(sitting.starts_at.timestamp())}.flv"
    _write_test_card(flv, title=sitting.case.number or "")
    return live.store_recording(broadcast_id=broadcast.pk)


def _write_test_card(path, *, title: str) -> None:
    """What the camera would have sent: H.264 video with AAC sound, in nginx-rtmp's FLV."""
    command = TEST_CARD.format(seconds=RECORDED_SECONDS).split()
    subprocess.run(
        [*command, "-metadata", f"title={title}", "-f", "flv", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
