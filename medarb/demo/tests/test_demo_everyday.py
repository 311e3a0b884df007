"""The everyday objects of the demo (`medarb/demo/everyday.py`), each in the state that gives
its page something to show."""

import pytest
from django.utils import timezone

from medarb.accounts.models import User
from medarb.appointments.models import Booking, BookingState
from medarb.demo import district
from medarb.mediation.models import AgreementStatus, FollowUpRoute, Referral, ReferralKind, RouteResult
from medarb.mediation.selectors import current_agreement, missing_signers
from medarb.mediation.training import mandatory_courses_for
from medarb.mediation.training_models import Course
from medarb.portal.models import ApplicationSubmission, Question, QuestionState, SubmissionState

pytestmark = pytest.mark.django_db


def worker() -> User:
    return User.objects.get(username=f"demo_{district.WORKER['phone']}")


class TestMediationAtTheStreetRoom:
    def test_an_agreement_awaits_the_employers_and_the_mediators_signatures(self, demo):
        case = next(c for c in demo.cases if c.kind == "mediation" and c.status == "agreement_signing"
                    and current_agreement(c) is not None)  # fmt: skip
        agreement = current_agreement(case)

        assert agreement.status == AgreementStatus.SIGNING
        assert agreement.signatures.count() == 1 and len(missing_signers(agreement)) == 2
        assert demo.case_units[case.pk] == "street:luhu"

    def test_a_sealed_agreement_waits_for_the_courts_judicial_confirmation(self, demo):
        route = FollowUpRoute.objects.get()

        assert route.result == RouteResult.PENDING and route.body == district.COURT
        assert route.agreement.status == AgreementStatus.EFFECTIVE and route.agreement.pdf_id
        assert route.case.status == "performance" and route.case.pk in demo.case_units


class TestGuidanceRequests:
    def test_one_request_to_the_district_is_open_and_one_is_answered(self, demo):
        guidance = Referral.objects.filter(kind=ReferralKind.GUIDANCE, to_unit=demo.units["district"])

        assert sorted(guidance.values_list("status", flat=True)) == ["answered", "open"]
        assert all(demo.case_units[r.case_id].startswith("street:") for r in guidance)
        assert all(r.share_id for r in guidance)


class TestTraining:
    def test_the_street_rooms_have_a_mandatory_course_with_lessons_and_a_quiz(self, demo):
        street_mediator = User.objects.get(username="luhu_mediator")
        mandatory = list(mandatory_courses_for(street_mediator))

        assert len(mandatory) == 1 and Course.objects.count() == 2
        assert mandatory[0].lessons.count() >= 3 and mandatory[0].questions.count() >= 3
        assert not mandatory_courses_for(User.objects.get(username="mediator")).exists()


class TestTheFilingWindow:
    def test_questions_were_handed_over_and_one_is_answered_with_the_asker_told(self, demo):
        answered = Question.objects.get(state=QuestionState.ANSWERED)

        assert Question.objects.filter(state=QuestionState.OPEN).count() == 2
        assert answered.asker == worker() and answered.asker_notified_at and answered.answered_by

    def test_the_demo_worker_has_a_booking_on_a_coming_working_day(self, demo):
        booking = Booking.objects.get(user=worker())

        assert booking.state == BookingState.BOOKED and booking.day > timezone.localdate()


class TestTheOnlineApplication:
    def test_the_demo_workers_application_was_read_and_filed_after_a_broken_upload(self, demo):
        failed, done = ApplicationSubmission.objects.filter(user=worker()).order_by("pk")

        assert failed.state == SubmissionState.FAILED and failed.reason and failed.photo_id is None
        assert done.state == SubmissionState.DONE and done.photo_id is None
        case = done.case
        assert (
            case.channel == "online"
            and case.status == "application_received"
            and case.unit == demo.units["district"]
        )
        assert case.online_application.user == worker()
        assert case.pk in demo.party_cases[district.WORKER["phone"]]
        methods = set(case.parties.get(user=worker()).identity_checks.values_list("method", flat=True))
        assert methods == {"id_number", "id_card_ocr", "sms_code"}


class TestVideo:
    def test_the_demo_worker_is_invited_to_a_meeting_of_a_coming_sitting(self, demo):
        from medarb.meetings.models import Meeting

        meeting = Meeting.objects.open().get()
        assert meeting.sitting.starts_at >= timezone.now()
        invited = [a.party.phone for a in meeting.attendees.filter(party__isnull=False)]
        assert district.WORKER["phone"] in invited or district.EMPLOYER["phone"] in invited

    def test_the_districts_guidance_duty_is_set_for_a_fortnight_with_arb_lin_today(self, demo):
        from medarb.meetings.models import Duty
        from medarb.meetings.selectors import duties_of

        assert [u.name for u in duties_of(User.objects.get(username="arb_lin"))] == [
            demo.units["district"].name
        ]
        days = set(Duty.objects.values_list("day", flat=True))
        assert len(days) == 14 and Duty.objects.count() == 28
        assert all(
            duty.assigned_by.username == "admin" for duty in Duty.objects.select_related("assigned_by")
        )


class TestFaceChecks:
    def test_one_worker_passed_at_the_window_and_another_waits_for_review(self, demo):
        from medarb.identity.models import FaceReview, IdentityCheck, ReviewState

        checks = IdentityCheck.objects.filter(method="face").order_by("pk")
        assert [c.passed for c in checks] == [True, False]
        assert all(c.checked_by.username == "filing" for c in checks)
        assert FaceReview.objects.get().state == ReviewState.PENDING
