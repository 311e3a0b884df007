"""Who decides, and what every act of mediation shares."""

from datetime import date

from django.utils.translation import gettext as _

from medarb.cases import policy
from medarb.cases.models import Case, CaseKind
from medarb.core.errors import DomainError, NotAllowed
from medarb.mediation.models import (
    MediationFile,
)

PAYMENT_ORDER_CAUSES = ("wages.", "social_insurance.work_injury", "termination.")


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
