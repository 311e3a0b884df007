"""The legal acts of the arbitration procedure, by subject. Each does its own part (a record, a
number, a clock) and then fires its declared transition through `cases.workflow.fire`, all in
one transaction: a refusal anywhere leaves nothing behind. Callers use `services.<act>`."""

from medarb.arbitration.services.award import (
    current_award,
    determine_finality,
    return_award,
    serve_award,
    sign_off_award,
    submit_award,
)
from medarb.arbitration.services.common import (
    REPRESENTATIVES_MAX,
    REPRESENTATIVES_MIN,
    collective_representatives_ok,
    special_tribunal_threshold,
    today,
    track_for,
)
from medarb.arbitration.services.course import (
    apply_simplified,
    convert_to_ordinary,
    extend_time_limit,
    resume_case,
    suspend_case,
)
from medarb.arbitration.services.filing import (
    accept_case,
    refuse_case,
    request_correction,
    transfer_case,
)
from medarb.arbitration.services.hearing import (
    check_hearing_notice,
    current_hearing,
    heard_by_default,
    issue_mediation_statement,
    open_hearing,
    postpone_hearing,
    schedule_hearing,
)
from medarb.arbitration.services.parties import (
    add_party,
    change_claims,
    decide_counterclaim,
    file_counterclaim,
    serve_respondent,
)
from medarb.arbitration.services.tribunal import (
    compose_tribunal,
    decide_recusal,
    file_recusal,
)

__all__ = [
    "REPRESENTATIVES_MAX",
    "REPRESENTATIVES_MIN",
    "accept_case",
    "add_party",
    "apply_simplified",
    "change_claims",
    "check_hearing_notice",
    "collective_representatives_ok",
    "compose_tribunal",
    "convert_to_ordinary",
    "current_award",
    "current_hearing",
    "decide_counterclaim",
    "decide_recusal",
    "determine_finality",
    "extend_time_limit",
    "file_counterclaim",
    "file_recusal",
    "heard_by_default",
    "issue_mediation_statement",
    "open_hearing",
    "postpone_hearing",
    "refuse_case",
    "request_correction",
    "resume_case",
    "return_award",
    "schedule_hearing",
    "serve_award",
    "serve_respondent",
    "sign_off_award",
    "special_tribunal_threshold",
    "submit_award",
    "suspend_case",
    "today",
    "track_for",
    "transfer_case",
]
