"""Queries on documents, and the public verification answers (which reveal almost nothing)."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from medarb.cases.selectors import case_get_for_user
from medarb.documents import paper_fields, signing
from medarb.documents.models import DocumentFile, DocumentTemplate, IssuedDocument, TemplateKind
from medarb.procedure.declaration import registered


def documents_of_case(case) -> QuerySet[IssuedDocument]:
    return (
        IssuedDocument.objects.filter(case=case)
        .select_related("issuer")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.select_related("pdf", "docx")))
        .order_by("created_at", "id")
    )


def document_get_for_user(*, user, document_id: int, write: bool = False) -> IssuedDocument:
    """The document if the user may see its case (404 otherwise), like `case_get_for_user`."""
    from django.http import Http404

    document = IssuedDocument.objects.select_related("case", "issuer").filter(pk=document_id).first()
    if document is None:
        raise Http404("no such document")
    case = case_get_for_user(user=user, case_id=document.case_id, write=write)
    if not may_see_document(user, document, case=case):
        raise Http404("no such document")
    return document


def may_see_document(user, document: IssuedDocument, *, case) -> bool:
    """The internal volume (副卷) stays with those who read the case through the tree or act
    on it, and those named to sign a paper of it; a viewer through a scoped share (a
    joint-review expert …) sees only the papers shared with them."""
    from medarb.cases import policy
    from medarb.cases.scope import case_scope
    from medarb.documents.signers import signs

    if document.is_internal and not policy.sees_internal_entries(user, case):
        return signs(user, document)  # an expert of a joint review reads the minutes they sign
    return policy.is_party(user) or case_scope(user, case).allows_document(document.pk)


def template_unit_for_user(*, user, unit_id: str | None):
    """The unit whose templates the user is editing, authorised in one call: one of the units
    where they are admin or chair (the first when none is asked for), or None for the
    platform's own versions (platform admins only). Anyone else's unit is a 404, as an
    invisible case is: another district's wording is not theirs to read or change."""
    from django.http import Http404

    from medarb.documents.services import can_edit_template_of, template_units

    units = template_units(user)
    if unit_id in (None, ""):
        if units:
            return units[0]
        if can_edit_template_of(user, None):
            return None
        raise Http404("no template unit")
    if unit_id == "platform" and can_edit_template_of(user, None):
        return None
    for unit in units:
        if str(unit.pk) == str(unit_id):
            return unit
    raise Http404("not this user's unit")


def case_papers(case) -> QuerySet[DocumentTemplate]:
    """The papers a case's procedure issues, for its issue form."""
    papers = registered()[case.kind].papers
    return DocumentTemplate.objects.filter(kind=TemplateKind.CASE, code__in=papers).order_by(
        "position", "code"
    )


@dataclass
class PaperToIssue:
    """What the issue form of one paper shows: the fields its wording reads, pre-filled."""

    template: DocumentTemplate
    fields: list[paper_fields.PaperField]
    initial: dict
    people: list[str]


def paper_to_issue(*, case, code: str, actor) -> PaperToIssue | None:
    """The paper `code` as the case's issue form offers it; None when the case does not issue it."""
    from medarb.documents.services import active_version, ensure_default_templates

    ensure_default_templates()
    template = case_papers(case).filter(code=code).first()
    if template is None:
        return None
    fields = paper_fields.used_by(active_version(code, unit=case.unit).body, code)
    procedure = registered()[case.kind]
    known = procedure.paper_prefill(case) if procedure.paper_prefill else {}
    parties = list(case.parties.all())
    applicants = [p.name for p in parties if p.side == "applicant" and p.principal_id is None]
    known = {"server": str(actor), "principal": applicants[0] if applicants else ""} | known
    initial = {}
    for field in fields:
        value = known.get(field.name)
        if isinstance(value, list | tuple):
            value = "\n".join(map(str, value))
        if value not in (None, ""):
            initial[field.name] = value
    people = [p.name for p in parties] + [str(actor)]
    people += [
        str(initial[f.name]) for f in fields if f.kind == paper_fields.FieldKind.PERSON and f.name in initial
    ]
    return PaperToIssue(template=template, fields=fields, initial=initial, people=people)


def blank_forms() -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.filter(kind=TemplateKind.BLANK).order_by("position", "code")


@dataclass(frozen=True)
class PublicVerification:
    """Exactly what the public may learn about a document: nothing of the case beyond this."""

    found: bool
    title: str = ""
    number: str = ""
    issuer: str = ""
    issued_on: date | None = None
    revoked: bool = False
    superseded: bool = False  # the uploaded file is an earlier version (later signatures exist)
    signature_ok: bool | None = None  # only for uploads


def _public(document: IssuedDocument, **flags) -> PublicVerification:
    return PublicVerification(
        found=True,
        title=document.title,
        number=document.number,
        issuer=document.issuer.name,
        issued_on=document.issued_on,
        revoked=document.revoked_at is not None,
        **flags,
    )


def verify_code(code: str) -> PublicVerification:
    document = IssuedDocument.objects.select_related("issuer").filter(code=code).first() if code else None
    return _public(document) if document else PublicVerification(found=False)


def verify_upload(data: bytes) -> PublicVerification:
    """An uploaded PDF is authentic only if it is byte for byte a version we issued and its
    signatures validate; any changed byte changes the hash and fails the check."""
    digest = hashlib.sha256(data).hexdigest()
    file = (
        DocumentFile.objects.select_related("document__issuer")
        .filter(pdf__sha256=digest, document__code__isnull=False)
        .first()
    )
    if file is None:
        return PublicVerification(
            found=False, signature_ok=signing.validate_pdf(data).ok if data.startswith(b"%PDF") else False
        )
    report = signing.validate_pdf(data)
    latest = file.document.files.order_by("-version").values_list("version", flat=True).first()
    return _public(file.document, superseded=latest != file.version, signature_ok=report.ok)
