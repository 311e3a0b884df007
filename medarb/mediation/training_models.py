"""Mediator online training: courses, lessons, quizzes, completions and assignments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.models import StoredFile
from medarb.orgs.models import Unit


class Course(models.Model):
    title = models.CharField(_("课程名称"), max_length=120)
    summary = models.TextField(_("简介"), blank=True)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("开设单位"), on_delete=models.PROTECT, related_name="+"
    )
    pass_score = models.PositiveSmallIntegerField(_("及格分（百分制）"), default=60)
    is_published = models.BooleanField(_("已发布"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("课时名称"), max_length=120)
    body = models.TextField(_("正文"), blank=True)
    attachment = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    video = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["course_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A single-choice question; `choices` is a list of strings, `answer` the right index."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("题目"), max_length=300)
    choices = models.JSONField(default=list)
    answer = models.PositiveSmallIntegerField()
    points = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["course_id", "position", "id"]

    def __str__(self) -> str:
        return self.text


class LessonView(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="lesson_view_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_id}"


class QuizAttempt(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()  # percent
    passed = models.BooleanField()
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.score}"


class Completion(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    completed_at = models.DateTimeField()
    certificate_no = models.CharField(max_length=40, unique=True)
    certificate = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="completion_once")]

    def __str__(self) -> str:
        return self.certificate_no


class CourseAssignment(models.Model):
    """A unit head makes a course mandatory for the mediators of a unit (and units below)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "unit"], name="assignment_once")]

    def __str__(self) -> str:
        return f"{self.course_id} → {self.unit_id}"
