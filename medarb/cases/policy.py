"""The one visibility policy: who sees and who may act on which case.

- Staff of a case-handling unit read the cases of their unit and of every unit below it;
  those holding a handling role act on the cases their own unit owns.
- Supervisors read within their body's jurisdiction (or their unit's subtree); they never act.
- Legal-aid officers and court liaisons see only what is explicitly shared with them.
- An explicit share (referral, guidance, joint review …) grants one case, read or write.
- Parties see only the cases in which they are a party or an agent.

Every list, page, export, file and API response asks this module, through
`Case.objects.visible_to(user)` or the `can_*` functions below.
"""

from django.db.models import Exists, OuterRef, Q

from medarb.cases.models import Case, CaseShare, Party, ShareAccess, shared_with_filter
from medarb.orgs.models import Membership, Role, UnitKind
from medarb.orgs.selectors import active_memberships

HANDLING_ROLES = frozenset({Role.CHAIR, Role.ARBITRATOR, Role.CLERK, Role.FILING_OFFICER, Role.MEDIATOR})
SUBTREE_READ_ROLES = HANDLING_ROLES | {Role.UNIT_ADMIN, Role.STATISTICIAN, Role.SUPERVISOR}
SUPERVISING_UNIT_KINDS = frozenset({UnitKind.SUPERVISOR, UnitKind.DISCIPLINE})
NOTHING = Q(pk__in=[])


def _read_path(membership: Membership) -> str | None:
    unit = membership.unit
    if membership.role not in SUBTREE_READ_ROLES:
        return None
    if unit.kind in SUPERVISING_UNIT_KINDS or unit.kind in {UnitKind.LEGAL_AID, UnitKind.COURT}:
        if membership.role == Role.SUPERVISOR and unit.jurisdiction_id:
            return unit.jurisdiction.path
        return None
    return unit.path


def read_paths(user) -> list[str]:
    """The subtree roots (materialised paths) whose cases the user reads, without overlaps."""
    paths = sorted({p for m in active_memberships(user) if (p := _read_path(m))})
    return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff_member)


def is_party(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_party)


def visible_cases_filter(user) -> Q:
    if is_party(user):
        return Q(Exists(Party.objects.filter(case=OuterRef("pk"), user=user)))
    if not is_staff(user):
        return NOTHING
    query = NOTHING
    for path in read_paths(user):
        query |= Q(unit_path__startswith=path)
    memberships = active_memberships(user)
    return query | shared_with_filter(user, memberships)


def _active_shares(user, case: Case):
    unit_ids = [m.unit_id for m in active_memberships(user)]
    return CaseShare.objects.active().filter(case=case).filter(Q(user=user) | Q(unit_id__in=unit_ids))


def can_read_case(user, case: Case) -> bool:
    if is_party(user):
        return case.parties.filter(user=user).exists()
    if not is_staff(user):
        return False
    if any(case.unit_path.startswith(path) for path in read_paths(user)):
        return True
    return _active_shares(user, case).exists()


def sees_internal_entries(user, case: Case) -> bool:
    """Internal timeline entries (deliberations, caucus notes, shares) stay with those who read
    the case through the tree or act on it; a read share or a party does not see them."""
    if not is_staff(user):
        return False
    return any(case.unit_path.startswith(path) for path in read_paths(user)) or can_write_case(user, case)


def can_write_case(user, case: Case) -> bool:
    """Staff who may act on the case: a handling role in the owning unit, or a write share."""
    if not is_staff(user):
        return False
    memberships = active_memberships(user)
    if any(m.unit_id == case.unit_id and m.role in HANDLING_ROLES for m in memberships):
        return True
    handling_units = [m.unit_id for m in memberships if m.role in HANDLING_ROLES]
    return (
        CaseShare.objects.active()
        .filter(case=case, access=ShareAccess.WRITE)
        .filter(Q(user=user) | Q(unit_id__in=handling_units))
        .exists()
    )


def sees_personal_data(user, case: Case, *, can_write: bool | None = None) -> bool:
    """ID and phone numbers in clear: only for those who handle the case."""
    return can_write_case(user, case) if can_write is None else can_write


def can_register_at(user, unit) -> bool:
    return is_staff(user) and any(
        m.unit_id == unit.pk and m.role in HANDLING_ROLES for m in active_memberships(user)
    )


def units_for_registration(user) -> list:
    return [m.unit for m in active_memberships(user) if m.role in HANDLING_ROLES and m.unit.mediation_level]


def can_share_case(user, case: Case) -> bool:
    return can_write_case(user, case)


def can_view_audit(user, case: Case) -> bool:
    """Supervisors and the chair read a case's audit trail."""
    if not is_staff(user) or not can_read_case(user, case):
        return False
    return any(m.role in {Role.SUPERVISOR, Role.CHAIR} for m in active_memberships(user))
