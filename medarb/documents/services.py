"""Issuing documents: fill a template from the case, render PDF (and DOCX), seal, store.

API for the procedures (arbitration, mediation, hearings …)::

    issue_document(*, case, template_code, actor, context=None, sign=True, request=None,
                   docx=False, meta=None) -> IssuedDocument
    sign_on_screen(*, document, actor, signer, image_png, request=None)
        -> IssuedDocument   # a hand signature of a person chosen from documents.signers
    upload_paper_document(*, case, actor, upload, title, request=None) -> IssuedDocument
    save_template_version(*, template, body, actor, note="", unit=None) -> TemplateVersion
    active_version(code, *, unit=None) -> TemplateVersion   # the unit's, else above, else platform

`context` holds what the case does not know (hearing time, room, award text …) and is
available to templates as `extra.*`; `meta` is kept on the document for the caller to find
it again (e.g. {"hearing_id": 7}). Template codes: see `defaults.CASE_TEMPLATES`.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.services import record_act
from medarb.core.clientip import client_ip
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import IMAGE_TYPES, check_upload, read_bytes, sniff, store_bytes
from medarb.core.i18n import official, official_language
from medarb.documents import defaults, rendering, sanitise, signing
from medarb.documents.models import (
    DocumentFile,
    DocumentOrigin,
    DocumentTemplate,
    HandSignature,
    IssuedDocument,
    TemplateKind,
    TemplateVersion,
    Volume,
)
from medarb.documents.signers import resolve_signer
from medarb.orgs.models import Role, Unit
from medarb.orgs.selectors import active_memberships
from medarb.procedure.declaration import registered

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from paper
CODE_LENGTH = 12
MAX_HAND_SIGNATURES = 3
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_EDITOR_ROLES = frozenset({Role.UNIT_ADMIN, Role.CHAIR})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify:code", args=[code])


def can_edit_templates(user) -> bool:
    """Whether the user edits some templates (their unit's, or the platform's)."""
    if not policy.is_staff(user):
        return False
    return user.is_superuser or bool(template_units(user))


def template_units(user) -> list[Unit]:
    """The units whose own templates the user edits: those where they are admin or chair."""
    if not policy.is_staff(user):
        return []
    units = {m.unit_id: m.unit for m in active_memberships(user) if m.role in TEMPLATE_EDITOR_ROLES}
    return sorted(units.values(), key=lambda unit: unit.path)


def can_edit_template_of(user, unit: Unit | None) -> bool:
    """A unit's own versions: its admin or chair; the platform's versions: a platform admin."""
    if unit is None:
        return policy.is_staff(user) and user.is_superuser
    return any(u.pk == unit.pk for u in template_units(user))


# --- templates ------------------------------------------------------------------------------


@transaction.atomic
def ensure_default_templates() -> None:
    """Create the standard templates that do not exist yet (version 1 from `defaults`)."""
    existing = set(DocumentTemplate.objects.values_list("code", flat=True))
    for position, (code, (title, body)) in enumerate(defaults.CASE_TEMPLATES.items()):
        if code not in existing:
            template = DocumentTemplate.objects.create(
                code=code, title=title, kind=TemplateKind.CASE, position=position
            )
            TemplateVersion.objects.create(template=template, number=1, body=body, note=_("初始版本"))
    for position, (code, (title, guidance, body)) in enumerate(defaults.BLANK_TEMPLATES.items()):
        if code not in existing:
            template = DocumentTemplate.objects.create(
                code=code, title=title, kind=TemplateKind.BLANK, guidance=guidance, position=position
            )
            TemplateVersion.objects.create(template=template, number=1, body=body, note=_("初始版本"))


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def active_version(code: str, *, unit: Unit | None = None) -> TemplateVersion:
    """The wording in force for `unit`: its own active version, else the nearest unit above
    it that has one, else the platform's. Without a unit, the platform's."""
    candidates = TemplateVersion.objects.select_related("template", "unit").filter(
        template__code=code, is_active=True
    )
    owners = Q(unit__isnull=True)
    if unit is not None:
        owners |= Q(unit_id__in=_ancestor_ids(unit) or [unit.pk])
    versions = list(candidates.filter(owners))
    if not versions and (code in defaults.CASE_TEMPLATES or code in defaults.BLANK_TEMPLATES):
        ensure_default_templates()
        return active_version(code, unit=unit)
    if not versions:
        raise DomainError(_("没有代码为“%(code)s”的文书模板。") % {"code": code})
    # The deepest owner wins (a street's own over its commission's over the platform's).
    return max(versions, key=lambda v: (len(v.unit.path) if v.unit_id else 0, v.number))


@transaction.atomic
def save_template_version(
    *, template: DocumentTemplate, body: str, actor, note: str = "", request=None, unit: Unit | None = None
) -> TemplateVersion:
    """A new version becomes the active wording of `unit` (None: the platform's); the old
    ones stay, so issued papers keep their wording. What a paper may not hold (scripts,
    attachments, outside addresses) is removed and listed in `version.removed`."""
    if not can_edit_template_of(actor, unit):
        raise NotAllowed(
            _("只有本单位的单位管理员或主任可以修改本单位的文书模板。")
            if unit is not None
            else _("只有平台管理员可以修改全平台通用的文书模板。")
        )
    if unit is not None and template.kind != TemplateKind.CASE:
        raise DomainError(_("空白表格为全平台通用，由平台管理员维护。"), field="body")
    cleaned = sanitise.clean_source(body)
    body = cleaned.html
    if not body.strip():
        raise DomainError(_("模板正文不能为空。"), field="body")
    try:
        if template.kind == TemplateKind.CASE:
            rendering.check_body(body, code=template.code)
        else:
            rendering.render_body(body, {}, strict=False)
    except rendering.TemplateProblem as problem:
        raise DomainError(str(problem), field="body") from problem
    DocumentTemplate.objects.select_for_update().filter(pk=template.pk).first()
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    template.versions.filter(is_active=True, unit=unit).update(is_active=False)
    version = TemplateVersion.objects.create(
        template=template, unit=unit, number=number, body=body, note=note[:200], created_by=actor
    )
    version.removed = cleaned.removed
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        summary=f"文书模板 {template.code} v{number}" + (f" ({unit.name})" if unit else ""),
        data={
            "sha256": hashlib.sha256(body.encode()).hexdigest(),
            "unit": unit.pk if unit else None,
            "removed": cleaned.removed,
        },
        request=request,
    )
    return version


# --- issuing ---------------------------------------------------------------------------------


def _next_code() -> str:
    while True:
        code = new_code()
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


# An official paper is in the commission's language whatever the issuing screen shows:
# the labels the case context reads (causes, party kinds, …) are lazy translations.
@official_language()
def _fill_body(version: TemplateVersion, case, *, title: str, context: dict | None) -> str:
    return rendering.render_body(version.body, rendering.case_context(case, title=title, extra=context))


@transaction.atomic
def _case_paper(case, template_code: str) -> TemplateVersion:
    """The active version of a paper the case's procedure issues (a blank form is no case paper)."""
    version = active_version(template_code, unit=case.unit)
    if version.template.kind != TemplateKind.CASE:
        raise DomainError(
            _("“%(title)s”是空白表格，不能作为案件文书出具。") % {"title": version.template.title}
        )
    procedure = registered().get(case.kind)
    # Internal papers (joint-review minutes …) are issued by the app that owns the act, for
    # any case, and never appear on the issue-by-hand form.
    internal = template_code in defaults.INTERNAL_PAPERS
    if procedure is not None and not internal and not procedure.issues(template_code):
        raise DomainError(
            _("%(procedure)s案件不出具“%(title)s”。")
            % {"procedure": procedure.label, "title": version.template.title}
        )
    return version


def issue_document(
    *,
    case,
    template_code: str,
    actor,
    context: dict | None = None,
    sign: bool = True,
    request=None,
    docx: bool = False,
    meta: dict | None = None,
) -> IssuedDocument:
    """Fill the active template from the case, render, seal with the unit's certificate and store.

    `actor` is the staff member issuing it, or None when the platform issues it itself
    (e.g. the proof of service produced when a document is opened). A paper of
    `defaults.INTERNAL_PAPERS` goes into the internal volume (副卷): its timeline entry is
    internal, and it is never served or shown to the parties."""
    volume = Volume.INTERNAL if template_code in defaults.INTERNAL_PAPERS else Volume.MAIN
    if actor is not None and not policy.can_write_case(actor, case):
        raise NotAllowed(_("您不能为该案件出具文书。"))
    version = _case_paper(case, template_code)
    title = version.template.title
    body_html = _filled_body(version, case, title=title, context=context)
    issued_on = timezone.localdate()
    code = _next_code()
    with official_language():
        rendered = rendering.render_pdf(
            title=title,
            number=case.number or "",
            body_html=body_html,
            unit_name=case.unit.name,
            issued_on=issued_on,
            verify_code=format_code(code),
            verify_url=verify_url(code),
        )
    pdf = rendered.data
    if sign:
        pdf = signing.seal_pdf(pdf, unit=case.unit, page=rendered.seal_page, box=rendered.seal_box)
    stem = f"{title}-{case.number or case.pk}"
    pdf_file = store_bytes(data=pdf, name=f"{stem}.pdf", content_type=PDF_TYPE, actor=actor)
    docx_file = None
    if docx:
        with official_language():
            docx_bytes = rendering.render_docx(
                title=title,
                number=case.number or "",
                body_html=body_html,
                unit_name=case.unit.name,
                issued_on=issued_on,
            )
        docx_file = store_bytes(data=docx_bytes, name=f"{stem}.docx", content_type=DOCX_TYPE, actor=actor)
    document = IssuedDocument.objects.create(
        case=case,
        origin=DocumentOrigin.ISSUED,
        template_version=version,
        template_code=template_code,
        title=title,
        number=case.number or "",
        issuer=case.unit,
        issued_on=issued_on,
        code=code,
        is_signed=sign,
        volume=volume,
        meta=meta or {},
        layout={
            "page": rendered.seal_page,
            "hand_box": list(rendered.hand_box),
            "pages": rendered.page_count,
        },
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    DocumentFile.objects.create(
        document=document,
        version=1,
        pdf=pdf_file,
        docx=docx_file,
        reason=_("出具并加盖电子签章") if sign else _("出具"),
    )
    record_act(
        case=case,
        actor=actor,
        kind="document_issued",
        title=gettext_lazy("出具%(title)s"),
        params={"title": title},
        detail=official(gettext_lazy("核验码 %(code)s")) % {"code": format_code(code)},
        obj=document,
        action=AuditAction.CREATE,
        summary=f"出具{title}",
        audit_data={"sha256": pdf_file.sha256, "template": template_code, "version": version.number},
        request=request,
        internal=volume == Volume.INTERNAL,
        document_id=document.pk,
        sha256=pdf_file.sha256,
    )
    return document


def _filled_body(version, case, *, title: str, context: dict | None) -> str:
    """The template's body filled for the case, or a DomainError the admin can act on."""
    try:
        return _fill_body(version, case, title=title, context=context)
    except rendering.TemplateProblem as problem:
        raise DomainError(
            _("文书模板“%(title)s”有误（%(problem)s），请联系管理员修改模板。")
            % {"title": title, "problem": problem}
        ) from problem


def preview_document(*, case, template_code: str, context: dict | None = None) -> bytes:
    """The paper `issue_document` would issue now, as a PDF marked 样稿: neither sealed, given a
    verification code nor stored, so that whoever signs it off reads it first."""
    version = _case_paper(case, template_code)
    title = version.template.title
    body_html = _filled_body(version, case, title=title, context=context)
    with official_language():
        return rendering.render_pdf(
            title=_("%(title)s（样稿）") % {"title": title},
            number=case.number or "",
            body_html=body_html,
            unit_name=case.unit.name,
            issued_on=timezone.localdate(),
        ).data


@transaction.atomic
def sign_on_screen(
    *, document: IssuedDocument, actor, signer: str, image_png: bytes, request=None
) -> IssuedDocument:
    """Bind a signature drawn on screen into a new PDF version: image, signer, time and the
    hash of the signed version go into a sealed incremental signature, and are recorded.
    `signer` is the key of a person from `signers.signers_for` (a party, agent or staff member
    of the case, or the signed-in party themself); `actor` must be allowed to collect it."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.origin != DocumentOrigin.ISSUED or not document.is_signed:
        raise DomainError(_("只能在本平台出具并签章的文书上签名。"))
    if document.revoked_at:
        raise DomainError(_("该文书已撤销，不能签名。"))
    chosen = resolve_signer(document=document, actor=actor, key=signer)
    signer_label = chosen.label
    sniffed = sniff(image_png or b"")
    if sniffed is None or sniffed.kind not in IMAGE_TYPES or len(image_png) > 2 * 1024 * 1024:
        raise DomainError(_("签名图片无效，请重新签名。"), field="image")
    count = document.hand_signatures.count()
    if count >= MAX_HAND_SIGNATURES:
        raise DomainError(_("该文书的签名位置已满（最多 %(n)s 个）。") % {"n": MAX_HAND_SIGNATURES})
    current = document.current
    signed_pdf = read_bytes(current.pdf)
    signed_at = timezone.now()
    layout = document.layout or {}
    new_pdf = signing.bind_hand_signature(
        signed_pdf,
        unit=document.issuer,
        image_png=image_png,
        signer_label=signer_label,
        signed_at_text=timezone.localtime(signed_at).strftime("%Y-%m-%d %H:%M:%S"),
        signed_sha256=current.pdf.sha256,
        index=count,
        page=layout.get("page", 0),
        area=tuple(layout.get("hand_box", (72, 120, 520, 190))),
    )
    image_file = store_bytes(
        data=image_png,
        name=f"signature-{document.pk}-{count + 1}.png",
        content_type=sniffed.content_type,
        actor=actor,
    )
    pdf_file = store_bytes(data=new_pdf, name=current.pdf.original_name, content_type=PDF_TYPE, actor=actor)
    new_file = DocumentFile.objects.create(
        document=document,
        version=current.version + 1,
        pdf=pdf_file,
        reason=_("%(who)s 签名") % {"who": signer_label},
    )
    ip = client_ip(request) if request is not None else None
    HandSignature.objects.create(
        document=document,
        signer_label=signer_label,
        signer_user=chosen.user,
        signer_party=chosen.party,
        collected_by=actor,
        image=image_file,
        signed_at=signed_at,
        signed_sha256=current.pdf.sha256,
        result_file=new_file,
        ip=ip,
    )
    record_act(
        case=document.case,
        actor=actor,
        kind="document_signed",
        title=gettext_lazy("%(who)s 在%(title)s上签名"),
        params={"who": signer_label, "title": document.title},
        internal=document.is_internal,  # a paper of the internal volume: its signing too
        obj=document,
        summary=f"{signer_label} 签名（{actor} 收集）",
        audit_data={
            "signed_sha256": current.pdf.sha256,
            "sha256": pdf_file.sha256,
            "signer": chosen.key,
            "signer_label": signer_label,
            "collected_by": actor.pk,
        },
        request=request,
        document_id=document.pk,
        sha256=pdf_file.sha256,
        signed_sha256=current.pdf.sha256,
    )
    return document


@transaction.atomic
def upload_paper_document(*, case, actor, upload, title: str, request=None) -> IssuedDocument:
    """Paper in: a scan or file of a paper document, kept with its hash (never overwritten)."""
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您不能向该案件上传文书。"))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("请填写文书名称。"), field="title")
    try:
        data, sniffed = check_upload(
            upload, allowed=frozenset({"application/pdf", "image/png", "image/jpeg"})
        )
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="upload") from exc
    stored = store_bytes(
        data=data, name=getattr(upload, "name", title), content_type=sniffed.content_type, actor=actor
    )
    document = IssuedDocument.objects.create(
        case=case,
        origin=DocumentOrigin.SCANNED,
        title=title[:120],
        number=case.number or "",
        issuer=case.unit,
        issued_on=timezone.localdate(),
        issued_by=actor,
    )
    DocumentFile.objects.create(document=document, version=1, pdf=stored, reason=_("纸质文书扫描上传"))
    record_act(
        case=case,
        actor=actor,
        kind="document_uploaded",
        title=gettext_lazy("上传纸质文书：%(t)s"),
        params={"t": title},
        obj=document,
        action=AuditAction.CREATE,
        summary=f"上传{title}",
        audit_data={"sha256": stored.sha256},
        request=request,
        document_id=document.pk,
        sha256=stored.sha256,
    )
    return document


# --- blank forms -----------------------------------------------------------------------------


@transaction.atomic
def blank_form_file(*, template: DocumentTemplate, fmt: str):
    """The blank form of the active version as PDF or DOCX, generated once and kept."""
    version = TemplateVersion.objects.select_for_update().get(pk=active_version(template.code).pk)
    attribute = "blank_pdf" if fmt == "pdf" else "blank_docx"
    stored = getattr(version, attribute)
    if stored is not None:
        return stored
    body = rendering.render_body(version.body, {})
    title = template.title.replace("（空白）", "")
    if fmt == "pdf":
        data = rendering.render_pdf(
            title=title, number="", body_html=body, unit_name="", issued_on=timezone.localdate(), blank=True
        ).data
        stored = store_bytes(data=data, name=f"{title}.pdf", content_type=PDF_TYPE)
    else:
        data = rendering.render_docx(title=title, number="", body_html=body, unit_name="", issued_on=None)
        stored = store_bytes(data=data, name=f"{title}.docx", content_type=DOCX_TYPE)
    setattr(version, attribute, stored)
    version.save(update_fields=[attribute])
    return stored
