"""Which route fits which case and party, its period, and the outcomes it can have.

- 起诉 (Law Art. 48, 50): against an award that is not final, either party, within 15 days of
  receiving it; against a final award, only the worker.
- 申请撤销终局裁决 (Law Art. 49): the employer, to the intermediate court, within 30 days.
- 申请司法确认 (人民调解法 Art. 33; 民事诉讼法 Art. 205): a mediation agreement, both
  parties together, within 30 days of it taking effect.
- 申请支付令 (Law Art. 16): the worker, when the employer does not pay what a mediation
  agreement on wages, medical costs for a work injury, severance or compensation says.
- 申请强制执行 (Law Art. 51): an effective award or mediation statement, either party.
"""

from django.utils.translation import gettext as _

from medarb.cases.models import Case, CaseKind, Party, PartyKind
from medarb.court.models import Outcome, Route

PERIOD_RULES = {
    Route.SUIT: "court_suit",
    Route.REVOCATION: "revocation_suit",
    Route.CONFIRMATION: "judicial_confirmation",
}
OUTCOMES = {
    Route.SUIT: (Outcome.UPHELD, Outcome.CHANGED, Outcome.SETTLED, Outcome.WITHDRAWN),
    Route.REVOCATION: (Outcome.REJECTED, Outcome.REVOKED, Outcome.WITHDRAWN),
    Route.CONFIRMATION: (Outcome.CONFIRMED, Outcome.REJECTED, Outcome.WITHDRAWN),
    Route.PAYMENT_ORDER: (Outcome.ISSUED, Outcome.REJECTED, Outcome.WITHDRAWN),
    Route.ENFORCEMENT: (Outcome.ENFORCED, Outcome.REJECTED, Outcome.WITHDRAWN),
}
# Decided on the merits, so that the court's view of the award shows: the reversal rate counts these.
ON_THE_MERITS = {
    Route.SUIT: (Outcome.UPHELD, Outcome.CHANGED),
    Route.REVOCATION: (Outcome.REJECTED, Outcome.REVOKED),
}
REVERSED = (Outcome.CHANGED, Outcome.REVOKED)
AWARDS = ("award_final", "award_nonfinal", "award_mixed")
AGREEMENTS = ("mediated", "agreement")


def refusal(case: Case, route: str, party: Party) -> str | None:
    """Why `party` cannot take `route` in this case (None: it can)."""
    reason = case.close_reason or ""
    worker = party.kind == PartyKind.WORKER
    if route == Route.SUIT:
        if case.kind != CaseKind.ARBITRATION or reason not in AWARDS:
            return _("只能对仲裁裁决起诉。")
        if reason == "award_final" and not worker:
            return _("终局裁决，用人单位不能起诉，只能申请撤销（《劳动争议调解仲裁法》第四十九条）。")
    elif route == Route.REVOCATION:
        if reason not in ("award_final", "award_mixed"):
            return _("只有终局裁决可以申请撤销。")
        if worker:
            return _("申请撤销终局裁决的是用人单位；劳动者可以起诉（第四十八条）。")
    elif route == Route.CONFIRMATION:
        if reason not in AGREEMENTS:
            return _("司法确认的对象是调解协议。")
    elif route == Route.PAYMENT_ORDER:
        if reason not in AGREEMENTS or not worker:
            return _("支付令由劳动者依调解协议申请（第十六条）。")
    elif route == Route.ENFORCEMENT:
        if reason not in (*AWARDS, "mediated"):
            return _("强制执行的是生效的裁决书或调解书。")
    else:
        return _("未知的途径。")
    return None
