"""The mediation files of the sample cases, as the acts that lead to each state would leave them,
and the statistics rollup rebuilt from them.

A sample case reaches its state by the seeding shortcut (`loader._move_to_state`), which the
mediation services never see: without this, every file would still read 未结 and the
statistics would count a closed agreement as pending. The fields written are those the
services write (`accept_mediation`, `refuse_mediation`, `close_file`, the hand-over).
"""

from datetime import date, timedelta

from medarb.cases.models import Case, CaseKind
from medarb.mediation import stats
from medarb.mediation.models import MediationFile, Outcome

# The outcome a file has in each state of the mediation procedure (unlisted: still pending).
OUTCOME_OF_STATE = {
    "performance": Outcome.AGREEMENT,  # the agreement took effect (seal_agreement)
    "closed_agreement": Outcome.AGREEMENT,
    "closed_failed": Outcome.FAILED,
    "handed_to_arbitration": Outcome.FAILED,  # failed, then handed over (Law Art. 14)
    "closed_withdrawn": Outcome.WITHDRAWN,
    "refused": Outcome.REFUSED,
    "referred": Outcome.REFERRED,
}
NOT_DECIDED = frozenset({"registered", "refused"})
# Days from acceptance to an agreement still being performed (sealed, not yet closed).
SEALED_AFTER_DAYS = 6


def settle_mediation_files(cases: list[Case], *, today: date) -> int:
    """Give each sample mediation case's file the decision and outcome of its state, then
    rebuild the statistics rollup from the files; returns the number of rollup rows."""
    mediation = {c.pk: c for c in cases if c.kind == CaseKind.MEDIATION}
    files = list(MediationFile.objects.filter(case_id__in=mediation))
    for mfile in files:
        case = mediation[mfile.case_id]
        if case.status not in NOT_DECIDED and case.accepted_on:
            mfile.mediator = mfile.mediator or case.handler
            mfile.decided_by, mfile.decided_on = case.handler, case.accepted_on
        outcome = OUTCOME_OF_STATE.get(case.status)
        if outcome is None:
            continue
        on = case.closed_on or min(
            (case.accepted_on or case.received_on) + timedelta(SEALED_AFTER_DAYS), today
        )
        if outcome == Outcome.REFUSED:
            mfile.decided_by, mfile.decided_on = case.handler, on
            mfile.refusal_reason = "不属于本组织调解范围（演示数据）"
        mfile.outcome, mfile.outcome_on = outcome, on
        mfile.outcome_reason = "（演示数据）"
        mfile.duration_days = max((on - mfile.registered_on).days, 0)
        mfile.handed_over = case.status == "handed_to_arbitration"
    MediationFile.objects.bulk_update(
        files,
        [
            "mediator",
            "decided_by",
            "decided_on",
            "refusal_reason",
            "outcome",
            "outcome_on",
            "outcome_reason",
            "duration_days",
            "handed_over",
        ],
    )
    return stats.rebuild()
