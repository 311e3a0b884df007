from datetime import date

import pytest
import time_machine
from django.utils import timezone

from medarb.cases.models import Channel
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.mediation import services
from medarb.mediation.models import MediationFile, Outcome
from medarb.mediation.tests.helpers import case_input, register
from medarb.orgs.models import Role
from medarb.procedure.clocks import deadlines_for
from medarb.testing import make_staff


class TestOralRegistration:
    def test_an_oral_application_keeps_the_structured_record(self, cast):
        oral = services.OralRecord(
            statement="申请人称公司拖欠8月至10月工资。", place="东湖街道调解室", confirmed=True
        )
        case = services.register_mediation(
            actor=cast.street_mediator, data=case_input(cast.street_a, channel=Channel.ORAL), oral=oral
        )
        mfile = MediationFile.objects.get(case=case)
        assert case.status == "registered"
        assert mfile.level == "street"
        assert mfile.oral_statement.startswith("申请人称")
        assert mfile.oral_confirmed
        assert mfile.mediator == cast.street_mediator

    def test_an_oral_application_without_a_record_is_refused_and_nothing_is_saved(self, cast):
        with pytest.raises(DomainError, match="口头申请"):
            services.register_mediation(
                actor=cast.street_mediator, data=case_input(cast.street_a, channel=Channel.ORAL)
            )
        assert not MediationFile.objects.exists()

    def test_an_unconfirmed_oral_record_is_refused(self, cast):
        oral = services.OralRecord(statement="……", confirmed=False)
        with pytest.raises(DomainError, match="确认"):
            services.register_mediation(
                actor=cast.street_mediator, data=case_input(cast.street_a, channel=Channel.ORAL), oral=oral
            )


class TestAcceptanceByTheUnitHead:
    def test_a_mediator_of_a_unit_without_a_chair_decides(self, cast):
        case = register(cast.street_mediator, cast.street_a)
        services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)
        case.refresh_from_db()
        assert case.status == "accepted"
        assert MediationFile.objects.get(case=case).decided_by == cast.street_mediator

    def test_where_the_unit_has_a_chair_only_the_chair_decides(self, cast):
        head = make_staff("shead", "街道主任", cast.street_a, Role.CHAIR)
        case = register(cast.street_mediator, cast.street_a)
        with pytest.raises(NotAllowed, match="负责人"):
            services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)
        services.accept_mediation(case=case, actor=head, decided_on=case.received_on)
        case.refresh_from_db()
        assert case.status == "accepted"

    def test_an_accepted_case_is_numbered_in_its_units_mediation_series(self, cast):
        first, second, refused = (register(cast.street_mediator, cast.street_a) for _ in range(3))
        assert first.display_number.startswith("（收件")
        for case in (first, second):
            services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)
        services.refuse_mediation(
            case=refused, actor=cast.street_mediator, decided_on=refused.received_on, reason="一方拒绝调解"
        )
        for case in (first, second, refused):
            case.refresh_from_db()
        prefix = cast.street_a.case_prefix or cast.street_a.short_name or cast.street_a.name
        year = first.received_on.year
        assert first.number == f"{prefix}劳人调字〔{year}〕第1号"
        assert second.number == f"{prefix}劳人调字〔{year}〕第2号"
        assert not refused.number and refused.display_number.startswith("（收件")  # no number for a refusal

    def test_a_unit_sets_its_own_mediation_number_format(self, cast):
        from medarb.cases.models import CaseNumberFormat

        CaseNumberFormat.objects.create(
            unit=cast.street_a, kind="mediation", template="东湖调〔{year}〕{seq}号", seq_width=3
        )
        case = register(cast.street_mediator, cast.street_a)
        services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)
        case.refresh_from_db()
        assert case.number == f"东湖调〔{case.received_on.year}〕001号"

    def test_a_mediator_of_another_unit_cannot_decide(self, cast):
        case = register(cast.street_mediator, cast.street_a)
        with pytest.raises(NotAllowed):
            services.accept_mediation(case=case, actor=cast.street_b_mediator, decided_on=case.received_on)
        case.refresh_from_db()
        assert case.status == "registered"

    def test_refusal_needs_a_reason_and_is_recorded(self, cast):
        case = register(cast.street_mediator, cast.street_a)
        with pytest.raises(DomainError, match="理由"):
            services.refuse_mediation(
                case=case, actor=cast.street_mediator, decided_on=case.received_on, reason=" "
            )
        services.refuse_mediation(
            case=case, actor=cast.street_mediator, decided_on=case.received_on, reason="一方明确拒绝调解"
        )
        case.refresh_from_db()
        mfile = MediationFile.objects.get(case=case)
        assert case.status == "refused" and case.closed_on
        assert mfile.outcome == Outcome.REFUSED and mfile.refusal_reason == "一方明确拒绝调解"
        assert all(d.state != "running" for d in deadlines_for(case, include_closed=True))

    def test_accepting_twice_is_refused_as_out_of_order(self, cast):
        case = register(cast.street_mediator, cast.street_a)
        services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)
        with pytest.raises(ProcedureError):
            services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)


