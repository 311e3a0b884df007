"""What goes on a case's disc: the documents of the case, and the recordings of its sittings."""

from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.documents.models import IssuedDocument
from medarb.hearings.models import Sitting
from medarb.recording import live
from medarb.recording.disc import DiscItem
from medarb.recording.models import Recording

DOCUMENTS = "文书"


def recordings_folder() -> str:
    return _("庭审录像")


def case_documents(case, viewer=None) -> list[DiscItem]:
    """The current version of every document of the case that was not revoked, in issue order."""
    documents = (
        IssuedDocument.objects.filter(case=case, revoked_at__isnull=True)
        .prefetch_related("files__pdf")
        .order_by("issued_on", "created_at", "id")
    )
    return [DiscItem(DOCUMENTS, f"{doc.title}.pdf", doc.current.pdf) for doc in documents]


def case_recordings(case, viewer=None) -> list[DiscItem]:
    """The recordings of the case's sittings that `viewer` may watch (`live.watchable_sittings`:
    the tribunal and clerk of each, the chair; a filing officer who may act on the case does
    not take away a hearing they may not watch), MP4 as remuxed with its hash, in the order
    they were made, named by their start and title so a reader finds the sitting."""
    if viewer is None:
        return []
    sittings = (
        Sitting.objects.filter(case=case, recordings__isnull=False).distinct().prefetch_related("members")
    )
    watchable = [s.pk for s in live.watchable_sittings(viewer, case, sittings)]
    recordings = (
        Recording.objects.filter(sitting_id__in=watchable).select_related("file").order_by("started_at", "id")
    )
    folder = recordings_folder()
    return [
        DiscItem(folder, f"{timezone.localtime(rec.started_at):%Y-%m-%d %H%M} {rec.title}.mp4", rec.file)
        for rec in recordings
    ]
