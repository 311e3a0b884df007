"""档案 pages: the case panel's acts, the volumes, the archivist's desk (to accept, archived,
the disposal list), the chair's approvals, the retention rules, and a party's reading."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.archives import retention, selectors, services
from medarb.archives.models import Correction, Dossier, DossierVolume, ReadingRequest
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import CaseKind
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.core.responses import file_response, generated_pdf_response
from medarb.documents.models import Volume


def _back(case_id: int):
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def act(request, case_id: int, action: str):
    """The clerk's acts on the case page: bind, check and hand over, ask for a correction."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    post = request.POST
    try:
        if action == "compile":
            services.compile_dossier(case=case, actor=request.user, request=request)
            messages.success(request, _("卷宗正在装订，完成后可下载查看。"))
        elif action == "check":
            services.check_dossier(case=case, actor=request.user, note=post.get("note", ""), request=request)
            messages.success(request, _("卷宗已检查并移交档案室。"))
        elif action == "correct":
            services.request_correction(
                case=case,
                actor=request.user,
                volume=post.get("volume", ""),
                reason=post.get("reason", ""),
                request=request,
            )
            messages.success(request, _("更正申请已报主任审批。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(case.pk)


@login_required
@require_GET
def panel(request, case_id: int):
    """The panel alone, for htmx to follow a binding's progress."""
    from medarb.archives.panels import case_context

    case = case_get_for_user(user=request.user, case_id=case_id)
    data = case_context(request=request, case=case, can_write=policy.can_write_case(request.user, case))
    if data is None:
        raise Http404
    return render(request, "archives/_case_panel.html", {"case": case, "data": data})


@login_required
@require_GET
def volume(request, volume_id: int):
    item = get_object_or_404(DossierVolume.objects.select_related("dossier__case", "pdf"), pk=volume_id)
    case = item.dossier.case
    if not policy.is_staff(request.user) or not policy.can_read_case(request.user, case):
        raise Http404
    if item.volume == Volume.INTERNAL and not selectors.may_see_internal(request.user, case):
        raise Http404
    if item.pdf is None:
        raise Http404
    record(
        actor=request.user,
        action=AuditAction.READ,
        obj=item.dossier,
        case_id=case.pk,
        summary=_("查看卷宗%(volume)s（第%(v)s版）")
        % {"volume": item.get_volume_display(), "v": item.version},
        request=request,
    )
    name = f"{case.display_number}-{item.get_volume_display()}-v{item.version}.pdf"
    return file_response(item.pdf, filename=name, inline=True, generated=True)


def _dossier_for_archivist(request, dossier_id: int) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("case"), pk=dossier_id)
    if not selectors.is_archivist(request.user, dossier.case):
        raise Http404
    return dossier


@login_required
@require_POST
def archivist_act(request, dossier_id: int, action: str):
    dossier = _dossier_for_archivist(request, dossier_id)
    note = request.POST.get("note", "")
    try:
        if action == "accept":
            services.accept_dossier(dossier=dossier, actor=request.user, request=request)
            messages.success(request, _("卷宗已接收归档。"))
        elif action == "return":
            services.return_dossier(dossier=dossier, actor=request.user, note=note, request=request)
            messages.success(request, _("卷宗已退回承办人。"))
        elif action == "dispose":
            services.dispose(dossier=dossier, actor=request.user, note=note, request=request)
            messages.success(request, _("已登记销毁。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "case":
        return _back(dossier.case_id)
    return redirect("archives:home")


@login_required
@require_POST
def decide(request, kind: str, item_id: int):
    """The chair approves or refuses a reading or a correction."""
    approve = request.POST.get("decision") == "approve"
    comment = request.POST.get("comment", "")
    try:
        if kind == "reading":
            reading = get_object_or_404(ReadingRequest.objects.select_related("dossier__case"), pk=item_id)
            if not selectors.may_decide(request.user, reading.dossier.case):
                raise Http404
            try:
                days = int(request.POST.get("days") or services.READING_DAYS)
            except ValueError:
                days = 0
            services.decide_reading(
                reading=reading,
                actor=request.user,
                approve=approve,
                days=days,
                comment=comment,
                request=request,
            )
        elif kind == "correction":
            correction = get_object_or_404(Correction.objects.select_related("dossier__case"), pk=item_id)
            if not selectors.may_decide(request.user, correction.dossier.case):
                raise Http404
            services.decide_correction(
                correction=correction, actor=request.user, approve=approve, comment=comment, request=request
            )
        else:
            raise Http404
        messages.success(request, _("已审批。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("archives:home")


@login_required
@require_GET
def home(request):
    user = request.user
    if not policy.is_staff(user):
        raise PermissionDenied
    tab = request.GET.get("tab", "accept")
    lists = {
        "accept": selectors.to_accept(user),
        "archived": selectors.archived(user),
        "lapsed": selectors.lapsed(user),
        "disposed": selectors.disposed(user),
    }
    archivist = selectors.is_archivist_anywhere(user)
    readings = list(selectors.readings_to_decide(user)[:50])
    corrections = list(selectors.corrections_to_decide(user)[:50])
    if not (archivist or selectors.is_chair_anywhere(user)):
        raise PermissionDenied
    context = {
        "tab": tab if tab in lists else "accept",
        "archivist": archivist,
        "dossiers": list(lists.get(tab, lists["accept"])[:200]) if archivist else [],
        "counts": {key: qs.count() for key, qs in lists.items()} if archivist else {},
        "readings": readings,
        "corrections": corrections,
        "may_set_rules": bool(selectors.rule_units(user)),
    }
    return render(request, "archives/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    units = selectors.rule_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    if request.method == "POST":
        post = request.POST
        raw = post.get("years", "").strip()
        try:
            years = None if raw == "permanent" else int(raw)
        except ValueError:
            messages.error(request, _("请填写保管年限。"))
        else:
            try:
                services.set_retention(
                    unit=unit,
                    actor=request.user,
                    kind=post.get("kind", ""),
                    close_reason=post.get("reason", ""),
                    years=years,
                    request=request,
                )
                messages.success(request, _("保管期限已保存。"))
            except DomainError as exc:
                messages.error(request, exc.message)
        return redirect(f"{request.path}?unit={unit.pk}")
    context = {
        "units": units,
        "unit": unit,
        "rows": retention.table(unit),
        "article": retention.ARTICLE,
        "kinds": CaseKind.choices,
    }
    return render(request, "archives/rules.html", context)


# --- a party's reading ---------------------------------------------------------------------------


@login_required
@require_POST
def reading_request(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    try:
        services.request_reading(
            case=case, reader=request.user, purpose=request.POST.get("purpose", ""), request=request
        )
        messages.success(request, _("查阅申请已提交，批准后可在线查阅。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:my_case", case_id=case.pk)


@login_required
@require_GET
def reading(request, reading_id: int):
    item = get_object_or_404(
        ReadingRequest.objects.select_related("dossier__case"), pk=reading_id, reader=request.user
    )
    try:
        pdf, name = services.read_main_volume(reading=item, reader=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:my_case", case_id=item.dossier.case_id)
    return generated_pdf_response(pdf, filename=name)
