"""Binding a volume (装订): the case's papers in the order the archive rules set, behind a cover
(卷宗封面) and a table of contents (卷内目录), with a page number stamped on every page of the
papers (odd pages top right, even pages top left, as paper files are numbered), PDF bookmarks,
and a back cover (备考表) that states what the volume holds.

The pages are the papers' own, copied unchanged under the stamp; a signed paper's signature is
therefore not valid inside the volume (its bytes changed), but the manifest keeps the SHA-256 of
the file it was bound from, and that file stays in the case, signature intact.
"""

import hashlib
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from medarb.cases.models import Case
from medarb.core.files import read_bytes, store_bytes
from medarb.documents.models import DocumentOrigin, IssuedDocument, Volume
from medarb.documents.pdf import render_html
from medarb.documents.rendering import official_datetime

# The main volume's order (Rules Art. 23): application, acceptance, defence and the parties'
# papers, evidence, hearing, the result, then the proofs of service. Scans (defence, identity
# papers, evidence) sit where the parties' papers go.
MAIN_ORDER = (
    "application",
    "correction_notice",
    "acceptance_notice",
    "non_acceptance_notice",
    "notice_to_respond",
    "power_of_attorney",
    DocumentOrigin.SCANNED,
    "evidence_notice",
    "tribunal_notice",
    "hearing_notice",
    "hearing_transcript",
    "withdrawal_decision",
    "mediation_agreement",
    "mediation_statement",
    "award_non_final",
    "award_final",
    "*",  # any other paper the commission issued
    "proof_of_service",
)
A4 = (595.28, 841.89)


@dataclass
class Entry:
    """One line of the table of contents and of the manifest."""

    title: str
    number: str
    date: str
    first_page: int
    last_page: int
    sha256: str
    document_id: int | None = None

    @property
    def pages(self) -> str:
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}–{self.last_page}"


def _rank(document: IssuedDocument) -> int:
    if document.origin == DocumentOrigin.SCANNED:
        key = DocumentOrigin.SCANNED
    else:
        key = document.template_code if document.template_code in MAIN_ORDER else "*"
    return MAIN_ORDER.index(key)


def papers(case: Case, volume: str) -> list[IssuedDocument]:
    """The case's papers of one volume, in binding order, each with its current file."""
    documents = (
        IssuedDocument.objects.filter(case=case, volume=volume, revoked_at__isnull=True)
        .prefetch_related("files__pdf")
        .order_by("issued_on", "created_at", "id")
    )
    if volume == Volume.INTERNAL:
        return list(documents)
    return sorted(documents, key=_rank)  # stable: dates order papers of one rank


@dataclass
class Part:
    """Pages to bind: a title for the contents and the PDF bytes (a paper, or a record
    rendered for the internal volume)."""

    title: str
    number: str
    date: str
    pdf: bytes
    document_id: int | None = None


def _kept(part: "Part", case: Case) -> "Part":
    """A record rendered for the volume is kept too, so that the manifest's hash of it can be
    checked later like a paper's."""
    store_bytes(data=part.pdf, name=f"{case.display_number}-{part.title}.pdf", content_type="application/pdf")
    return part


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def _internal_records(case: Case) -> list[Part]:
    """The internal volume's own records: the approval forms and the internal notes
    (deliberations, caucus notes), rendered from the case (never typed again)."""
    parts = []
    approvals = list(
        case.approvals.select_related("requested_by", "decided_by").order_by("requested_at", "id")
    )
    if approvals:
        rows = [(a, (a.payload or {}).get("note", "")) for a in approvals]
        html = render_to_string("archives/approvals_pdf.html", {"case": case, "approvals": rows})
        parts.append(
            _kept(
                Part(_("审批表"), "", _day(approvals[-1].requested_at), render_html(html).write_pdf()), case
            )
        )
    notes = list(case.timeline.filter(is_internal=True).select_related("actor").order_by("at", "id"))
    if notes:
        html = render_to_string(
            "archives/notes_pdf.html",
            {"case": case, "notes": [(official_datetime(n.at), n) for n in notes]},
        )
        parts.append(
            _kept(Part(_("评议及内部记录"), "", _day(notes[-1].at), render_html(html).write_pdf()), case)
        )
    return parts


def parts_of(case: Case, volume: str) -> list[Part]:
    documents = [
        Part(d.title, d.number, d.issued_on.isoformat(), read_bytes(d.current.pdf), d.pk)
        for d in papers(case, volume)
    ]
    if volume == Volume.INTERNAL:
        records = _internal_records(case)
        return records[:1] + documents + records[1:]  # approvals first, deliberations last
    return documents


@dataclass
class Bound:
    pdf: bytes
    pages: int  # of the papers, as numbered (the cover, contents and back cover are not)
    entries: list[Entry]

    def manifest(self, **head) -> dict:
        return {
            **head,
            "sha256": hashlib.sha256(self.pdf).hexdigest(),
            "pages": self.pages,
            "entries": [asdict(e) for e in self.entries],
        }


