"""Live hearings: encoders push RTMP to nginx-rtmp, which asks this module who may publish
(`on_publish`), tells it when a push ends (`on_publish_done`), and asks it for every playlist
and segment a browser requests (`auth_request`). Recordings are remuxed to MP4, never re-encoded.

A push arrives under its device's stream key; the app answers with a redirect to the
broadcast's own name (`s<id>`), so HLS files, recordings and URLs never carry the key.
Watchers get a token per sitting, put in the path of every media URL (relative segment URLs
keep it), revocable and audited from the first to the last request.
"""

import hashlib
import json
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.core.errors import NotAllowed
from medarb.core.files import store_path
from medarb.hearings.models import Sitting, SittingState
from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships
from medarb.recording import alerts
from medarb.recording.models import (
    AlertKind,
    Broadcast,
    BroadcastState,
    CaptureDevice,
    Recording,
    ViewerSession,
)

TOKEN_HOURS = 8
SEEN_EVERY = timedelta(seconds=30)  # how often a watcher's last request is written
STREAM_NAME = re.compile(r"^s(\d+)$")
MEDIA_FILE = re.compile(r"^([sc]\d+)(?:-\d+)?\.(m3u8|ts)$")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Refused(Exception):
    """A push or a media request that is not allowed; the reason goes to the log, never to the client."""


def media_dir() -> Path:
    return Path(settings.MEDARB_MEDIA_DIR)


def margin() -> timedelta:
    return timedelta(minutes=settings.MEDARB_LIVE_MARGIN_MINUTES)


def sitting_now(room_id: int, *, at=None) -> Sitting | None:
    """The sitting scheduled in the room now, with the configured margin before and after."""
    at = at or timezone.now()
    return (
        Sitting.objects.filter(
            room_id=room_id,
            state=SittingState.SCHEDULED,
            starts_at__lte=at + margin(),
            ends_at__gte=at - margin(),
        )
        .order_by("starts_at")
        .first()
    )


def authorise_publish(*, key: str, addr: str | None) -> Broadcast:
    """nginx's on_publish: a valid key of an active device, a sitting in its room now, and room
    on the media disk (else the push is refused with an alert)."""
    device = (
        CaptureDevice.objects.select_related("room__unit")
        .filter(key_hash=hash_key(key), is_active=True)
        .first()
    )
    if device is None:
        raise Refused("unknown or inactive stream key")
    sitting = sitting_now(device.room_id)
    if sitting is None:
        raise Refused(f"no sitting scheduled now in room {device.room_id}")
    _refuse_when_full(device, sitting)
    with transaction.atomic():
        broadcast = Broadcast.objects.create(device=device, sitting=sitting, client_addr=addr or None)
        record(
            actor=None,
            action=AuditAction.CREATE,
            obj=broadcast,
            case_id=sitting.case_id,
            summary=_("开始直播：%(device)s") % {"device": device.name},
            data={"sitting": sitting.pk, "addr": addr or ""},
        )
    return broadcast


def check_push(*, name: str) -> None:
    """nginx's on_update, every few seconds of a push: a push is stopped (Refused) when the
    media disk fills up, so what is recorded so far stays whole, or when its first seconds show
    a codec that can be neither streamed nor kept as it came. Each stop raises an alert.

    nginx asks under the key for the encoder's push, and under the push's own name for its
    relay to the HLS application: the relay ends with the push, so only the push is checked."""
    if STREAM_NAME.match(name or ""):
        return
    broadcast = _pushing(name)
    if broadcast is None:
        return
    device, sitting = broadcast.device, broadcast.sitting
    _refuse_when_full(device, sitting)
    if broadcast.codecs:
        return
    pieces = recorded_flv(broadcast)
    codecs = probe_codecs(pieces[-1]) if pieces else {}
    if not codecs:
        return  # nothing recorded yet: asked again at the next update
    broadcast.codecs = "/".join(codecs[kind] for kind in ("video", "audio") if kind in codecs)
    broadcast.save(update_fields=["codecs"])
    if alerts.unsupported(codecs):
        alerts.raise_alert(
            device=device, sitting=sitting, kind=AlertKind.CODEC, detail=alerts.codec_detail(device, codecs)
        )
        raise Refused(f"unsupported codecs {broadcast.codecs}")


def _refuse_when_full(device: CaptureDevice, sitting: Sitting) -> None:
    """Below the free-space floor of the media disk a push is refused, with an alert."""
    directory = media_dir()
    directory.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(directory).free < settings.MEDARB_MEDIA_MIN_FREE_BYTES:
        alerts.raise_alert(
            device=device, sitting=sitting, kind=AlertKind.DISK_FULL, detail=alerts.disk_detail(directory)
        )
        raise Refused("media disk is nearly full")


