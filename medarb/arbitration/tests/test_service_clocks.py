"""Deadlines that start at service use the recorded service date (issue #5; Law 30, 42, 48–50)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from medarb.arbitration import services
from medarb.cases.models import Case, PartySide
from medarb.delivery import services as delivery
from medarb.documents.models import IssuedDocument
from medarb.procedure.models import Deadline, DeadlineState

from .conftest import TODAY


def _live(case, code: str) -> Deadline:
    return Deadline.objects.get(
        case=case, rule_code=code, state__in=[DeadlineState.RUNNING, DeadlineState.PAUSED]
    )


def _party(case, side):
    return case.parties.get(side=side, principal__isnull=True)


def _serve_electronically(cast, document, party):
    delivery.confirm_service_address(
        party=party, actor=cast.clerk, consent_electronic=True, email=f"p{party.pk}@example.com"
    )
    (service,) = delivery.serve_document(document=document, actor=cast.clerk, parties=[party])
    return service


def _open_on(service, moment: str):
    """The recipient opens the mail link at `moment`: that is the recorded service."""
    with time_machine.travel(moment, tick=False):
        return delivery.open_service(service=service, channel="email")


def _paper(case, code: str) -> IssuedDocument:
    return IssuedDocument.objects.filter(case=case, template_code=code).order_by("-id").first()


class TestDefencePeriodFromServiceOnTheRespondent:
    def test_opening_the_notice_to_respond_moves_the_case_and_starts_ten_working_days_skipping_qingming(
        self, cast, accepted
    ):
        respondent = _party(accepted, PartySide.RESPONDENT)
        service = _serve_electronically(cast, _paper(accepted, "notice_to_respond"), respondent)
        # Served on Friday 27 March 2026; 4–6 April are the Qingming holidays (6 April a Monday).
        _open_on(service, "2026-03-27 15:00 +0800")
        accepted.refresh_from_db()
        assert accepted.status == "defence_period"
        defence = _live(accepted, "defence")
        assert defence.started_on == date(2026, 3, 27)
        assert defence.due_on == date(2026, 4, 13)  # 10 working days; without the holiday: 10 April
        act = accepted.timeline.filter(kind="transition", data__transition="serve_respondent").get()
        assert act.data["on"] == "2026-03-27" and act.actor == cast.clerk
        assert not Deadline.objects.filter(
            case=accepted, rule_code="serve_respondent", state=DeadlineState.RUNNING
        ).exists()

    def test_a_later_recorded_service_moves_a_clock_started_by_hand_but_an_earlier_one_does_not(
        self, cast, in_defence
    ):
        assert _live(in_defence, "defence").started_on == TODAY  # the clerk recorded service on 2 March
        respondent = _party(in_defence, PartySide.RESPONDENT)
        service = _serve_electronically(cast, _paper(in_defence, "notice_to_respond"), respondent)
        _open_on(service, "2026-03-05 10:00 +0800")
        assert _live(in_defence, "defence").started_on == date(2026, 3, 5)
        assert in_defence.timeline.filter(kind="clock_from_service", data__rule="defence").count() == 1

    def test_an_opening_after_the_defence_period_has_ended_starts_nothing(self, cast, in_defence):
        from medarb.cases import workflow

        workflow.fire(case=in_defence, transition="open_evidence_period", actor=cast.clerk)
        respondent = _party(in_defence, PartySide.RESPONDENT)
        service = _serve_electronically(cast, _paper(in_defence, "notice_to_respond"), respondent)
        _open_on(service, "2026-03-20 10:00 +0800")
        assert not Deadline.objects.filter(
            case=in_defence, rule_code="defence", state__in=[DeadlineState.RUNNING, DeadlineState.PAUSED]
        ).exists()

    def test_serving_the_applicant_starts_no_defence_period(self, cast, accepted):
        applicant = _party(accepted, PartySide.APPLICANT)
        service = _serve_electronically(cast, _paper(accepted, "notice_to_respond"), applicant)
        _open_on(service, "2026-03-04 10:00 +0800")
        accepted.refresh_from_db()
        assert accepted.status == "accepted"
        assert not Deadline.objects.filter(case=accepted, rule_code="defence").exists()

    def test_a_postal_receipt_date_counts_as_the_service_date(self, cast, accepted):
        respondent = _party(accepted, PartySide.RESPONDENT)  # no consent: postal service at once
        with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
            (service,) = delivery.serve_document(
                document=_paper(accepted, "notice_to_respond"), actor=cast.clerk, parties=[respondent]
            )
            delivery.record_postal_dispatch(
                service=service, actor=cast.clerk, tracking_number="EJ123456789CN"
            )
        with time_machine.travel("2026-03-09 16:00 +0800", tick=False):
            delivery.record_postal_receipt(service=service, actor=cast.clerk, served_on=date(2026, 3, 6))
        assert _live(accepted, "defence").started_on == date(2026, 3, 6)


@pytest.fixture
def signed(cast, in_defence):
    Case.objects.filter(pk=in_defence.pk).update(status="award_drafting")
    in_defence.refresh_from_db()

    def sign(amount: Decimal):
        services.submit_award(
            case=in_defence,
            actor=cast.arbitrator,
            findings="f",
            majority_opinion="m",
            items=[(in_defence.claims.get(), amount)],
        )
        services.sign_off_award(case=in_defence, actor=cast.chair)
        return in_defence

    return sign


class TestPeriodsToChallengeTheAward:
    def test_a_non_final_award_gives_fifteen_days_from_the_last_party_served(self, cast, signed):
        case = signed(Decimal("24000.01"))
        award = _paper(case, "award_non_final")
        worker = _serve_electronically(cast, award, _party(case, PartySide.APPLICANT))
        employer = _serve_electronically(cast, award, _party(case, PartySide.RESPONDENT))
        _open_on(worker, "2026-03-30 10:00 +0800")
        assert _live(case, "court_suit").started_on == date(2026, 3, 30)
        _open_on(employer, "2026-03-31 10:00 +0800")
        court = _live(case, "court_suit")
        assert (court.started_on, court.due_on) == (date(2026, 3, 31), date(2026, 4, 15))
        assert not Deadline.objects.filter(case=case, rule_code="revocation_suit").exists()

    def test_a_final_award_gives_the_worker_fifteen_days_to_sue_and_the_employer_thirty_to_apply_to_revoke(
        self, cast, signed
    ):
        case = signed(Decimal("24000.00"))
        award = _paper(case, "award_final")
        _open_on(
            _serve_electronically(cast, award, _party(case, PartySide.APPLICANT)), "2026-03-30 10:00 +0800"
        )
        _open_on(
            _serve_electronically(cast, award, _party(case, PartySide.RESPONDENT)), "2026-03-31 10:00 +0800"
        )
        court, revocation = _live(case, "court_suit"), _live(case, "revocation_suit")
        assert (court.started_on, court.due_on) == (date(2026, 3, 30), date(2026, 4, 14))
        assert (revocation.started_on, revocation.due_on) == (date(2026, 3, 31), date(2026, 4, 30))

    def test_closing_the_case_keeps_the_periods_counted_from_the_recorded_service(self, cast, signed):
        case = signed(Decimal("24000.01"))
        award = _paper(case, "award_non_final")
        _open_on(
            _serve_electronically(cast, award, _party(case, PartySide.APPLICANT)), "2026-03-30 10:00 +0800"
        )
        _open_on(
            _serve_electronically(cast, award, _party(case, PartySide.RESPONDENT)), "2026-03-31 10:00 +0800"
        )
        with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
            services.serve_award(case=case, actor=cast.clerk, on=date(2026, 4, 1), method="electronic")
        case.refresh_from_db()
        assert case.status == "closed_award"
        assert _live(case, "court_suit").started_on == date(2026, 3, 31)  # not the act's date
        assert not Deadline.objects.filter(case=case, rule_code="award", state=DeadlineState.RUNNING).exists()

    def test_an_award_served_by_hand_counts_from_the_date_the_clerk_records(self, cast, signed):
        case = signed(Decimal("24000.00"))
        with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
            services.serve_award(case=case, actor=cast.clerk, on=date(2026, 3, 31), method="personal")
        assert _live(case, "court_suit").started_on == date(2026, 3, 31)
        assert _live(case, "revocation_suit").due_on == date(2026, 4, 30)


class TestMediationStatementTakesEffectWhenBothHaveSigned:
    def test_the_effect_is_recorded_once_the_second_party_has_signed_for_it(self, cast, in_defence):
        from medarb.cases import workflow

        workflow.fire(case=in_defence, transition="open_evidence_period", actor=cast.clerk)
        workflow.fire(case=in_defence, transition="start_mediation", actor=cast.clerk)
        services.issue_mediation_statement(
            case=in_defence,
            actor=cast.clerk,
            terms="被申请人支付工资10,000元。",
            applicant_signed_on=TODAY,
            respondent_signed_on=TODAY,
        )
        statement = _paper(in_defence, "mediation_statement")
        first = _serve_electronically(cast, statement, _party(in_defence, PartySide.APPLICANT))
        second = _serve_electronically(cast, statement, _party(in_defence, PartySide.RESPONDENT))
        _open_on(first, "2026-03-03 10:00 +0800")
        assert not in_defence.timeline.filter(kind="mediation_statement_effective").exists()
        _open_on(second, "2026-03-04 10:00 +0800")
        _open_on(second, "2026-03-05 10:00 +0800")  # opening again changes nothing
        (entry,) = in_defence.timeline.filter(kind="mediation_statement_effective")
        assert entry.data["effective_on"] == "2026-03-04"
