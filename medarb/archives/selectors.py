"""Who may do what with a dossier, and the lists the archives work from."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from medarb.archives.models import (
    CompileState,
    Correction,
    CorrectionState,
    Dossier,
    DossierState,
    DossierVolume,
    ReadingRequest,
    ReadingState,
)
from medarb.cases import policy
from medarb.cases.models import Case
from medarb.orgs.models import Role, UnitKind
from medarb.orgs.selectors import active_memberships


def _units_with(user, role: str) -> list:
    return [m.unit for m in active_memberships(user) if m.role == role]


def is_archivist_anywhere(user) -> bool:
    return policy.is_staff(user) and bool(_units_with(user, Role.ARCHIVIST))


def is_chair_anywhere(user) -> bool:
    return policy.is_staff(user) and bool(_units_with(user, Role.CHAIR))


def is_archivist(user, case: Case) -> bool:
    """An archivist of the case's unit or of a commission above it."""
    return policy.is_staff(user) and any(
        case.unit_path.startswith(u.path) for u in _units_with(user, Role.ARCHIVIST)
    )


def may_bind(user, case: Case) -> bool:
    """Those who handle the case bind, check and hand over its dossier."""
    return policy.can_write_case(user, case)


def may_decide(user, case: Case) -> bool:
    """The chair of the case's unit or of a commission above it approves readings and corrections."""
    return policy.is_staff(user) and any(
        case.unit_path.startswith(u.path) for u in _units_with(user, Role.CHAIR)
    )


def may_see_internal(user, case: Case) -> bool:
    """The internal volume stays with those who read the case through the tree or act on it."""
    return policy.sees_internal_entries(user, case)


def may_request_reading(user, case: Case) -> bool:
    """Parties and their agents read and copy the main volume (Rules Art. 23)."""
    return policy.is_party(user) and case.parties.filter(user=user).exists()


def latest_volumes(dossier: Dossier, *, ready: bool = False) -> dict[str, DossierVolume]:
    """The newest version of each volume (the newest ready one with `ready`)."""
    volumes = dossier.volumes.select_related("pdf").order_by("volume", "-version")
    if ready:
        volumes = volumes.filter(state=CompileState.READY)
    latest: dict[str, DossierVolume] = {}
    for volume in volumes:
        latest.setdefault(volume.volume, volume)
    return latest


def _archivist_dossiers(user) -> QuerySet[Dossier]:
    units = _units_with(user, Role.ARCHIVIST)
    if not units:
        return Dossier.objects.none()
    where = Q(pk__in=[])
    for unit in units:
        where |= Q(case__unit_path__startswith=unit.path)
    return Dossier.objects.filter(where).select_related("case", "checked_by", "accepted_by")


def to_accept(user) -> QuerySet[Dossier]:
    return _archivist_dossiers(user).filter(state=DossierState.CHECKED).order_by("checked_at")


def archived(user) -> QuerySet[Dossier]:
    return _archivist_dossiers(user).filter(state=DossierState.ARCHIVED).order_by("-accepted_at")


def lapsed(user, *, today=None) -> QuerySet[Dossier]:
    """The disposal list: archived dossiers whose retention has run out."""
    today = today or timezone.localdate()
    return archived(user).filter(retain_until__lte=today).order_by("retain_until")


def disposed(user) -> QuerySet[Dossier]:
    return _archivist_dossiers(user).filter(state=DossierState.DISPOSED).order_by("-disposed_at")


def _chair_where(user):
    where = Q(pk__in=[])
    for unit in _units_with(user, Role.CHAIR):
        where |= Q(dossier__case__unit_path__startswith=unit.path)
    return where


def readings_to_decide(user) -> QuerySet[ReadingRequest]:
    return (
        ReadingRequest.objects.filter(_chair_where(user), state=ReadingState.PENDING)
        .select_related("dossier__case", "reader")
        .order_by("requested_at")
    )


def corrections_to_decide(user) -> QuerySet[Correction]:
    return (
        Correction.objects.filter(_chair_where(user), state=CorrectionState.PENDING)
        .select_related("dossier__case", "requested_by")
        .order_by("requested_at")
    )


def readings_of(user) -> QuerySet[ReadingRequest]:
    return (
        ReadingRequest.objects.filter(reader=user).select_related("dossier__case").order_by("-requested_at")
    )


RULE_UNIT_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.CITY, UnitKind.COMMISSION})


def rule_units(user) -> list:
    """The commissions whose retention periods the user sets (their admin or chair)."""
    if not policy.is_staff(user):
        return []
    units = {
        m.unit.pk: m.unit
        for m in active_memberships(user)
        if m.role in (Role.UNIT_ADMIN, Role.CHAIR) and m.unit.kind in RULE_UNIT_KINDS
    }
    return list(units.values())


def dossier_reading(user, case: Case) -> dict | None:
    """For the party's case page: whether the main volume can be read, and their requests."""
    dossier = Dossier.objects.filter(case=case).first()
    if dossier is None or latest_volumes(dossier, ready=True).get("main") is None:
        return None
    now = timezone.now()
    readings = list(dossier.readings.filter(reader=user).order_by("-requested_at")[:5])
    return {
        "readings": readings,
        "open": [
            r for r in readings if r.state == ReadingState.APPROVED and r.valid_until and r.valid_until > now
        ],
        "pending": any(r.state == ReadingState.PENDING for r in readings),
    }
