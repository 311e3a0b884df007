from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.files import read_bytes
from medarb.core.sms import ConsoleBackend
from medarb.hearings.models import Sitting, SittingState
from medarb.mediation import services
from medarb.mediation.models import AgreementStatus, MediationFile, Outcome, SessionStatus, SignerRole
from medarb.mediation.selectors import current_agreement, missing_signers
from medarb.mediation.tests.helpers import (
    accepted,
    data_url,
    draft,
    in_session,
    next_working_morning,
    png,
    sign_all,
)


class TestSessions:
    def test_several_sessions_are_numbered_and_the_first_opens_the_mediation(self, cast):
        case, first = in_session(cast.street_mediator, cast.street_a)
        second = services.schedule_session(
            case=case,
            actor=cast.street_mediator,
            starts_at=next_working_morning(hour=14),
            minutes=60,
            place="企业会议室",
        )
        case.refresh_from_db()
        assert (first.seq, second.seq) == (1, 2)
        assert case.status == "in_session"
        assert first.sitting_id and second.sitting_id

    def test_a_room_clash_with_another_case_is_refused_naming_the_other_entry(self, cast):
        case, session = in_session(cast.street_mediator, cast.street_a)
        other = accepted(cast.street_mediator, cast.street_a, amount="5000.00")
        with pytest.raises(DomainError) as refused:
            services.schedule_session(
                case=other,
                actor=cast.street_mediator,
                starts_at=session.starts_at + timedelta(minutes=30),
                minutes=60,
                room=session.room,
            )
        assert case.display_number in refused.value.message or "冲突" in refused.value.message
        other.refresh_from_db()
        assert other.status == "accepted"

    def test_the_record_keeps_attendance_positions_proposals_and_outcome(self, cast):
        case, session = in_session(cast.street_mediator, cast.street_a)
        with time_machine.travel(session.starts_at + timedelta(minutes=50)):
            services.record_session(
                session=session,
                actor=cast.street_mediator,
                attendees=list(case.parties.all()),
                applicant_position="要求支付全部工资8000元",
                respondent_position="同意支付7000元",
                proposals="分两期支付",
                outcome="agreement",
            )
        session.refresh_from_db()
        assert session.status == SessionStatus.HELD
        assert session.attendees.count() == 2
        assert session.respondent_position == "同意支付7000元"
        # The sitting in the shared schedule is held too, not left "已安排".
        assert Sitting.objects.get(pk=session.sitting_id).state == SittingState.HELD

    def test_a_session_that_has_not_begun_cannot_be_recorded_as_held(self, cast):
        case, session = in_session(cast.street_mediator, cast.street_a)
        with pytest.raises(ProcedureError, match="开始时间未到"):
            services.record_session(
                session=session,
                actor=cast.street_mediator,
                attendees=list(case.parties.all()),
                applicant_position="要求支付全部工资8000元",
                respondent_position="同意支付7000元",
                outcome="agreement",
            )
        session.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED and session.attendees.count() == 0
        assert Sitting.objects.get(pk=session.sitting_id).state == SittingState.SCHEDULED

    def test_a_record_without_positions_is_refused_and_nothing_is_lost(self, cast):
        _case, session = in_session(cast.street_mediator, cast.street_a)
        with time_machine.travel(session.starts_at), pytest.raises(DomainError, match="双方的意见"):
            services.record_session(
                session=session,
                actor=cast.street_mediator,
                attendees=[],
                applicant_position="",
                respondent_position="",
                outcome="continue",
            )
        session.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED


