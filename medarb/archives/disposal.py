"""What a dossier's disposal destroys: the bytes of the case's papers (every version), its
bound volumes, its hearing recordings and its disc images, unless another case holds the same
file (files are kept once by content). The rows stay, with their hashes, as the record."""

from django.db.models import Q

from medarb.archives.models import DossierVolume
from medarb.cases.models import Case
from medarb.core.models import StoredFile
from medarb.documents.models import DocumentFile
from medarb.recording.models import DiscExport, Recording

# (model, its file fields, the path from it to its case)
HOLDERS = (
    (DocumentFile, ("pdf", "docx"), "document__case"),
    (DossierVolume, ("pdf",), "dossier__case"),
    (Recording, ("file",), "sitting__case"),
    (DiscExport, ("image",), "case"),
)


def files_of(case: Case) -> list[StoredFile]:
    mine, elsewhere = set(), set()
    for model, fields, to_case in HOLDERS:
        for field in fields:
            ids = model.objects.filter(**{to_case: case}).exclude(**{f"{field}__isnull": True})
            mine |= set(ids.values_list(f"{field}_id", flat=True))
    for model, fields, to_case in HOLDERS:
        held = Q()
        for field in fields:
            held |= Q(**{f"{field}_id__in": mine})
        others = model.objects.filter(held).exclude(**{to_case: case})
        for field in fields:
            elsewhere |= set(others.values_list(f"{field}_id", flat=True))
    return list(StoredFile.objects.filter(pk__in=mine - elsewhere, discarded_at__isnull=True))
