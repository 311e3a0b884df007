"""Test support: a case closed by an award whose service started the period to sue."""

from datetime import date

from medarb.archives.testing import closed_case_with_papers
from medarb.cases.models import Case
from medarb.procedure import clocks


def awarded_case(
    cast,
    *,
    close_reason: str = "award_nonfinal",
    served_on: date = date(2026, 3, 31),
    number: str = "鹭湖劳人仲案字〔2026〕第8号",
) -> Case:
    case = closed_case_with_papers(cast, number=number, close_reason=close_reason, closed_on=served_on)
    rule = "revocation_suit" if close_reason == "award_final" else "court_suit"
    clocks.start_deadline(case=case, rule_code=rule, start=served_on)
    return case
