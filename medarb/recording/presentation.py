"""Electronic evidence presentation (电子举证/质证): the clerk picks an item of the case — a
page of a PDF, an image, a video, or the evidence visualiser's live feed — and the court's
screen shows it. Each showing goes on the case's timeline with the recording time of that
moment, so the replay can jump there.

The screen follows by server-sent events (`recording.events`): the id of the latest showing is
the version, and a change reaches the screen within half a second. A browser without
EventSource falls back to a one-second poll answered with 304 while nothing changed.
"""

import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.cases.services import add_timeline
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import local_path, open_stored
from medarb.core.models import StoredFile
from medarb.hearings.models import Sitting
from medarb.recording import disc, live
from medarb.recording.models import Broadcast, CaptureDevice, DeviceKind, Presentation
from medarb.recording.sources import recordings_folder

SHOWABLE = {"application/pdf", "image/png", "image/jpeg", "video/mp4"}


def may_present(user, sitting: Sitting) -> bool:
    """The clerk and the tribunal of the sitting operate the screen."""
    return live.sits_in(user, sitting)


def case_items(sitting: Sitting) -> list[disc.DiscItem]:
    """What can be shown: the case's documents and evidence (the same sources as its disc, less
    the hearing recordings, which are replayed, not presented as evidence)."""
    recordings = recordings_folder()
    return [
        disc.DiscItem(item.folder, PurePosixPath(item.name).stem, item.stored)
        for item in disc.collect(sitting.case)
        if item.stored.content_type in SHOWABLE and item.folder != recordings
    ]


def version(sitting_id: int) -> int:
    """The screen's version: the id of the latest showing (one indexed lookup)."""
    latest = (
        Presentation.objects.filter(sitting_id=sitting_id)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return latest or 0


def state(shown: Presentation | None, *, version: int, file_url, live_url=None) -> dict:
    """What a screen shows, for `screen.js`: kind none/image/video/live, its title and URL.
    `file_url(shown)` and `live_url(shown)` give the addresses the viewer may open; without
    `live_url` the visualiser's feed is named, not shown (remote participants see it in the
    meeting's own video)."""
    result = {"version": version, "title": "", "kind": "none", "url": ""}
    if shown is None:
        return result
    result["title"] = shown.title
    if shown.device_id:
        if live_url is not None:
            result |= {"kind": "live", "url": live_url(shown)}
    else:
        kind = {"application/pdf": "image", "video/mp4": "video"}.get(shown.file.content_type, "image")
        result |= {"kind": kind, "url": file_url(shown)}
    return result


def current(sitting_id: int) -> Presentation | None:
    return (
        Presentation.objects.filter(sitting_id=sitting_id)
        .select_related("file", "device")
        .order_by("-id")
        .first()
    )


def _offset(sitting: Sitting) -> float | None:
    first = Broadcast.objects.filter(sitting=sitting).order_by("started_at").first()
    if first is None:
        return None
    return round((timezone.now() - first.started_at).total_seconds(), 1)


@transaction.atomic
def show(
    *, sitting: Sitting, actor, sha256: str = "", page: int = 1, device_id: int | None = None
) -> Presentation:
    """Put an item of the case, or the visualiser's feed, on the court's screen."""
    if not may_present(actor, sitting):
        raise NotAllowed(_("只有本次开庭的书记员和仲裁员可以操作举证屏幕。"))
    if device_id:
        device = CaptureDevice.objects.filter(
            pk=device_id, room=sitting.room, kind=DeviceKind.VISUALISER
        ).first()
        if device is None:
            raise DomainError(_("请选择本法庭的视频展台。"))
        title, stored = device.name, None
    else:
        item = next((i for i in case_items(sitting) if i.stored.sha256 == sha256), None)
        if item is None:
            raise DomainError(_("请选择本案的证据或文书。"))
        device, title, stored = None, item.name, item.stored
        if page < 1 or (stored.content_type == "application/pdf" and page > pdf_pages(stored)):
            raise DomainError(_("页码超出范围。"))
    presentation = Presentation.objects.create(
        sitting=sitting,
        title=title[:120],
        file=stored,
        page=page if stored and stored.content_type == "application/pdf" else 1,
        device=device,
        shown_by=actor,
        recording_offset=_offset(sitting),
    )
    where = (
        _("（录像 %(t)s）") % {"t": clock(presentation.recording_offset)}
        if presentation.recording_offset
        else ""
    )
    add_timeline(
        case=sitting.case,
        actor=actor,
        kind="evidence_shown",
        title=_("庭审出示：%(title)s%(page)s%(where)s")
        % {
            "title": presentation.title,
            "page": _("第 %(n)s 页") % {"n": presentation.page} if stored and presentation.page > 1 else "",
            "where": where,
        },
        sitting=sitting.pk,
        presentation=presentation.pk,
        offset=presentation.recording_offset,
    )
    return presentation


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def pdf_pages(stored: StoredFile) -> int:
    with _local(stored) as path:
        result = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, timeout=30, check=False
        )
    for line in result.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 1


def page_png(stored: StoredFile, page: int) -> bytes:
    """One page of a PDF as a PNG for the big screen (pdftoppm, 110 dpi)."""
    cache_key = f"page-png:{stored.sha256}:{page}"
    if (cached := cache.get(cache_key)) is not None:
        return cached
    with _local(stored) as path, tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(path),
                str(out),
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )
        data = out.with_suffix(".png").read_bytes()
    cache.set(cache_key, data, 3600)
    return data


class _local:
    """A stored file as a local path for poppler."""

    def __init__(self, stored: StoredFile):
        self.stored = stored
        self.temp = None

    def __enter__(self) -> Path:
        try:
            return local_path(self.stored)
        except NotImplementedError:
            self.temp = tempfile.NamedTemporaryFile(suffix=".pdf")
            with open_stored(self.stored) as source:
                self.temp.write(source.read())
            self.temp.flush()
            return Path(self.temp.name)

    def __exit__(self, *exc) -> None:
        if self.temp:
            self.temp.close()


def visualiser_url(presentation: Presentation, token: str) -> str:
    broadcast = (
        Broadcast.objects.filter(device=presentation.device, sitting=presentation.sitting)
        .order_by("-id")
        .first()
    )
    if broadcast is None:
        return ""
    return f"{settings.MEDARB_LIVE_BASE_URL.rstrip('/')}/live/{token}/{broadcast.stream_name}.m3u8"
