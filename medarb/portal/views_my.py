"""My cases: a party's own cases on the phone — state, next step, hearings, served documents,
messages from the commission.

The list page reads each kind of related row once for all listed cases (deadlines, sittings,
services, timeline), so its query count does not grow with the number of cases. The delivery
app offers no selector for "services on this user", so `_services_for` is a small read-only
query here; opening a document goes through the delivery app's own link view, which records
the service.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from medarb.archives.selectors import dossier_reading
from medarb.cases import policy
from medarb.cases.models import Case, Party, TimelineEntry
from medarb.cases.selectors import case_get_for_user
from medarb.delivery.models import Service, ServiceStatus
from medarb.hearings.models import BLOCKING_STATES, Sitting
from medarb.legalaid.selectors import for_party as legal_aid_for_party
from medarb.meetings.selectors import open_meetings_for_party
from medarb.procedure.clocks import DeadlineView, live_deadlines_by_case
from medarb.procedure.declaration import procedure_for

MAX_CASES = 50
MESSAGES_PER_CASE = 3


@dataclass
class MyCase:
    """One case as its party sees it on the list."""

    case: Case
    deadlines: list[DeadlineView] = field(default_factory=list)
    sittings: list[Sitting] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    messages: list[TimelineEntry] = field(default_factory=list)

    @property
    def next_deadline(self) -> DeadlineView | None:
        return self.deadlines[0] if self.deadlines else None

    @property
    def state_explanation(self) -> str:
        return state_explanation(self.case)

    @property
    def next_sitting(self) -> Sitting | None:
        return self.sittings[0] if self.sittings else None

    @property
    def unopened(self) -> int:
        return sum(1 for s in self.services if s.status != ServiceStatus.SERVED)


def state_explanation(case: Case) -> str:
    """Where the case stands and what comes next, as the procedure tells its parties."""
    try:
        return procedure_for(case.kind).state(case.status).for_parties
    except LookupError:
        return ""


def _upcoming_sittings(case_ids: list[int]):
    return (
        Sitting.objects.open_to_parties()
        .filter(case_id__in=case_ids, state__in=BLOCKING_STATES, ends_at__gte=timezone.now())
        .select_related("room")
        .order_by("starts_at", "id")
    )


def _services_for(user, case_ids: list[int]):
    """Documents served (or being served) on the user, as party or agent of a party."""
    return (
        Service.objects.filter(case_id__in=case_ids, party__user=user)
        .exclude(status=ServiceStatus.FAILED)
        .select_related("document")
        .order_by("-created_at", "-id")
    )


def _messages(case_ids: list[int]):
    return TimelineEntry.objects.filter(case_id__in=case_ids, is_internal=False).order_by("-at", "-id")


def _parties_only(view):
    """Staff have the case pages; a party's own pages are for parties."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.is_party(request.user):
            return redirect("dashboard")
        return view(request, *args, **kwargs)

    return wrapped


@_parties_only
def my_cases(request):
    # The policy's party filter is a correlated EXISTS, which SQLite checks case by case over
    # the whole table; the id list from the party rows lets it read just the user's cases.
    own = Party.objects.filter(user=request.user).values("case_id")
    cases = list(
        Case.objects.visible_to(request.user)
        .filter(pk__in=own)
        .select_related("unit")
        .order_by("-id")[:MAX_CASES]
    )
    ids = [c.pk for c in cases]
    items = {c.pk: MyCase(case=c) for c in cases}
    if ids:
        today = timezone.localdate()
        for case_id, views in live_deadlines_by_case(ids, today=today).items():
            items[case_id].deadlines = views
        for sitting in _upcoming_sittings(ids):
            items[sitting.case_id].sittings.append(sitting)
        for service in _services_for(request.user, ids):
            items[service.case_id].services.append(service)
        # Parties' timelines are short; the newest few per case are kept.
        for entry in _messages(ids)[: MAX_CASES * 20]:
            if len(items[entry.case_id].messages) < MESSAGES_PER_CASE:
                items[entry.case_id].messages.append(entry)
    meetings = open_meetings_for_party(request.user)
    return render(request, "portal/my_cases.html", {"items": list(items.values()), "meetings": meetings})


@_parties_only
def my_case(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    today = timezone.localdate()
    context = {
        "case": case,
        "explanation": state_explanation(case),
        "deadlines": live_deadlines_by_case([case.pk], today=today).get(case.pk, []),
        "timeline": list(TimelineEntry.objects.filter(case=case, is_internal=False).order_by("at", "id")),
        "claims": list(case.claims.all()),
        "sittings": list(
            Sitting.objects.open_to_parties()
            .filter(case=case)
            .select_related("room")
            .order_by("starts_at", "id")
        ),
        "services": list(_services_for(request.user, [case.pk])),
        "parties": list(case.parties.filter(principal__isnull=True).order_by("side", "id")),
        "meetings": [m for m in open_meetings_for_party(request.user) if m.case_id == case.pk],
        "now": timezone.now(),
        "dossier": dossier_reading(request.user, case),
        "legal_aid": legal_aid_for_party(request.user, case),
    }
    return render(request, "portal/my_case.html", context)
