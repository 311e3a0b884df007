"""One home for every period: each statutory period is read from procedure.rules with the
case's unit, so a unit's override (本委规则) moves every place that counts it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from medarb.arbitration import services
from medarb.core.errors import ProcedureError
from medarb.hearings import timing
from medarb.portal.application import decision_due
from medarb.procedure import calendar, clocks
from medarb.procedure.rules import RULES, DayType, Direction, law, rule
from medarb.procedure.services import set_rule_override
from medarb.testing import register

from .conftest import TODAY

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Overrides are cached across requests; a test's rolled-back rows must not leak."""
    cache.clear()
    yield
    cache.clear()


def lawful_other_reading(code: str) -> int:
    """A number of days the law allows a unit to set for `code`, other than the law's own."""
    r = law(code)
    if r.ceiling_days:
        return r.ceiling_days - 5
    return max(r.days, r.floor_days) + 4


def override(cast, code: str, days: int, day_type: str = DayType.NATURAL, unit=None):
    return set_rule_override(
        actor=cast.chair, unit=unit or cast.district, code=code, days=days, day_type=day_type
    )


class TestEveryRuleFollowsTheUnitsOverride:
    @pytest.mark.parametrize("code", sorted(RULES))
    def test_the_clock_and_the_calendar_count_the_override_here_and_the_law_elsewhere(self, cast, code):
        days = lawful_other_reading(code)
        override(cast, code, days)
        mine = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        theirs = register(actor=cast.other_arbitrator, unit=cast.other_district, received_on=START)
        r = law(code)
        if r.direction == Direction.BEFORE:
            expected = calendar.subtract_period(START, days, DayType.NATURAL)
            lawful = calendar.subtract_period(START, r.days, r.day_type)
        else:
            expected = calendar.add_period(START, days, DayType.NATURAL)
            lawful = calendar.add_period(START, r.days, r.day_type)
        assert calendar.due_date(code, START, mine.unit_path) == expected
        assert calendar.due_date(code, START, theirs.unit_path) == lawful
        clock = clocks.start_deadline(case=mine, rule_code=code, start=START)
        assert (clock.days, clock.day_type) == (days, DayType.NATURAL)
        if r.direction == Direction.AFTER:
            assert clock.due_on == expected
        assert clocks.start_deadline(case=theirs, rule_code=code, start=START).days == r.days


class TestEachConsumerFollows:
    def test_the_award_extension_cap_is_the_unit_s(self, cast, accepted):
        override(cast, "award_extension", 10)
        with pytest.raises(ProcedureError, match="不得超过10日"):
            clocks.extend_deadline(case=accepted, rule_code="award", days=11)
        clocks.extend_deadline(case=accepted, rule_code="award", days=10)

    def test_the_hearing_notice_check_counts_the_unit_s_period(self, cast, accepted):
        hearing_day = date(2026, 3, 20)  # a Friday
        assert (
            services.check_hearing_notice(
                hearing_day=hearing_day, notice_on=date(2026, 3, 13), unit=accepted.unit_path
            )
            is None
        )  # 5 working days before
        override(cast, "hearing_notice", 10)
        with pytest.raises(ProcedureError, match="开庭10个自然日前"):
            services.check_hearing_notice(
                hearing_day=hearing_day, notice_on=date(2026, 3, 13), unit=accepted.unit_path
            )
        assert timing.latest_notice_date(hearing_day, accepted.unit_path) == date(2026, 3, 10)
        assert timing.latest_notice_date(hearing_day, cast.other_district) == date(2026, 3, 13)

    def test_the_postponement_request_period_is_the_unit_s(self, cast, in_defence):
        from .conftest import fire

        fire(in_defence, "open_evidence_period", cast.clerk)
        services.schedule_hearing(
            case=in_defence,
            actor=cast.clerk,
            starts_at=datetime(2026, 3, 16, 9, 30, tzinfo=SHANGHAI),
            ends_at=datetime(2026, 3, 16, 11, 0, tzinfo=SHANGHAI),
        )
        override(cast, "postponement_request", 1, DayType.WORKING)
        new = datetime(2026, 3, 30, 9, 30, tzinfo=SHANGHAI)
        # On 12 March a request is late by the law's 3 working days, in time by the unit's 1.
        with time_machine.travel("2026-03-12 10:00 +0800", tick=False):
            services.postpone_hearing(
                case=in_defence,
                actor=cast.clerk,
                requested_by="respondent",
                new_starts_at=new,
                new_ends_at=new.replace(hour=11),
                note="代理人出差",
            )
        assert in_defence.status == "hearing_scheduled"

    def test_the_portal_s_decision_date_is_the_unit_s(self, cast, received):
        override(cast, "acceptance_decision", 9)
        due, explanation = decision_due(received)
        assert due == calendar.add_period(TODAY, 9, DayType.NATURAL)
        assert "本委规则" in explanation

    def test_a_clock_started_on_service_counts_the_unit_s_defence_period(self, cast, accepted, pool):
        override(cast, "defence", 12, DayType.WORKING)
        services.compose_tribunal(
            case=accepted,
            actor=cast.arbitrator,
            kind="sole",
            presiding=cast.arbitrator,
            clerk=cast.clerk,
            on=TODAY,
        )
        services.serve_respondent(case=accepted, actor=cast.clerk, on=TODAY, method="personal")
        (defence,) = [d for d in clocks.deadlines_for(accepted) if d.code == "defence"]
        assert defence.days == 12 and defence.local_rule
        assert rule("defence", cast.other_district).days == 10
