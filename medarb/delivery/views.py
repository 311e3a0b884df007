"""Serving documents from the case page, the recipient's link (login or one-time code),
the portal inbox, postal fall-back entries, and the case page panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medarb.cases import policy
from medarb.cases.models import Party
from medarb.cases.scope import case_scope
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.core.forms import parse_id
from medarb.core.responses import file_response
from medarb.delivery import services
from medarb.delivery.forms import CodeForm, ReceiptForm, ServiceAddressForm, TrackingForm
from medarb.delivery.models import InboxMessage, Service, ServiceAttempt, ServiceStatus
from medarb.documents.forms import PaperChoiceForm, UploadPaperForm
from medarb.documents.models import (
    DocumentFile,
    DocumentOrigin,
    IssuedDocument,
    Volume,
)
from medarb.documents.selectors import case_papers
from medarb.documents.services import ensure_default_templates, format_code

SESSION_KEY = "served_documents"


def _back(case_id: int):
    return redirect(reverse("cases:detail", args=[case_id]) + "#documents")


def case_panel_context(*, request, case, can_write: bool) -> dict | None:
    """Documents of the case with the status of each service (the 文书与送达 panel)."""
    user = request.user
    documents = (
        IssuedDocument.objects.filter(case=case)
        .select_related("issuer")
        .prefetch_related(
            Prefetch("files", queryset=DocumentFile.objects.select_related("pdf", "docx")),
            Prefetch(
                "services",
                queryset=Service.objects.select_related("party", "proof").prefetch_related("attempts"),
            ),
        )
        .order_by("created_at", "id")
    )
    if policy.is_party(user):
        documents = documents.filter(services__party__user=user).exclude(volume=Volume.INTERNAL).distinct()
        services = Service.objects.filter(case=case, party__user=user).select_related("document")
        return {"party_view": True, "documents": documents, "my_services": services}
    if not policy.sees_internal_entries(user, case):
        documents = documents.exclude(volume=Volume.INTERNAL)
    scope = case_scope(user, case)
    if not scope.full:  # a scoped share (joint review, guidance) sees only the papers shared
        documents = documents.filter(pk__in=[int(i[9:]) for i in scope.items if i.startswith("document:")])
    templates = []
    if can_write:
        ensure_default_templates()
        templates = list(case_papers(case))
    return {
        "party_view": False,
        "case": case,
        "can_write": can_write,
        "documents": documents,
        "issue_form": PaperChoiceForm(templates=templates) if can_write else None,
        "upload_form": UploadPaperForm() if can_write else None,
        "parties": [p for p in case.parties.all() if p.principal_id is None],
        "format_code": format_code,
    }


@login_required
@require_POST
def serve(request, document_id: int):
    document = get_object_or_404(IssuedDocument.objects.select_related("case"), pk=document_id)
    case = case_get_for_user(user=request.user, case_id=document.case_id, write=True)
    ids = [i for i in map(parse_id, request.POST.getlist("party")) if i is not None]
    parties = list(Party.objects.filter(case=case, pk__in=ids)) if ids else None
    try:
        created = services.serve_document(
            document=document, actor=request.user, parties=parties, request=request
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已开始送达（%(n)s 人）。") % {"n": len(created)})
    return _back(case.pk)


@login_required
def address(request, party_id: int):
    """送达地址确认书, filled by staff at the window or by the party in the portal."""
    party = get_object_or_404(Party.objects.select_related("case"), pk=party_id)
    case = case_get_for_user(user=request.user, case_id=party.case_id)
    if not (policy.can_write_case(request.user, case) or party.user_id == request.user.pk):
        raise Http404
    current = services.current_address(party)
    initial = {}
    if current:
        initial = {
            f: getattr(current, f)
            for f in (
                "consent_electronic",
                "email",
                "phone",
                "wechat_openid",
                "postal_address",
                "agent_for_service",
            )
        }
    else:
        initial = {"phone": party.phone, "postal_address": party.address}
    form = ServiceAddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_service_address(
                party=party, actor=request.user, request=request, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("送达地址已确认。"))
            return _back(case.pk)
    return render(request, "delivery/address.html", {"party": party, "case": case, "form": form})


def _allowed(request, service: Service) -> bool:
    return services.recipient_user_matches(service, request.user) or service.pk in request.session.get(
        SESSION_KEY, []
    )


def open_link(request, token: str):
    """The link in every notice. The recipient's login, or the one-time code, opens it; the
    first opening is the service."""
    service = get_object_or_404(Service.objects.select_related("document__issuer", "party"), token=token)
    channel = request.GET.get("c", "")
    form = CodeForm(request.POST or None)
    if service.status == ServiceStatus.FAILED:
        raise Http404
    if services.recipient_user_matches(service, request.user) and service.status != ServiceStatus.SERVED:
        service = services.open_service(service=service, request=request, user=request.user, channel=channel)
    elif request.method == "POST" and form.is_valid() and not _allowed(request, service):
        if services.check_code(service=service, code=form.cleaned_data["code"]):
            service = services.open_service(service=service, request=request, channel=channel)
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), service.pk]
            return redirect(request.get_full_path())
        form.add_error("code", _("验证码不正确或已失效。"))
    context = {
        "service": service,
        "document": service.document,
        "form": form,
        "allowed": _allowed(request, service),
    }
    return render(request, "delivery/open.html", context)


def open_file(request, token: str):
    service = get_object_or_404(Service.objects.select_related("document"), token=token)
    if service.status != ServiceStatus.SERVED or not _allowed(request, service):
        raise Http404
    file = service.document.current.pdf
    return file_response(file, inline=True, generated=service.document.origin == DocumentOrigin.ISSUED)


@login_required
def inbox(request):
    items = InboxMessage.objects.filter(user=request.user).select_related("service__document")
    return render(request, "delivery/inbox.html", {"items": items})


@login_required
@require_POST
def postal_dispatch(request, service_id: int):
    service = get_object_or_404(Service, pk=service_id)
    case_get_for_user(user=request.user, case_id=service.case_id, write=True)
    form = TrackingForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请填写邮件单号。"))
        services.record_postal_dispatch(
            service=service,
            actor=request.user,
            tracking_number=form.cleaned_data["tracking_number"],
            request=request,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(service.case_id)


@login_required
@require_POST
def postal_receipt(request, service_id: int):
    service = get_object_or_404(Service.objects.select_related("document", "address", "party"), pk=service_id)
    case_get_for_user(user=request.user, case_id=service.case_id, write=True)
    form = ReceiptForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请填写有效的签收日期。"))
        services.record_postal_receipt(
            service=service,
            actor=request.user,
            served_on=form.cleaned_data["served_on"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(service.case_id)


@login_required
@require_POST
def retry(request, attempt_id: int):
    attempt = get_object_or_404(ServiceAttempt.objects.select_related("service"), pk=attempt_id)
    case_get_for_user(user=request.user, case_id=attempt.service.case_id, write=True)
    try:
        services.retry_attempt(attempt=attempt, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已重新发送。"))
    return _back(attempt.service.case_id)