class TestAgreement:
    def test_an_agreement_cannot_be_drafted_before_a_session(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        with pytest.raises(ProcedureError):
            draft(case, cast.street_mediator)

    def test_signing_needs_every_party_and_the_mediator_before_the_seal(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        applicant = case.parties.get(side="applicant")
        services.sign_agreement(
            agreement=agreement,
            actor=cast.street_mediator,
            role="applicant",
            party=applicant,
            image=data_url(3),
        )
        assert missing_signers(agreement) == ["某电子有限公司", "调解员"]
        with pytest.raises(ProcedureError, match="尚未签名"):
            services.seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
        case.refresh_from_db()
        assert case.status == "agreement_signing"

    def test_each_signature_keeps_image_signer_time_and_text_hash(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        party = case.parties.get(side="respondent")
        signature = services.sign_agreement(
            agreement=agreement, actor=cast.street_mediator, role="respondent", party=party, image=png(seed=4)
        )
        assert signature.text_hash == agreement.text_hash
        assert read_bytes(signature.image).startswith(b"\x89PNG")
        assert signature.signer_name == "某电子有限公司" and signature.signed_at

    def test_an_empty_or_broken_signature_is_refused_and_nothing_is_saved(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        party = case.parties.get(side="applicant")
        for bad in ("", "data:image/png;base64,!!!", "data:image/png;base64,iVBORw0KGgo="):
            with pytest.raises(DomainError):
                services.sign_agreement(
                    agreement=agreement, actor=cast.street_mediator, role="applicant", party=party, image=bad
                )
        assert not agreement.signatures.exists()

    def test_only_a_mediator_of_the_unit_signs_as_mediator(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        with pytest.raises(NotAllowed):
            services.sign_agreement(
                agreement=agreement, actor=cast.street_b_mediator, role=SignerRole.MEDIATOR, image=data_url()
            )

    def test_sealing_makes_the_agreement_effective_with_a_pdf_and_stops_the_limit(self, cast):
        from medarb.procedure.clocks import deadlines_for

        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        sign_all(agreement, cast.street_mediator)
        services.seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
        agreement.refresh_from_db()
        case.refresh_from_db()
        assert agreement.status == AgreementStatus.EFFECTIVE
        assert read_bytes(agreement.pdf).startswith(b"%PDF-")
        assert case.status == "performance"
        assert not [d for d in deadlines_for(case) if d.code == "mediation_limit" and d.state == "running"]
        assert MediationFile.objects.get(case=case).outcome == Outcome.AGREEMENT

    def test_a_redraft_voids_the_signatures_on_the_old_text(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        first = draft(case, cast.street_mediator)
        services.sign_agreement(
            agreement=first,
            actor=cast.street_mediator,
            role="applicant",
            party=case.parties.get(side="applicant"),
            image=data_url(),
        )
        second = draft(case, cast.street_mediator, due_in_days=20)
        first.refresh_from_db()
        assert first.status == AgreementStatus.VOID
        assert current_agreement(case) == second
        assert second.text_hash != first.text_hash
        assert not second.signatures.exists()


class TestPerformance:
    def _effective(self, cast, due_in_days=5):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator, due_in_days=due_in_days)
        sign_all(agreement, cast.street_mediator)
        services.seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
        return case, agreement

    def test_recording_the_last_term_closes_the_case_as_mediated(self, cast):
        case, agreement = self._effective(cast)
        term = agreement.terms.get()
        services.record_performance(term=term, actor=cast.street_mediator, performed_on=timezone.localdate())
        case.refresh_from_db()
        assert case.status == "closed_agreement" and case.closed_on

    def test_terms_falling_due_are_reminded_once_a_day(self, cast, django_capture_on_commit_callbacks):
        case, _agreement = self._effective(cast, due_in_days=2)
        today = timezone.localdate()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_performance_reminders(today=today) == 1
            assert ConsoleBackend.outbox == []  # nothing leaves before the commit
        assert len(ConsoleBackend.outbox) == 2  # both parties
        assert services.send_performance_reminders(today=today) == 0
        assert case.timeline.filter(kind="performance_reminder").count() == 1

    def test_a_breach_before_the_due_date_is_refused(self, cast):
        case, agreement = self._effective(cast, due_in_days=5)
        with pytest.raises(DomainError, match="届满"):
            services.record_breach(
                case=case, actor=cast.street_mediator, term=agreement.terms.get(), on=timezone.localdate()
            )

    def test_a_breach_hands_the_case_to_arbitration_in_one_step(self, cast):
        import time_machine

        case, agreement = self._effective(cast, due_in_days=3)
        term = agreement.terms.get()
        with time_machine.travel(timezone.now() + timedelta(days=10)):
            arbitration = services.record_breach(
                case=case, actor=cast.street_mediator, term=term, on=timezone.localdate()
            )
        case.refresh_from_db()
        assert case.status == "handed_to_arbitration"
        assert arbitration.kind == "arbitration" and arbitration.unit == cast.district
        link = case.links_out.get()
        assert link.kind == "breach"
        assert any(e["title"] == "调解协议书" for e in link.data["evidence"])
        mfile = MediationFile.objects.get(case=case)
        assert mfile.outcome == Outcome.AGREEMENT and mfile.handed_over


class TestRoutes:
    def test_arbitral_review_must_be_filed_within_fifteen_days(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        agreement = draft(case, cast.street_mediator)
        sign_all(agreement, cast.street_mediator)
        services.seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
        with pytest.raises(DomainError, match="15日"):
            services.record_route(
                case=case,
                actor=cast.street_mediator,
                kind="arbitral_review",
                body="鹭湖区仲裁院",
                filed_on=timezone.localdate() + timedelta(days=40),
            )
        route = services.record_route(
            case=case,
            actor=cast.street_mediator,
            kind="judicial_confirmation",
            body="鹭湖区人民法院",
            filed_on=timezone.localdate(),
        )
        services.decide_route(
            route=route,
            actor=cast.street_mediator,
            result="confirmed",
            decided_on=timezone.localdate(),
            reference="（2026）确字第1号",
        )
        route.refresh_from_db()
        assert route.result == "confirmed"

    def test_routes_need_an_effective_agreement(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        with pytest.raises(ProcedureError):
            services.record_route(
                case=case,
                actor=cast.street_mediator,
                kind="payment_order",
                body="法院",
                filed_on=timezone.localdate(),
            )