def live_broadcast(name: str) -> Broadcast | None:
    match = STREAM_NAME.match(name or "")
    if not match:
        return None
    return Broadcast.objects.filter(pk=int(match.group(1)), state=BroadcastState.LIVE).first()


def may_feed_hls(name: str) -> bool:
    """s<id> of a live push, or c<sitting id> of a sitting with a live push."""
    if live_broadcast(name) is not None:
        return True
    match = re.match(r"^c(\d+)$", name or "")
    return (
        bool(match)
        and Broadcast.objects.filter(sitting_id=int(match.group(1)), state=BroadcastState.LIVE).exists()
    )


def _pushing(name: str) -> Broadcast | None:
    """The live push nginx names, by its own name or (on_publish_done, on_update) by the key it came with."""
    return live_broadcast(name) or (
        Broadcast.objects.select_related("device__room__unit", "sitting")
        .filter(device__key_hash=hash_key(name or ""), state=BroadcastState.LIVE)
        .order_by("-started_at")
        .first()
    )


def end_broadcast(*, name: str) -> Broadcast | None:
    """nginx's on_publish_done: the push ended. A push that ends while its sitting is still
    scheduled and before its end time dropped (or was stopped): the recording up to there is
    kept and marked."""
    broadcast = _pushing(name)
    if broadcast is None:
        return None
    now = timezone.now()
    sitting = broadcast.sitting
    dropped = sitting.state == SittingState.SCHEDULED and now < sitting.ends_at - margin()
    broadcast.state = BroadcastState.INTERRUPTED if dropped else BroadcastState.ENDED
    broadcast.ended_at = now
    broadcast.save(update_fields=["state", "ended_at"])
    from medarb.recording.tasks import remux_broadcast

    transaction.on_commit(lambda: remux_broadcast(broadcast.pk))
    return broadcast


def recorded_flv(broadcast: Broadcast) -> list[Path]:
    """nginx-rtmp's recordings of a push (record_unique: s<id>-<unix time>.flv)."""
    return sorted((media_dir() / "rec").glob(f"{broadcast.stream_name}-*.flv"))


def _ffprobe(path: Path, entries: str) -> dict:
    """ffprobe's JSON on `entries` of a file, {} when it cannot read it."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", entries, "-of", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    try:
        return json.loads(result.stdout or "{}")
    except ValueError:
        return {}


def probe_duration(path: Path) -> float:
    try:
        return float(_ffprobe(path, "format=duration").get("format", {}).get("duration", 0))
    except ValueError:
        return 0.0


def probe_codecs(path: Path) -> dict[str, str]:
    """{"video": "h264", "audio": "aac"}: the codecs of a recording, even one still being written."""
    streams = _ffprobe(path, "stream=codec_type,codec_name").get("streams", [])
    return {
        s["codec_type"]: s.get("codec_name", "?")
        for s in streams
        if s.get("codec_type") in ("video", "audio")
    }


def remux(source: Path, target: Path) -> bool:
    """FLV → MP4 without re-encoding (H.264/AAC as the encoder sent them), index up front for
    seeking. Only what MP4 cannot hold as it came is re-encoded; returns whether it was."""
    copy = ["-c", "copy"]
    encode = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-b:a", "96k"]
    transcoded = alerts.unsupported(probe_codecs(source))
    command = [
        "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source),
        *(encode if transcoded else copy), "-movflags", "+faststart", str(target),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0 or not target.exists():
        raise OSError(result.stderr.strip()[-500:] or "ffmpeg failed")
    return transcoded


def unstored_broadcasts(*, settled_for: timedelta = timedelta(minutes=5)) -> list[int]:
    """Ended pushes (for a while: their own job had its tries) with an FLV but no recording."""
    ended = Broadcast.objects.filter(
        state__in=[BroadcastState.ENDED, BroadcastState.INTERRUPTED],
        ended_at__lt=timezone.now() - settled_for,
        recording__isnull=True,
    )
    return [b.pk for b in ended.only("pk") if recorded_flv(b)]


def store_recording(*, broadcast_id: int) -> Recording | None:
    """The job after a push: remux the recorded FLV, hash, keep, attach to sitting and case. The
    FLV is removed once its MP4 is kept, unless the MP4 had to be re-encoded: then the FLV is
    the original and stays in `rec/`."""
    broadcast = Broadcast.objects.select_related("device", "sitting").filter(pk=broadcast_id).first()
    if broadcast is None or Recording.objects.filter(broadcast=broadcast).exists():
        return None
    pieces = recorded_flv(broadcast)
    if not pieces:
        return None
    source = pieces[-1]
    target = source.with_suffix(".mp4")
    transcoded = remux(source, target)
    stored = store_path(
        path=target, name=f"{broadcast.device.name}-{broadcast.stream_name}.mp4", content_type="video/mp4"
    )
    recording = Recording.objects.create(
        sitting=broadcast.sitting,
        broadcast=broadcast,
        title=_("%(device)s 录像") % {"device": broadcast.device.name},
        file=stored,
        started_at=broadcast.started_at,
        duration_seconds=probe_duration(target),
        interrupted=broadcast.state == BroadcastState.INTERRUPTED,
        transcoded=transcoded,
    )
    target.unlink(missing_ok=True)
    if not transcoded:
        transaction.on_commit(lambda: source.unlink(missing_ok=True))
    record(
        actor=None,
        action=AuditAction.CREATE,
        obj=recording,
        case_id=broadcast.sitting.case_id,
        summary=_("庭审录像已保存（SHA-256 %(sha)s…）") % {"sha": stored.sha256[:16]},
        data={"sha256": stored.sha256, "interrupted": recording.interrupted},
    )
    return recording


# --- who watches ---------------------------------------------------------------------------


def sits_in(user, sitting: Sitting) -> bool:
    """The clerk or a member of the sitting's tribunal (members read from a prefetch if any)."""
    return sitting.clerk_id == user.pk or any(m.pk == user.pk for m in sitting.members.all())


