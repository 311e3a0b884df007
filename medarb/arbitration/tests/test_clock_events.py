"""The clock events of DOMAIN.md §2.2: correction, an added party, changed claims, a merged
counterclaim restart the clocks; suspension and service by publication pause the award clock."""

from datetime import date
from decimal import Decimal

import time_machine

from medarb.arbitration import services
from medarb.arbitration.models import CounterclaimDecision
from medarb.cases import workflow
from medarb.procedure.calendar import add_period, due_date
from medarb.procedure.clocks import deadlines_for

from .conftest import TODAY, fire


def _due(case, code):
    return next(d.due_on for d in deadlines_for(case) if d.code == code and d.state in ("running", "paused"))


def _paused(case, code):
    return next(d.paused for d in deadlines_for(case) if d.code == code and d.state in ("running", "paused"))


class TestCorrection:
    def test_the_acceptance_period_restarts_from_the_correction_date(self, cast, received):
        fire(received, "begin_review", cast.filing_officer)
        assert _due(received, "acceptance_decision") == date(2026, 3, 9)
        services.request_correction(
            case=received, actor=cast.filing_officer, items=["身份证复印件", "劳动合同"], on=TODAY
        )
        assert received.status == "correction_pending"
        assert not [
            d for d in deadlines_for(received) if d.code == "acceptance_decision" and d.state == "running"
        ]
        notice = received.timeline.filter(kind="transition").last()
        assert "1. 身份证复印件；2. 劳动合同" in notice.detail
        with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
            fire(received, "complete_correction", cast.filing_officer)
        assert _due(received, "acceptance_decision") == due_date("acceptance_decision", date(2026, 3, 10))


class TestRestartsOfTheAwardClock:
    def test_an_added_party_restarts_the_award_clock_from_the_decision(self, cast, in_defence):
        with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
            services.add_party(
                case=in_defence,
                actor=cast.arbitrator,
                side="third_party",
                kind="employer",
                name="某劳务派遣公司",
                is_organisation=True,
            )
        assert _due(in_defence, "award") == add_period(date(2026, 3, 10), 45, "natural")
        assert in_defence.parties.filter(name="某劳务派遣公司").exists()

    def test_changed_claims_restart_the_award_clock_and_give_a_new_defence_period(self, cast, in_defence):
        with time_machine.travel("2026-03-11 10:00 +0800", tick=False):
            services.change_claims(
                case=in_defence,
                actor=cast.arbitrator,
                cause="wages.overtime",
                description="支付加班费",
                amount=Decimal("3000"),
            )
        assert _due(in_defence, "award") == add_period(date(2026, 3, 11), 45, "natural")
        assert _due(in_defence, "defence") == due_date("defence", date(2026, 3, 11))
        assert in_defence.claims.count() == 2

    def test_a_merged_counterclaim_restarts_the_award_clock_from_its_acceptance(self, cast, in_defence):
        with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
            counterclaim = services.file_counterclaim(
                case=in_defence, actor=cast.clerk, description="申请人返还培训费", amount=Decimal("5000")
            )
            assert _due(in_defence, "counterclaim_review") == due_date(
                "counterclaim_review", date(2026, 3, 5)
            )
        with time_machine.travel("2026-03-09 10:00 +0800", tick=False):
            services.decide_counterclaim(
                case=in_defence,
                actor=cast.arbitrator,
                counterclaim=counterclaim,
                decision=CounterclaimDecision.MERGED,
            )
        assert _due(in_defence, "award") == add_period(date(2026, 3, 9), 45, "natural")
        assert not [
            d for d in deadlines_for(in_defence) if d.code == "counterclaim_review" and d.state == "running"
        ]

    def test_a_counterclaim_is_only_taken_during_the_defence_period(self, cast, in_defence):
        fire(in_defence, "open_evidence_period", cast.clerk)
        codes = {a.transition.code for a in workflow.available_actions(case=in_defence, user=cast.clerk)}
        assert "file_counterclaim" not in codes


class TestPublication:
    def test_service_by_publication_pauses_the_award_clock_and_its_end_resumes_it(self, cast, in_defence):
        with time_machine.travel("2026-03-04 10:00 +0800", tick=False):
            fire(in_defence, "start_publication", cast.clerk)
        assert _paused(in_defence, "award")
        assert _due(in_defence, "publication_service") == due_date("publication_service", date(2026, 3, 4))
        with time_machine.travel("2026-04-03 10:00 +0800", tick=False):
            fire(in_defence, "end_publication", cast.clerk)
        assert not _paused(in_defence, "award")
        assert _due(in_defence, "award") == add_period(TODAY, 45 + 30, "natural")  # 30 days did not count
