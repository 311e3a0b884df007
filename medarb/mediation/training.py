"""Mediator online training: authoring, lessons viewed, quizzes scored, completions with a PDF
certificate, and mandatory courses assigned by unit heads with a completion report."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import sniff, store_bytes
from medarb.mediation.training_models import (
    Completion,
    Course,
    CourseAssignment,
    Lesson,
    LessonView,
    Question,
    QuizAttempt,
)
from medarb.orgs.models import Role, Unit
from medarb.orgs.selectors import active_memberships

MANAGER_ROLES = frozenset({Role.CHAIR, Role.UNIT_ADMIN})
VIDEO_TYPES = frozenset({"video/mp4", "video/webm"})


def managed_units(user) -> list[Unit]:
    """Units whose heads (chair, unit administrator) the user is."""
    return [m.unit for m in active_memberships(user) if m.role in MANAGER_ROLES]


def can_manage(user, unit: Unit) -> bool:
    return any(unit.is_within(own) for own in managed_units(user))


def _require_manager(actor, unit: Unit) -> None:
    if not can_manage(actor, unit):
        raise NotAllowed(_("只有单位负责人或管理员可以管理培训课程。"))


@transaction.atomic
def create_course(*, actor, owner_unit: Unit, title: str, summary: str = "", pass_score: int = 60) -> Course:
    _require_manager(actor, owner_unit)
    if not title.strip():
        raise DomainError(_("请填写课程名称。"), field="title")
    if not 0 < pass_score <= 100:
        raise DomainError(_("及格分应在 1 至 100 之间。"), field="pass_score")
    course = Course.objects.create(
        owner_unit=owner_unit, title=title.strip(), summary=summary.strip(), pass_score=pass_score
    )
    record(actor=actor, action=AuditAction.CREATE, obj=course, summary="create course")
    return course


@transaction.atomic
def add_lesson(
    *,
    actor,
    course: Course,
    title: str,
    body: str = "",
    attachment: tuple[bytes, str] | None = None,
    video: tuple[bytes, str] | None = None,
) -> Lesson:
    """A lesson of text, with an optional attachment (PDF/Word/image) and video (MP4/WebM)."""
    _require_manager(actor, course.owner_unit)
    if not title.strip():
        raise DomainError(_("请填写课时名称。"), field="title")
    stored = {}
    for name, value, allowed in (("attachment", attachment, None), ("video", video, VIDEO_TYPES)):
        if value is None:
            continue
        data, filename = value
        sniffed = sniff(data)
        if sniffed is None or (allowed and sniffed.kind not in allowed):
            message = _("视频请上传 MP4 或 WebM 文件。") if allowed else _("不支持该附件类型。")
            raise DomainError(message, field=name)
        stored[name] = store_bytes(data=data, name=filename, content_type=sniffed.content_type, actor=actor)
    return Lesson.objects.create(
        course=course, position=course.lessons.count(), title=title.strip(), body=body.strip(), **stored
    )


@transaction.atomic
def add_question(
    *, actor, course: Course, text: str, choices: list[str], answer: int, points: int = 10
) -> Question:
    _require_manager(actor, course.owner_unit)
    choices = [c.strip() for c in choices if c.strip()]
    if not text.strip():
        raise DomainError(_("请填写题目。"), field="text")
    if len(choices) < 2:
        raise DomainError(_("至少需要两个选项。"), field="choices")
    if not 0 <= answer < len(choices):
        raise DomainError(_("正确答案须是选项之一。"), field="answer")
    if points < 1:
        raise DomainError(_("分值须大于零。"), field="points")
    return Question.objects.create(
        course=course,
        position=course.questions.count(),
        text=text.strip(),
        choices=choices,
        answer=answer,
        points=points,
    )


def view_lesson(*, user, lesson: Lesson) -> None:
    try:
        with transaction.atomic():
            LessonView.objects.get_or_create(lesson=lesson, user=user)
    except IntegrityError:  # viewed twice at once
        pass


def lessons_left(*, user, course: Course) -> list[Lesson]:
    seen = set(
        LessonView.objects.filter(user=user, lesson__course=course).values_list("lesson_id", flat=True)
    )
    return [lesson for lesson in course.lessons.all() if lesson.pk not in seen]


@transaction.atomic
def submit_quiz(*, user, course: Course, answers: dict[int, int]) -> QuizAttempt:
    """Score the quiz (percent of points); passing after all lessons completes the course."""
    questions = list(course.questions.all())
    if not questions:
        raise DomainError(_("该课程没有测验题。"))
    missing = [q for q in questions if q.pk not in answers]
    if missing:
        raise DomainError(_("还有 %(n)s 道题未作答。") % {"n": len(missing)}, field="answers")
    earned = sum(q.points for q in questions if answers.get(q.pk) == q.answer)
    possible = sum(q.points for q in questions)
    score = round(earned * 100 / possible)
    passed = score >= course.pass_score
    attempt = QuizAttempt.objects.create(
        course=course, user=user, answers={str(k): v for k, v in answers.items()}, score=score, passed=passed
    )
    if passed and not lessons_left(user=user, course=course):
        complete_course(user=user, course=course, score=score)
    return attempt


@transaction.atomic
def complete_course(*, user, course: Course, score: int) -> Completion:
    from medarb.mediation.documents import render_certificate_pdf

    existing = Completion.objects.filter(course=course, user=user).first()
    if existing is not None:
        return existing
    now = timezone.now()
    completion = Completion.objects.create(
        course=course,
        user=user,
        score=score,
        completed_at=now,
        certificate_no=f"PX{timezone.localtime(now):%Y%m%d}{secrets.token_hex(3).upper()}",
    )
    pdf = render_certificate_pdf(completion)
    completion.certificate = store_bytes(
        data=pdf, name=f"结业证书-{completion.certificate_no}.pdf", content_type="application/pdf", actor=user
    )
    completion.save(update_fields=["certificate"])
    record(actor=user, action=AuditAction.CREATE, obj=completion, summary=f"course completed {course.pk}")
    return completion


@transaction.atomic
def assign_course(*, actor, course: Course, unit: Unit, due_on: date | None = None) -> CourseAssignment:
    """Make a course mandatory for the mediators of `unit` and the units below it."""
    _require_manager(actor, unit)
    if due_on is not None and due_on < timezone.localdate():
        raise DomainError(_("完成期限不能早于今天。"), field="due_on")
    assignment, _created = CourseAssignment.objects.update_or_create(
        course=course, unit=unit, defaults={"due_on": due_on, "assigned_by": actor}
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assignment,
        summary=f"assign course {course.pk} to unit {unit.pk}",
    )
    return assignment


def mandatory_courses_for(user) -> QuerySet[Course]:
    paths = [m.unit.path for m in active_memberships(user)]
    ids = {int(p) for path in paths for p in path.strip("/").split("/") if p}
    return Course.objects.filter(assignments__unit_id__in=ids).distinct()


@dataclass(frozen=True)
class ReportRow:
    person: object
    unit: Unit
    course: Course
    due_on: date | None
    completion: Completion | None

    @property
    def overdue(self) -> bool:
        return self.completion is None and self.due_on is not None and self.due_on < timezone.localdate()


def completion_report(*, user) -> list[ReportRow]:
    """For each mandatory course assigned in the head's units: each mediator below, done or not."""
    units = managed_units(user)
    if not units:
        return []
    from django.db.models import Q

    where = Q(pk__in=[])
    for unit in units:
        where |= Q(unit__path__startswith=unit.path)
    assignments = list(CourseAssignment.objects.filter(where).select_related("course", "unit"))
    User = get_user_model()
    rows = []
    completions = {
        (c.course_id, c.user_id): c
        for c in Completion.objects.filter(course_id__in=[a.course_id for a in assignments])
    }
    for assignment in assignments:
        people = (
            User.objects.filter(
                memberships__role=Role.MEDIATOR,
                memberships__is_active=True,
                memberships__unit__path__startswith=assignment.unit.path,
            )
            .distinct()
            .order_by("full_name")
        )
        for person in people:
            rows.append(
                ReportRow(
                    person,
                    assignment.unit,
                    assignment.course,
                    assignment.due_on,
                    completions.get((assignment.course_id, person.pk)),
                )
            )
    return rows
