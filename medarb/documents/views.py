"""Document pages: public verification and template centre, the template editor, issuing,
file downloads (only through the visibility policy) and on-screen signing."""

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.cases import policy
from medarb.cases.selectors import case_get_for_user
from medarb.cases.services import record_case_read
from medarb.core.errors import DomainError
from medarb.core.responses import file_response
from medarb.documents import paper_fields, rendering, sanitise, selectors, services
from medarb.documents.forms import (
    PaperForm,
    SignForm,
    TemplateEditForm,
    UploadPaperForm,
    VerifyCodeForm,
    VerifyUploadForm,
)
from medarb.documents.models import DocumentOrigin, DocumentTemplate, TemplateKind
from medarb.documents.signers import signers_for

MAX_VERIFY_UPLOAD = 30 * 1024 * 1024


# --- public -----------------------------------------------------------------------------------


def verify(request):
    """Check a document by its code or by uploading the PDF; shows title, number, issuer, date only."""
    code_form = VerifyCodeForm(request.POST if "code" in request.POST else None)
    upload_form = VerifyUploadForm(request.POST if "upload" in request.POST else None, request.FILES or None)
    result = None
    if request.method == "POST" and "code" in request.POST and code_form.is_valid():
        return redirect("verify:code", code=services.normalise_code(code_form.cleaned_data["code"]))
    if request.method == "POST" and "upload" in request.POST and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        if upload.size > MAX_VERIFY_UPLOAD:
            upload_form.add_error("file", _("文件过大。"))
        else:
            result = selectors.verify_upload(upload.read())
    return render(
        request,
        "documents/verify.html",
        {
            "code_form": code_form,
            "upload_form": upload_form,
            "result": result,
            "uploaded": result is not None,
        },
    )


def verify_code(request, code: str):
    result = selectors.verify_code(services.normalise_code(code))
    return render(
        request,
        "documents/verify.html",
        {
            "code_form": VerifyCodeForm(),
            "upload_form": VerifyUploadForm(),
            "result": result,
            "code": services.format_code(code),
        },
    )


def template_centre(request):
    """Blank forms for the public, as PDF and DOCX, with short guidance."""
    services.ensure_default_templates()
    return render(request, "documents/template_centre.html", {"forms": selectors.blank_forms()})


def blank_form(request, code: str, fmt: str):
    services.ensure_default_templates()
    template = get_object_or_404(DocumentTemplate, code=code, kind=TemplateKind.BLANK)
    if fmt not in {"pdf", "docx"}:
        raise Http404
    stored = services.blank_form_file(template=template, fmt=fmt)
    name = template.title.replace("（空白）", "") + f".{fmt}"
    return file_response(stored, filename=name)


# --- template editor --------------------------------------------------------------------------


def _require_editor(user):
    if not services.can_edit_templates(user):
        raise PermissionDenied


def _unit_query(unit) -> str:
    return f"?unit={unit.pk if unit else 'platform'}"


@login_required
def template_list(request):
    _require_editor(request.user)
    unit = selectors.template_unit_for_user(user=request.user, unit_id=request.GET.get("unit"))
    services.ensure_default_templates()
    templates = DocumentTemplate.objects.order_by("kind", "position")
    if unit is not None:  # blank forms are the platform's, for the public template centre
        templates = templates.filter(kind=TemplateKind.CASE)
    rows = [{"template": t, "version": services.active_version(t.code, unit=unit)} for t in templates]
    return render(
        request,
        "documents/template_list.html",
        {
            "rows": rows,
            "unit": unit,
            "units": services.template_units(request.user),
            "platform": services.can_edit_template_of(request.user, None),
            "unit_query": _unit_query(unit),
        },
    )


def _editable_template(request, code: str):
    _require_editor(request.user)
    unit = selectors.template_unit_for_user(
        user=request.user, unit_id=request.GET.get("unit") or request.POST.get("unit")
    )
    services.ensure_default_templates()
    template = get_object_or_404(DocumentTemplate, code=code)
    if unit is not None and template.kind != TemplateKind.CASE:
        raise Http404
    return unit, template


@login_required
def template_edit(request, code: str):
    unit, template = _editable_template(request, code)
    version = services.active_version(template.code, unit=unit)
    form = TemplateEditForm(request.POST or None, initial={"body": version.body})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.save_template_version(
                template=template,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
                unit=unit,
            )
        except DomainError as exc:
            form.add_error("body", exc.message)
        else:
            messages.success(request, _("已保存为第 %(n)s 版。") % {"n": new.number})
            if new.removed:
                messages.warning(request, sanitise.Cleaned(html="", removed=new.removed).message())
            return redirect(reverse("documents:template_edit", args=[code]) + _unit_query(unit))
    context = {
        "template": template,
        "form": form,
        "unit": unit,
        "unit_query": _unit_query(unit),
        "inherited": version if version.unit_id != (unit.pk if unit else None) else None,
        "versions": template.versions.filter(unit=unit).select_related("created_by").order_by("-number"),
        "fields": rendering.FIELDS | paper_fields.labels(template.code),
    }
    return render(request, "documents/template_edit.html", context)