class TestFifteenDayLimit:
    @time_machine.travel("2026-09-21 10:00 +0800", tick=False)
    def test_a_limit_ending_in_the_national_day_holiday_rolls_to_the_next_working_day(self, cast):
        case = register(cast.street_mediator, cast.street_a, received_on=date(2026, 9, 20))
        (limit,) = [d for d in deadlines_for(case) if d.code == "mediation_limit"]
        # 20 Sep + 15 natural days = 5 Oct, inside the 1–7 Oct holiday → Thursday 8 Oct.
        assert limit.due_on == date(2026, 10, 8)

    @time_machine.travel("2026-09-26 10:00 +0800", tick=False)
    def test_a_limit_ending_on_an_adjusted_working_saturday_stays_there(self, cast):
        case = register(cast.street_mediator, cast.street_a, received_on=date(2026, 9, 25))
        (limit,) = [d for d in deadlines_for(case) if d.code == "mediation_limit"]
        assert limit.due_on == date(2026, 10, 10)

    @time_machine.travel("2026-09-21 10:00 +0800", tick=False)
    def test_an_extension_needs_both_parties_and_adds_natural_days(self, cast):
        case = register(cast.street_mediator, cast.street_a, received_on=date(2026, 9, 20))
        services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=date(2026, 9, 21))
        with pytest.raises(ProcedureError, match="双方"):
            services.extend_mediation(
                case=case,
                actor=cast.street_mediator,
                days=10,
                applicant_agrees=True,
                respondent_agrees=False,
                agreed_on=timezone.localdate(),
            )
        services.extend_mediation(
            case=case,
            actor=cast.street_mediator,
            days=10,
            applicant_agrees=True,
            respondent_agrees=True,
            agreed_on=timezone.localdate(),
        )
        (limit,) = [d for d in deadlines_for(case) if d.code == "mediation_limit"]
        assert limit.due_on == date(2026, 10, 15)  # 20 Sep + 25 days
        case.refresh_from_db()
        assert case.status == "accepted"
        with pytest.raises(DomainError, match="最多"):
            services.extend_mediation(
                case=case,
                actor=cast.street_mediator,
                days=6,
                applicant_agrees=True,
                respondent_agrees=True,
                agreed_on=timezone.localdate(),
            )

    def test_the_limit_shows_as_a_to_do_for_the_unit_once_accepted(self, cast):
        from medarb.procedure.todos import tasks_for

        case = register(cast.street_mediator, cast.street_a)
        services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=case.received_on)
        assert tasks_for(cast.street_mediator).filter(case=case).exists()
        assert not tasks_for(cast.street_b_mediator).filter(case=case).exists()
