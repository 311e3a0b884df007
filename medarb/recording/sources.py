"""What goes on a case's disc from the apps beside this one: the documents of the case."""

from medarb.documents.models import IssuedDocument
from medarb.recording.disc import DiscItem

DOCUMENTS = "文书"


def case_documents(case) -> list[DiscItem]:
    """The current version of every document of the case that was not revoked, in issue order."""
    documents = (
        IssuedDocument.objects.filter(case=case, revoked_at__isnull=True)
        .prefetch_related("files__pdf")
        .order_by("issued_on", "created_at", "id")
    )
    return [DiscItem(DOCUMENTS, f"{doc.title}.pdf", doc.current.pdf) for doc in documents]
