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

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from medarb.cases.models import Case, CaseShare, Party, ShareAccess
from medarb.orgs.models import Membership, Role, UnitKind
from medarb.orgs.selectors import active_memberships

HANDLING_ROLES = frozenset({Role.CHAIR, Role.ARBITRATOR, Role.CLERK, Role.FILING_OFFICER, Role.MEDIATOR})
SUBTREE_READ_ROLES = HANDLING_ROLES | {Role.UNIT_ADMIN, Role.STATISTICIAN, Role.SUPERVISOR, Role.ARCHIVIST}
SUPERVISING_UNIT_KINDS = frozenset({UnitKind.SUPERVISOR, UnitKind.DISCIPLINE})
NOTHING = Q(pk__in=[])
# Subtrees rooted at these kinds hold a small share of a commission's cases.
NARROW_UNIT_KINDS = frozenset({UnitKind.STREET, UnitKind.COMMUNITY, UnitKind.ENTERPRISE})


def _read_root(membership: Membership):
    """The unit whose subtree the membership reads, or None."""
    unit = membership.unit
    if membership.role not in SUBTREE_READ_ROLES:
        return None
    if unit.kind in SUPERVISING_UNIT_KINDS or unit.kind in {UnitKind.LEGAL_AID, UnitKind.COURT}:
        if membership.role == Role.SUPERVISOR and unit.jurisdiction_id:
            return unit.jurisdiction
        return None
    return unit


def _read_roots(user) -> list[tuple[str, bool]]:
    """(path, narrow) of every subtree the user reads, without overlaps; narrow = below a commission."""
    roots: dict[str, bool] = {}
    for membership in active_memberships(user):
        if unit := _read_root(membership):
            roots[unit.path] = unit.kind in NARROW_UNIT_KINDS
    paths = sorted(roots)
    return [(p, roots[p]) for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def read_paths(user) -> list[str]:
    """The subtree roots (materialised paths) whose cases the user reads, without overlaps."""
    return [path for path, _narrow in _read_roots(user)]


def _subtree_filter(path: str, *, narrow: bool) -> Q:
    """Cases in the subtree at `path`.

    SQLite cannot use an index for `LIKE 'path%'` (its LIKE ignores case), so a narrow subtree
    is written as the equivalent range: paths end in "/", and "0" is the character after "/".
    Not for wide subtrees: there the planner would take the range index and sort most of the
    table for the first page, where walking ids backwards stops after one page. PostgreSQL
    answers `LIKE 'path%'` from its pattern index, and a range there would depend on collation.
    """
    if narrow and connection.vendor == "sqlite":
        return Q(unit_path__gte=path, unit_path__lt=path[:-1] + "0")
    return Q(unit_path__startswith=path)


def _shared_with_filter(user, memberships) -> Q:
    """Cases shared with the user or one of their units, as `id IN (…)`: one lookup for the
    whole query, which the planner can combine with the subtree's index (a correlated EXISTS
    under an OR forces a scan of every row)."""
    unit_ids = [m.unit_id for m in memberships]
    shares = CaseShare.objects.active().filter(Q(user=user) | Q(unit_id__in=unit_ids))
    return Q(pk__in=shares.values("case_id"))


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff_member)


def is_party(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_party)


def is_supervisor(user) -> bool:
    """A supervising seat (上级机构, 纪检监察): reads within its jurisdiction, never acts."""
    return is_staff(user) and any(m.role == Role.SUPERVISOR for m in active_memberships(user))


def visible_cases_filter(user) -> Q:
    if is_party(user):
        return Q(Exists(Party.objects.filter(case=OuterRef("pk"), user=user)))
    if not is_staff(user):
        return NOTHING
    query = NOTHING
    for path, narrow in _read_roots(user):
        query |= _subtree_filter(path, narrow=narrow)
    return query | _shared_with_filter(user, active_memberships(user))


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
