"""The case page's disc panel: export the dossier as an ISO or ZIP, follow the progress,
download the image, burn it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.core.files import open_stored
from medarb.recording import services
from medarb.recording.models import DiscExport, DiscFormat, DiscState


def disc_panel_context(*, request, case, can_write: bool) -> dict | None:
    if not services.may_export(request.user, case):
        return None
    exports = list(DiscExport.objects.filter(case=case).select_related("image", "requested_by")[:5])
    return {
        "case": case,
        "exports": exports,
        "formats": DiscFormat.choices,
        "can_burn": bool(services.burn_device()),
    }


def _export_for(request, export_id: int) -> DiscExport:
    export = get_object_or_404(DiscExport.objects.select_related("case", "image"), pk=export_id)
    case = case_get_for_user(user=request.user, case_id=export.case_id)
    if not services.may_export(request.user, case):
        raise Http404
    return export


@login_required
@require_POST
def request_disc(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    try:
        services.request_disc(case=case, actor=request.user, fmt=request.POST.get("fmt", ""), request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#disc")


@login_required
@require_GET
def progress(request, export_id: int):
    """The row of one export, polled by the panel while the image is being built."""
    export = _export_for(request, export_id)
    context = {"export": export, "can_burn": bool(services.burn_device())}
    return render(request, "recording/_disc_row.html", context)


@login_required
@require_GET
def download(request, export_id: int):
    export = _export_for(request, export_id)
    if export.state != DiscState.READY or export.image.discarded_at is not None:
        raise Http404
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=export,
        case_id=export.case_id,
        summary=_("下载案件光盘镜像"),
        data={"sha256": export.image.sha256},
        request=request,
    )
    handle = open_stored(export.image)
    name = f"{export.case.display_number}.{export.fmt}"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=export.image.content_type)


@login_required
@require_POST
def burn(request, export_id: int):
    export = _export_for(request, export_id)
    try:
        services.request_burn(export=export, actor=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('cases:detail', args=[export.case_id])}#disc")
