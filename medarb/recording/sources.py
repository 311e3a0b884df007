"""What goes on a case's disc: the documents of the case, and the recordings of its sittings."""

from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.documents.models import IssuedDocument
from medarb.recording.disc import DiscItem
from medarb.recording.models import Recording

DOCUMENTS = "文书"


def recordings_folder() -> str:
    return _("庭审录像")


def case_documents(case) -> list[DiscItem]:
    """The current version of every document of the case that was not revoked, in issue order."""
    documents = (
        IssuedDocument.objects.filter(case=case, revoked_at__isnull=True)
        .prefetch_related("files__pdf")
        .order_by("issued_on", "created_at", "id")
    )
    return [DiscItem(DOCUMENTS, f"{doc.title}.pdf", doc.current.pdf) for doc in documents]


def case_recordings(case) -> list[DiscItem]:
    """Every recording of the case's sittings (MP4 as remuxed, with its hash), in the order
    they were made, named by their start and title so a reader finds the sitting."""
    recordings = (
        Recording.objects.filter(sitting__case=case).select_related("file").order_by("started_at", "id")
    )
    folder = recordings_folder()
    return [
        DiscItem(folder, f"{timezone.localtime(rec.started_at):%Y-%m-%d %H%M} {rec.title}.mp4", rec.file)
        for rec in recordings
    ]