def may_watch(user, sitting: Sitting) -> bool:
    """The tribunal and the clerk of the sitting, the chair of its unit, and supervisors whose
    jurisdiction covers the case. Nobody else: not the parties, not other units."""
    return bool(watchable_sittings(user, sitting.case, [sitting]))


def watchable_sittings(user, case, sittings) -> list[Sitting]:
    """`may_watch` over sittings of one case: the case is checked once, so a list of sittings
    (members prefetched) costs no query per sitting."""
    if not policy.is_staff(user) or not policy.can_read_case(user, case):
        return []
    if policy.is_supervisor(user):
        return list(sittings)
    chair = any(m.role == Role.CHAIR and m.unit_id == case.unit_id for m in active_memberships(user))
    return [s for s in sittings if chair or sits_in(user, s)]


@dataclass(frozen=True)
class Ticket:
    session: ViewerSession
    token: str


def issue_viewer(*, user, sitting: Sitting, request=None) -> Ticket:
    if not may_watch(user, sitting):
        raise NotAllowed(_("您无权观看该庭审。"))
    token = secrets.token_urlsafe(24)
    session = ViewerSession.objects.create(
        user=user,
        sitting=sitting,
        token_hash=hash_key(token),
        as_supervisor=policy.is_supervisor(user),
        expires_at=timezone.now() + timedelta(hours=TOKEN_HOURS),
    )
    record(
        actor=user,
        action=AuditAction.READ,
        obj=session,
        case_id=sitting.case_id,
        summary=_("调阅庭审直播") if session.as_supervisor else _("观看庭审直播"),
        data={"sitting": sitting.pk},
        request=request,
    )
    return Ticket(session=session, token=token)


def authorise_media(*, token: str, filename: str) -> ViewerSession:
    """nginx's auth_request for /live/<token>/<file>: a live token, and a file of a push of
    the token's sitting. A URL copied from someone else's session still needs their token."""
    match = MEDIA_FILE.match(filename or "")
    if not match:
        raise Refused("not a media file name")
    session = ViewerSession.objects.filter(token_hash=hash_key(token or ""), revoked_at__isnull=True).first()
    now = timezone.now()
    if session is None or session.expires_at < now:
        raise Refused("unknown, revoked or expired token")
    kind, number = match.group(1)[0], int(match.group(1)[1:])
    # s<id>: one feed (a broadcast of the token's sitting); c<id>: the sitting's composite.
    if kind == "c" and number != session.sitting_id:
        raise Refused("composite of another sitting")
    if kind == "s" and not Broadcast.objects.filter(pk=number, sitting_id=session.sitting_id).exists():
        raise Refused("file of another sitting")
    if session.last_seen is None or now - session.last_seen >= SEEN_EVERY:
        ViewerSession.objects.filter(pk=session.pk).update(
            last_seen=now, first_seen=session.first_seen or now
        )
    return session


def supervisions(*, user, sitting: Sitting) -> list[ViewerSession]:
    """The supervisors' viewings of a sitting, shown to the chair of the case's unit only."""
    is_chair = any(
        m.role == Role.CHAIR and m.unit_id == sitting.case.unit_id for m in active_memberships(user)
    )
    if not is_chair:
        return []
    return list(ViewerSession.objects.filter(sitting=sitting, as_supervisor=True).select_related("user"))
