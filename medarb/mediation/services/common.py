"""Who decides, and what every act of mediation shares."""

from datetime import date

from django.utils.translation import gettext as _

from medarb.cases import policy
from medarb.cases.models import Case, CaseKind
from medarb.core.errors import DomainError, NotAllowed
from medarb.mediation.models import (
    MediationFile,
)
from medarb.orgs.models import Membership, Role, Unit
from medarb.orgs.selectors import active_memberships

PAYMENT_ORDER_CAUSES = ("wages.", "social_insurance.work_injury", "termination.")
SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MIN_BYTES = 200


def is_unit_head(user, unit: Unit) -> bool:
    """The head of a mediation organisation: its chair; a unit without a chair lets its
    mediators decide (the mediator in charge)."""
    roles = {m.role for m in active_memberships(user) if m.unit_id == unit.pk}
    if Role.CHAIR in roles:
        return True
    has_chair = Membership.objects.filter(unit=unit, role=Role.CHAIR, is_active=True).exists()
    return not has_chair and Role.MEDIATOR in roles


def require_head(actor, case: Case) -> None:
    if not is_unit_head(actor, case.unit):
        raise NotAllowed(_("受理、不予受理、移送和协议签章由调解组织负责人决定。"))


def require_write(actor, case: Case) -> None:
    if case.kind != CaseKind.MEDIATION:
        raise DomainError(_("这不是调解案件。"))
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您对该案件只有查阅权限。"))


def locked_file(case: Case) -> MediationFile:
    return MediationFile.objects.select_for_update().get(case=case)


def close_file(case: Case, outcome: str, on: date, reason: str = "") -> None:
    mfile = locked_file(case)
    mfile.outcome = outcome
    mfile.outcome_on = on
    mfile.outcome_reason = reason
    mfile.duration_days = max((on - mfile.registered_on).days, 0)
    mfile.save(update_fields=["outcome", "outcome_on", "outcome_reason", "duration_days"])
    recount(mfile)


def recount(mfile: MediationFile) -> None:
    """Keep the statistics rollup of the file's unit and registration day current."""
    from medarb.mediation.stats import refresh_day

    refresh_day(unit_id=mfile.unit_id, day=mfile.registered_on)
