"""法律援助 pages: a referral from the case page, the station's desk with each application's
acts, the refusal notice, the advice log; and the worker's application in the portal."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medarb.cases import policy
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.core.forms import posted_date, posted_id
from medarb.core.responses import file_response
from medarb.legalaid import eligibility, selectors, services
from medarb.legalaid.models import Advice, Application, Channel, Matter

MAX_PROOFS = 8


def _decimal(value: str | None) -> Decimal | None:
    if not (value or "").strip():
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        raise DomainError(_("收入请填写数字。"), field="income") from None


def _uploads(request) -> list:
    files = request.FILES.getlist("proofs")[:MAX_PROOFS]
    titles = request.POST.getlist("proof_titles")
    return [(titles[i] if i < len(titles) else "", f) for i, f in enumerate(files)]


def _apply(request, case, *, channel: str):
    party = case.parties.filter(pk=posted_id(request.POST, "party")).first()
    if party is None:
        raise DomainError(_("请选择申请人。"), field="party")
    return services.apply(
        case=case,
        party=party,
        actor=request.user,
        channel=channel,
        matter=request.POST.get("matter", ""),
        income=_decimal(request.POST.get("income")),
        migrant=request.POST.get("migrant") == "on",
        statement=request.POST.get("statement", ""),
        proofs=_uploads(request),
        request=request,
    )


@login_required
@require_POST
def refer(request, case_id: int):
    """A filing officer or the tribunal refers a worker (or takes the application at the window)."""
    case = case_get_for_user(user=request.user, case_id=case_id, write=True)
    channel = Channel.WINDOW if request.POST.get("channel") == Channel.WINDOW else Channel.REFERRAL
    try:
        _apply(request, case, channel=channel)
        messages.success(request, _("已转交法律援助工作站审查。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def portal_apply(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not policy.is_party(request.user):
        raise PermissionDenied
    try:
        _apply(request, case, channel=Channel.ONLINE)
        messages.success(request, _("法律援助申请已提交，法律援助工作站将在七日内作出决定。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:my_case", case_id=case.pk)


@login_required
@require_POST
def portal_supply(request, application_id: int):
    application = get_object_or_404(
        Application.objects.select_related("case", "party"), pk=application_id, party__user=request.user
    )
    try:
        services.supply(
            application=application, actor=request.user, proofs=_uploads(request), request=request
        )
        messages.success(request, _("材料已补充。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:my_case", case_id=application.case_id)


@login_required
@require_GET
def desk(request):
    stations = selectors.officer_stations(request.user)
    if not stations:
        raise PermissionDenied
    state = request.GET.get("state", "")
    applications = selectors.desk(request.user)
    if state:
        applications = applications.filter(state=state)
    context = {
        "applications": list(applications[:200]),
        "state": state,
        "figures": selectors.figures(stations),
        "advice": list(Advice.objects.filter(station__in=stations).select_related("given_by")[:20]),
        "matters": Matter.choices,
        "stations": stations,
    }
    return render(request, "legalaid/desk.html", context)


def _application_for_officer(request, application_id: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("case", "party", "station"), pk=application_id
    )
    if not selectors.is_officer(request.user, application):
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, application_id: int):
    application = _application_for_officer(request, application_id)
    if request.method == "POST":
        post, action = request.POST, request.POST.get("action", "")
        try:
            if action == "missing":
                services.notify_missing(
                    application=application,
                    actor=request.user,
                    missing=post.get("missing", ""),
                    supplement_by=posted_date(post, "supplement_by"),
                    request=request,
                )
            elif action == "supply":
                services.supply(
                    application=application, actor=request.user, proofs=_uploads(request), request=request
                )
            elif action == "approve":
                services.decide(application=application, actor=request.user, approve=True, request=request)
            elif action == "refuse":
                services.decide(
                    application=application,
                    actor=request.user,
                    approve=False,
                    reasons=post.get("reasons", ""),
                    request=request,
                )
            elif action == "assign":
                assignee = get_user_model().objects.filter(pk=posted_id(post, "assignee")).first()
                services.assign(
                    application=application, actor=request.user, assignee=assignee, request=request
                )
            elif action == "withdrawn":
                services.deem_withdrawn(application=application, actor=request.user, request=request)
            elif action == "objection":
                services.record_objection(
                    application=application,
                    actor=request.user,
                    reason=post.get("objection", ""),
                    on=posted_date(post, "on"),
                    request=request,
                )
            elif action == "objection_result":
                services.record_objection_result(
                    application=application,
                    actor=request.user,
                    upheld=post.get("result") == "upheld",
                    on=posted_date(post, "on"),
                    request=request,
                )
            else:
                raise Http404
            messages.success(request, _("已办理。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("legalaid:detail", application_id=application.pk)
    found = eligibility.examine(
        party=application.party,
        matter=application.matter,
        income=application.income,
        migrant=application.is_migrant,
        on=application.received_on,
        unit=application.case.unit,
    )
    from medarb.procedure.clocks import deadlines_for

    context = {
        "a": application,
        "proofs": list(application.proofs.select_related("file")),
        "eligibility": found,
        "staff": list(selectors.station_staff(application.station)),
        "deadlines": [
            d for d in deadlines_for(application.case, include_closed=True) if d.code.startswith("legal_aid")
        ],
    }
    return render(request, "legalaid/detail.html", context)


@login_required
@require_GET
def proof(request, proof_id: int):
    from medarb.legalaid.models import Proof

    item = get_object_or_404(Proof.objects.select_related("application__station", "file"), pk=proof_id)
    if not selectors.is_officer(request.user, item.application):
        raise Http404
    return file_response(item.file, filename=item.title)


@login_required
@require_GET
def refusal(request, application_id: int):
    application = get_object_or_404(
        Application.objects.select_related("case", "party", "refusal_notice"), pk=application_id
    )
    mine = application.party.user_id == request.user.pk
    staff = policy.is_staff(request.user) and policy.can_read_case(request.user, application.case)
    if application.refusal_notice is None or not (mine or staff):
        raise Http404
    return file_response(
        application.refusal_notice, filename="不予法律援助决定书.pdf", inline=True, generated=True
    )


@login_required
@require_POST
def advice(request):
    stations = selectors.officer_stations(request.user)
    if not stations:
        raise PermissionDenied
    post = request.POST
    try:
        services.log_advice(
            station=stations[0],
            actor=request.user,
            person=post.get("person", ""),
            phone=post.get("phone", ""),
            topic=post.get("topic", ""),
            summary=post.get("summary", ""),
            request=request,
        )
        messages.success(request, _("咨询已登记。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("legalaid:desk")
