"""The legal acts of mediation (DOMAIN.md §3): registration, acceptance, sessions, the
agreement and its signatures, failure, withdrawal, performance, referral between levels,
guidance requests, handover to arbitration and the routes that follow an agreement.

Each act validates, records, and changes the case's state only through the engine
(`medarb.mediation.engine.fire`), in one transaction.
"""

# The package is split by subject; callers use `services.<act>` as before.
from medarb.mediation.services.agreement import (
    AgreementInput,
    TermInput,
    draft_agreement,
    redraft_agreement,
    seal_agreement,
    seal_current_agreement,
    sign_agreement,
)
from medarb.mediation.services.closure import (
    fail_mediation,
    withdraw_mediation,
)
from medarb.mediation.services.handover import (
    commission_for,
    hand_over_to_arbitration,
)
from medarb.mediation.services.performance import (
    record_breach,
    record_performance,
    send_performance_reminders,
)
from medarb.mediation.services.referral import (
    answer_guidance,
    refer_case,
    referral_targets,
    request_guidance,
    revoke_guidance,
)
from medarb.mediation.services.registration import (
    OralRecord,
    accept_mediation,
    extend_mediation,
    open_file,
    refuse_mediation,
    register_mediation,
)
from medarb.mediation.services.routes import (
    decide_route,
    record_route,
)
from medarb.mediation.services.sessions import (
    add_caucus_note,
    add_material,
    record_session,
    schedule_session,
)

__all__ = [
    "AgreementInput",
    "OralRecord",
    "TermInput",
    "accept_mediation",
    "add_caucus_note",
    "add_material",
    "answer_guidance",
    "commission_for",
    "decide_route",
    "draft_agreement",
    "extend_mediation",
    "fail_mediation",
    "hand_over_to_arbitration",
    "open_file",
    "record_breach",
    "record_performance",
    "record_route",
    "record_session",
    "redraft_agreement",
    "refer_case",
    "referral_targets",
    "refuse_mediation",
    "register_mediation",
    "request_guidance",
    "revoke_guidance",
    "schedule_session",
    "seal_agreement",
    "seal_current_agreement",
    "send_performance_reminders",
    "sign_agreement",
    "withdraw_mediation",
]
