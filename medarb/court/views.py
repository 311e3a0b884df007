"""裁审衔接 pages: the acts of the case panel, a liaison's list of shared cases, the judgment
documents, the dossier package, and the commission's overview of what the courts decided."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.core.forms import posted_date, posted_id
from medarb.core.responses import file_response
from medarb.court import selectors, services
from medarb.court.models import Filing, Transfer
from medarb.orgs.models import Role, Room, RoomKind, Unit, UnitKind
from medarb.orgs.selectors import active_memberships

OVERVIEW_ROLES = frozenset({Role.CHAIR, Role.UNIT_ADMIN, Role.STATISTICIAN, Role.SUPERVISOR})


def _court(data):
    """The court a form chose (None when it is not a court)."""
    return Unit.objects.filter(pk=posted_id(data, "court"), kind=UnitKind.COURT).first()


@login_required
@require_POST
def act(request, case_id: int, action: str):
    case = case_get_for_user(user=request.user, case_id=case_id)
    post = request.POST
    try:
        if action == "filing":
            party = case.parties.filter(pk=posted_id(post, "party")).first()
            if party is None:
                raise DomainError(_("请选择本案的当事人。"), field="party")
            filing = services.record_filing(
                case=case,
                actor=request.user,
                route=post.get("route", ""),
                party=party,
                court=_court(post),
                filed_on=posted_date(post, "filed_on"),
                court_number=post.get("court_number", ""),
                request=request,
            )
            if filing.late:
                messages.warning(request, _("已登记；立案时已超过法定期限。"))
            else:
                messages.success(request, _("已登记法院立案。"))
        elif action == "outcome":
            filing = get_object_or_404(Filing, pk=posted_id(post, "filing"), case=case)
            services.record_outcome(
                filing=filing,
                actor=request.user,
                outcome=post.get("outcome", ""),
                decided_on=posted_date(post, "decided_on"),
                judgment=request.FILES.get("judgment"),
                note=post.get("note", ""),
                request=request,
            )
            messages.success(request, _("已登记法院裁判结果。"))
        elif action == "transfer":
            services.transfer_dossier(case=case, actor=request.user, court=_court(post), request=request)
            messages.success(request, _("卷宗已移送法院，等待法院签收。"))
        elif action == "invite_mediator":
            mediator = get_user_model().objects.filter(pk=posted_id(post, "mediator")).first()
            services.invite_court_mediator(case=case, actor=request.user, mediator=mediator, request=request)
            messages.success(request, _("法院调解员已加入本案调解。"))
        elif action == "receipt":
            transfer = get_object_or_404(Transfer, pk=posted_id(post, "transfer"), case=case)
            services.acknowledge(
                transfer=transfer,
                actor=request.user,
                sha256=post.get("sha256", ""),
                note=post.get("note", ""),
                request=request,
            )
            messages.success(request, _("已签收卷宗。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_GET
def judgment(request, filing_id: int):
    filing = get_object_or_404(Filing.objects.select_related("case", "judgment"), pk=filing_id)
    if (
        filing.judgment is None
        or not policy.is_staff(request.user)
        or not policy.can_read_case(request.user, filing.case)
    ):
        raise Http404
    record(
        actor=request.user,
        action=AuditAction.READ,
        obj=filing,
        case_id=filing.case_id,
        summary="court judgment read",
        request=request,
    )
    return file_response(filing.judgment, filename=f"{filing.case.display_number}-裁判文书.pdf")


@login_required
@require_GET
def package(request, transfer_id: int):
    transfer = get_object_or_404(Transfer.objects.select_related("case", "package"), pk=transfer_id)
    if not policy.is_staff(request.user) or not policy.can_read_case(request.user, transfer.case):
        raise Http404
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=transfer,
        case_id=transfer.case_id,
        summary="dossier package downloaded",
        request=request,
    )
    return file_response(transfer.package, filename=f"{transfer.case.display_number}-卷宗.zip")


def _overview_roots(user) -> list:
    roots = []
    for m in active_memberships(user):
        if m.role not in OVERVIEW_ROLES:
            continue
        unit = m.unit.jurisdiction if m.role == Role.SUPERVISOR and m.unit.jurisdiction_id else m.unit
        if unit.kind not in (UnitKind.SUPERVISOR, UnitKind.DISCIPLINE, UnitKind.COURT, UnitKind.LEGAL_AID):
            roots.append(unit)
    return roots


@login_required
@require_GET
def home(request):
    """A liaison's shared cases; the commission's view of what the courts decided."""
    user = request.user
    courts = selectors.court_units(user)
    roots = _overview_roots(user)
    circuit_units = selectors.circuit_units(user)
    meeting_units = selectors.meeting_units(user)
    if not (courts or roots or circuit_units):
        raise PermissionDenied
    context = {
        "courts": courts,
        "circuit_units": circuit_units,
        "circuits": list(
            Room.objects.filter(unit__in=circuit_units, kind=RoomKind.CIRCUIT_COURT, is_active=True)
        ),
        "meeting_units": meeting_units,
        "meetings": list(selectors.joint_meetings(user)[:20]),
        "all_courts": list(Unit.objects.filter(kind=UnitKind.COURT).order_by("name"))
        if meeting_units
        else [],
    }
    if courts:
        cases = list(selectors.shared_cases(user).order_by("-closed_on", "-id")[:200])
        filings = {}
        for filing in Filing.objects.filter(case__in=cases).select_related("party").order_by("filed_on"):
            filings.setdefault(filing.case_id, []).append(filing)
        context["shared"] = [(case, filings.get(case.pk, [])) for case in cases]
    if roots:
        unit = next((u for u in roots if str(u.pk) == request.GET.get("unit", "")), roots[0])
        try:
            since = parse_date(request.GET.get("since") or "")
        except ValueError:
            since = None
        total, arbitrators = selectors.reversal_rates(unit.path, since=since)
        context |= {
            "unit": unit,
            "roots": roots,
            "total": total,
            "arbitrators": arbitrators,
            "pending": selectors.pending_count(unit.path),
            "late": Filing.objects.filter(case__unit_path__startswith=unit.path, late=True).count(),
        }
    return render(request, "court/home.html", context)


@login_required
@require_POST
def manage(request, action: str):
    """The commission's own acts on 裁审衔接: circuit courts and joint meetings."""
    post = request.POST
    try:
        if action == "circuit_open":
            unit = next(
                (u for u in selectors.circuit_units(request.user) if str(u.pk) == post.get("unit")), None
            )
            if unit is None:
                raise PermissionDenied
            services.open_circuit_court(
                unit=unit,
                actor=request.user,
                name=post.get("name", ""),
                address=post.get("address", ""),
                request=request,
            )
            messages.success(request, _("巡回仲裁庭已设立，安排开庭时可以选择。"))
        elif action == "circuit_close":
            room = get_object_or_404(
                Room,
                pk=posted_id(post, "room"),
                kind=RoomKind.CIRCUIT_COURT,
            )
            services.close_circuit_court(room=room, actor=request.user, request=request)
            messages.success(request, _("巡回仲裁庭已撤销。"))
        elif action == "meeting":
            unit = next(
                (u for u in selectors.meeting_units(request.user) if str(u.pk) == post.get("unit")), None
            )
            if unit is None:
                raise PermissionDenied
            try:
                held_at = parse_datetime(post.get("held_at") or "")
            except ValueError:
                held_at = None
            if held_at is None:
                raise DomainError(_("请填写会议时间。"), field="held_at")
            if timezone.is_naive(held_at):
                held_at = timezone.make_aware(held_at)
            numbers = [
                n.strip() for n in (post.get("cases") or "").replace("；", "\n").splitlines() if n.strip()
            ]
            cases = list(Case.objects.visible_to(request.user).filter(number__in=numbers))
            services.record_joint_meeting(
                unit=unit,
                court=_court(post),
                actor=request.user,
                held_at=held_at,
                place=post.get("place", ""),
                attendees=post.get("attendees", ""),
                topics=post.get("topics", ""),
                minutes=post.get("minutes", ""),
                cases=cases,
                request=request,
            )
            messages.success(request, _("联席会议纪要已签章。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("court:home")


@login_required
@require_GET
def minutes(request, meeting_id: int):
    meeting = get_object_or_404(selectors.joint_meetings(request.user), pk=meeting_id)
    return file_response(
        meeting.minutes_file,
        filename=f"裁审联席会议纪要-{meeting.held_at:%Y%m%d}.pdf",
        inline=True,
        generated=True,
    )