@login_required
@require_POST
def template_preview(request, code: str):
    """htmx: the filled sample, or which line and field are wrong (and what would be removed)."""
    unit, template = _editable_template(request, code)
    cleaned = sanitise.clean_source(request.POST.get("body", ""))
    problem = preview = None
    try:
        if template.kind == TemplateKind.CASE:
            preview = rendering.check_body(cleaned.html, code=template.code)
        else:
            preview = rendering.render_body(cleaned.html, {})
    except rendering.TemplateProblem as exc:
        problem = exc
    if request.POST.get("format") == "pdf" and preview is not None:
        rendered = rendering.render_pdf(
            title=template.title,
            number="鹭湖劳人仲案字〔2026〕第1号",
            body_html=preview,
            unit_name=unit.name if unit else "鹭湖区劳动人事争议仲裁院",
            issued_on=timezone.localdate(),
            verify_code="PREV-IEW0-0000",
            verify_url="preview",
        )
        return HttpResponse(
            rendered.data,
            content_type="application/pdf",
            headers={"Content-Disposition": "inline; filename=preview.pdf"},
        )
    return render(
        request,
        "documents/template_edit.html#preview",
        {
            "problem": problem,
            "preview": preview,
            "template": template,
            "removed": cleaned.message() if cleaned.changed else "",
        },
    )


# --- case documents ---------------------------------------------------------------------------


def _case_documents(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#documents"


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, case_id: int):
    """The issue form of one paper (`?paper=code`): the fields its wording reads, pre-filled
    from the case; 预览 shows the unsealed draft, 出具 seals and stores it."""
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    code = request.POST.get("paper") or request.GET.get("paper", "")
    paper = selectors.paper_to_issue(case=case, code=code, actor=request.user)
    if paper is None:
        messages.error(request, _("请从列表中选择本案可以出具的文书。"))
        return redirect(_case_documents(case))
    form = PaperForm(request.POST or None, fields=paper.fields, people=paper.people, initial=paper.initial)
    if request.method == "POST" and form.is_valid():
        try:
            if "preview" in request.POST:
                record_case_read(user=request.user, case=case, request=request, what="paper draft preview")
                data = services.preview_document(case=case, template_code=code, context=form.extra())
                return HttpResponse(
                    data,
                    content_type="application/pdf",
                    headers={"Content-Disposition": 'inline; filename="draft.pdf"'},
                )
            document = services.issue_document(
                case=case,
                template_code=code,
                actor=request.user,
                context=form.extra(),
                docx=form.cleaned_data["docx"],
                request=request,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已出具%(title)s。") % {"title": document.title})
            return redirect(_case_documents(case))
    status = 400 if form.errors else 200
    return render(
        request, "documents/issue.html", {"case": case, "paper": paper, "form": form}, status=status
    )


@login_required
@require_POST
def upload_paper(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    form = UploadPaperForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_paper_document(
                case=case,
                actor=request.user,
                upload=form.cleaned_data["upload"],
                title=form.cleaned_data["title"],
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("纸质文书已上传。"))
    else:
        messages.error(request, _("请填写文书名称并选择文件。"))
    return redirect(_case_documents(case))


@login_required
def document_file(request, document_id: int):
    """The PDF (or DOCX) of a document, after the visibility policy; staff reads are audited."""
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    if policy.is_party(request.user) and not _party_may_open(request.user, document):
        raise Http404
    files = {f.version: f for f in document.files.select_related("pdf", "docx")}
    try:
        version = int(request.GET.get("v") or max(files))
    except ValueError as exc:
        raise Http404 from exc
    file = files.get(version)
    if file is None:
        raise Http404
    stored = file.docx if request.GET.get("fmt") == "docx" else file.pdf
    if stored is None:
        raise Http404
    record_case_read(
        user=request.user, case=document.case, request=request, what=f"文书 {document.title} v{version}"
    )
    # A scanned paper is an upload: never inline. What the platform issued may open in place.
    return file_response(
        stored,
        inline=request.GET.get("download") != "1",
        generated=document.origin == DocumentOrigin.ISSUED,
    )


def _party_may_open(user, document) -> bool:
    """Parties open served documents through delivery (which records the opening); a
    document not yet served to them is not theirs to read."""
    from medarb.documents.hooks import party_may_open

    return party_may_open(user=user, document=document)


@login_required
def sign(request, document_id: int):
    """Sign on screen (signature pad, touch or mouse) as a person chosen from the case's list."""
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    case = document.case
    if policy.is_party(request.user) and not _party_may_open(request.user, document):
        raise Http404
    choices = signers_for(document=document, actor=request.user)
    if not policy.is_party(request.user) and not (choices or policy.can_write_case(request.user, case)):
        raise PermissionDenied
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if len(choices) == 1:  # a party signs as themself: nothing to choose
            data.setdefault("signer", choices[0].key)
    form = SignForm(data, signers=[(s.key, s.label) for s in choices])
    if request.method == "POST" and form.is_valid():
        encoded = form.cleaned_data["image"].partition("base64,")[2]
        try:
            image = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            image = b""
        try:
            services.sign_on_screen(
                document=document,
                actor=request.user,
                signer=form.cleaned_data["signer"],
                image_png=image,
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("签名已加入文书。"))
            return redirect("documents:sign", document_id=document.pk)
    return render(
        request,
        "documents/sign.html",
        {
            "document": document,
            "form": form,
            "only_signer": choices[0] if len(choices) == 1 else None,
            "signatures": document.hand_signatures.all(),
        },
    )
