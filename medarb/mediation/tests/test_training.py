import pytest

from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import read_bytes
from medarb.mediation import training
from medarb.mediation.training_models import Completion, CourseAssignment


@pytest.fixture
def course(cast):
    course = training.create_course(
        actor=cast.chair, owner_unit=cast.district, title="劳动争议调解实务", pass_score=60
    )
    training.add_lesson(actor=cast.chair, course=course, title="调解程序", body="受理、调解、协议。")
    training.add_lesson(
        actor=cast.chair,
        course=course,
        title="工资争议",
        body="……",
        attachment=(b"%PDF-1.4 test", "讲义.pdf"),
    )
    training.add_question(
        actor=cast.chair, course=course, text="调解期限是几日？", choices=["5", "15", "45"], answer=1
    )
    training.add_question(
        actor=cast.chair, course=course, text="协议由谁盖章？", choices=["调解组织", "法院"], answer=0
    )
    return course


def answers(course, right: bool = True):
    return {q.pk: (q.answer if right else (q.answer + 1) % len(q.choices)) for q in course.questions.all()}


class TestCourseCompletion:
    def test_passing_after_all_lessons_completes_with_a_pdf_certificate(self, cast, course):
        for lesson in course.lessons.all():
            training.view_lesson(user=cast.street_mediator, lesson=lesson)
        attempt = training.submit_quiz(user=cast.street_mediator, course=course, answers=answers(course))
        assert attempt.score == 100 and attempt.passed
        completion = Completion.objects.get(course=course, user=cast.street_mediator)
        assert read_bytes(completion.certificate).startswith(b"%PDF-")

    def test_failing_the_quiz_records_the_attempt_without_completion(self, cast, course):
        for lesson in course.lessons.all():
            training.view_lesson(user=cast.street_mediator, lesson=lesson)
        attempt = training.submit_quiz(
            user=cast.street_mediator, course=course, answers=answers(course, right=False)
        )
        assert attempt.score == 0 and not attempt.passed
        assert not Completion.objects.exists()

    def test_passing_before_reading_every_lesson_does_not_complete(self, cast, course):
        training.submit_quiz(user=cast.street_mediator, course=course, answers=answers(course))
        assert not Completion.objects.exists()

    def test_an_unanswered_question_is_refused(self, cast, course):
        with pytest.raises(DomainError, match="未作答"):
            training.submit_quiz(user=cast.street_mediator, course=course, answers={})

    def test_a_video_must_really_be_a_video(self, cast, course):
        with pytest.raises(DomainError, match="视频"):
            training.add_lesson(actor=cast.chair, course=course, title="录像", video=(b"%PDF-1.4", "x.mp4"))


class TestMandatoryCourses:
    def test_a_unit_head_assigns_and_sees_who_completed(self, cast, course):
        training.assign_course(actor=cast.chair, course=course, unit=cast.district)
        assert CourseAssignment.objects.count() == 1
        assert course in training.mandatory_courses_for(cast.community_mediator)
        training.complete_course(user=cast.street_mediator, course=course, score=90)
        rows = {r.person: r for r in training.completion_report(user=cast.chair)}
        assert rows[cast.street_mediator].completion is not None
        assert rows[cast.community_mediator].completion is None
        assert cast.arbitrator not in rows  # only mediators are required

    def test_a_mediator_cannot_assign_courses(self, cast, course):
        with pytest.raises(NotAllowed):
            training.assign_course(actor=cast.street_mediator, course=course, unit=cast.street_a)

    def test_the_quiz_page_scores_and_offers_the_certificate(self, cast, course, client):
        client.force_login(cast.street_mediator)
        for lesson in course.lessons.all():
            assert client.get(f"/mediation/training/lessons/{lesson.pk}/").status_code == 200
        data = {f"q{q}": a for q, a in answers(course).items()}
        response = client.post(f"/mediation/training/{course.pk}/quiz/", data)
        assert response.status_code == 302
        certificate = client.get(f"/mediation/training/{course.pk}/certificate.pdf")
        assert b"".join(certificate.streaming_content).startswith(b"%PDF-")