def _stamps(count: int) -> PdfReader:
    """`count` A4 pages carrying only their page number, where paper files put it."""
    html = render_to_string("archives/page_numbers_pdf.html", {"pages": range(count)})
    return PdfReader(io.BytesIO(render_html(html).write_pdf()))


def _form(writer: PdfWriter, sheet) -> IndirectObject:
    """A page of another PDF as a Form XObject of `writer`, to draw on any page."""
    form = DecodedStreamObject()
    form.set_data(sheet.get_contents().get_data() if sheet.get_contents() is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([FloatObject(v) for v in sheet.mediabox])
    form[NameObject("/Resources")] = sheet["/Resources"].get_object().clone(writer)
    return writer._add_object(form)


def _stamp(writer: PdfWriter, page, form: IndirectObject, name: str) -> None:
    """Draw `form` (an A4 page made a Form XObject by `_form`) over `page`, moved to the page's top corners whatever its size.

    The stamp goes in as a Form XObject after the page's own content, which is wrapped in
    q … Q so that nothing it leaves set can move the stamp: the content itself is never parsed,
    so a 200-page volume is stamped in well under a second. A rotated page has its rotation
    turned into content first (slower, and rare)."""
    if page.rotation % 360:
        page.transfer_rotation_to_content()
    box = page.mediabox
    tx = float(box.left) + float(box.width) - A4[0]
    ty = float(box.bottom) + float(box.height) - A4[1]
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[NameObject(name)] = form
    contents = page.get("/Contents")
    existing = (
        []
        if contents is None
        else (list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents])
    )
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ\nq 1 0 0 1 {tx:.2f} {ty:.2f} cm {name} Do Q\n".encode())
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )


def bind(
    case: Case,
    volume: str,
    *,
    context: dict,
    progress: Callable[[int], None] = lambda percent: None,
) -> Bound:
    """The volume's PDF. `context` fills the cover and back cover (numbers, retention, who)."""
    parts = parts_of(case, volume)
    readers = [PdfReader(io.BytesIO(part.pdf)) for part in parts]
    entries, page = [], 1
    for part, reader in zip(parts, readers, strict=True):
        count = len(reader.pages)
        entries.append(
            Entry(
                part.title,
                part.number,
                part.date,
                page,
                page + count - 1,
                hashlib.sha256(part.pdf).hexdigest(),
                part.document_id,
            )
        )
        page += count
    total = page - 1
    progress(20)
    common = {
        **context,
        "case": case,
        "volume": Volume(volume).label,
        "entries": entries,
        "total": total,
        "now": official_datetime(timezone.localtime()),
    }
    front = PdfReader(
        io.BytesIO(render_html(render_to_string("archives/front_pdf.html", common)).write_pdf())
    )
    back = PdfReader(io.BytesIO(render_html(render_to_string("archives/back_pdf.html", common)).write_pdf()))
    stamps = _stamps(total) if total else None
    progress(40)

    writer = PdfWriter()
    for sheet in front.pages:
        writer.add_page(sheet)
    writer.add_outline_item(title=_("卷宗封面"), page_number=0)
    writer.add_outline_item(title=_("卷内目录"), page_number=1)
    papers_root, number = None, 0
    for index, (entry, reader) in enumerate(zip(entries, readers, strict=True)):
        first = len(writer.pages)
        for sheet in reader.pages:
            form = _form(writer, stamps.pages[number])
            _stamp(writer, writer.add_page(sheet), form, f"/MedarbPage{number + 1}")
            number += 1
        if papers_root is None:  # a bookmark needs its page in the writer already
            papers_root = writer.add_outline_item(title=_("卷内文件"), page_number=first)
        writer.add_outline_item(
            title=f"{entry.title}（{entry.pages}）", page_number=first, parent=papers_root
        )
        progress(40 + 50 * (index + 1) // max(len(entries), 1))
    back_at = len(writer.pages)
    for sheet in back.pages:
        writer.add_page(sheet)
    writer.add_outline_item(title=_("备考表"), page_number=back_at)
    writer.add_metadata({"/Title": f"{case.display_number} {Volume(volume).label}", "/Producer": "medarb"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    progress(95)
    return Bound(out.getvalue(), total, entries)


def watermark(pdf: bytes, *, text: str) -> bytes:
    """The volume with `text` (the reader's name and the time) across every page, for an
    online reading (查阅): what leaves the screen can be traced to the reading."""
    html = render_to_string("archives/watermark_pdf.html", {"text": text})
    reader, writer = PdfReader(io.BytesIO(pdf)), PdfWriter()
    mark = _form(writer, PdfReader(io.BytesIO(render_html(html).write_pdf())).pages[0])
    for sheet in reader.pages:
        _stamp(writer, writer.add_page(sheet), mark, "/MedarbWatermark")
    writer.add_metadata({"/Title": reader.metadata.title or "", "/Producer": "medarb"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
