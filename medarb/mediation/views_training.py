"""Mediator online training pages: courses, lessons, quiz, certificate, assignment, report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from medarb.cases import policy
from medarb.core.errors import DomainError
from medarb.core.files import check_upload
from medarb.core.responses import file_response
from medarb.mediation import forms, training
from medarb.mediation.training_models import Completion, Course, Lesson

UPLOAD_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "docx"})


def _staff(request) -> None:
    if not policy.is_staff(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def course_list(request):
    _staff(request)
    units = training.managed_units(request.user)
    form = forms.CourseForm(request.POST or None, units=units) if units else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            course = training.create_course(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("mediation:course", course_id=course.pk)
    courses = Course.objects.filter(is_published=True).select_related("owner_unit")
    done = set(Completion.objects.filter(user=request.user).values_list("course_id", flat=True))
    mandatory = set(training.mandatory_courses_for(request.user).values_list("pk", flat=True))
    return render(
        request,
        "mediation/training/course_list.html",
        {"courses": courses, "done": done, "mandatory": mandatory, "form": form, "can_manage": bool(units)},
    )


def _file_tuple(upload, allowed) -> tuple[bytes, str] | None:
    if not upload:
        return None
    data, _sniffed = check_upload(upload, allowed=allowed)
    return data, upload.name


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request, course_id: int):
    _staff(request)
    course = get_object_or_404(Course.objects.select_related("owner_unit"), pk=course_id)
    manager = training.can_manage(request.user, course.owner_unit)
    lesson_form = forms.LessonForm(prefix="lesson")
    question_form = forms.QuestionForm(prefix="question")
    assign_form = forms.AssignForm(prefix="assign", units=training.managed_units(request.user))
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        try:
            with transaction.atomic():
                if "lesson-title" in request.POST:
                    lesson_form = forms.LessonForm(request.POST, request.FILES, prefix="lesson")
                    if lesson_form.is_valid():
                        data = lesson_form.cleaned_data
                        training.add_lesson(
                            actor=request.user,
                            course=course,
                            title=data["title"],
                            body=data["body"],
                            attachment=_file_tuple(data["attachment"], UPLOAD_TYPES),
                            video=_file_tuple(data["video"], training.VIDEO_TYPES),
                        )
                        messages.success(request, _("课时已添加。"))
                        return redirect("mediation:course", course_id=course.pk)
                elif "question-text" in request.POST:
                    question_form = forms.QuestionForm(request.POST, prefix="question")
                    if question_form.is_valid():
                        data = question_form.cleaned_data
                        training.add_question(
                            actor=request.user,
                            course=course,
                            text=data["text"],
                            choices=data["choices"].splitlines(),
                            answer=data["answer"] - 1,
                            points=data["points"],
                        )
                        messages.success(request, _("测验题已添加。"))
                        return redirect("mediation:course", course_id=course.pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except DomainError as exc:
            messages.error(request, exc.message)
    completion = Completion.objects.filter(course=course, user=request.user).first()
    left = training.lessons_left(user=request.user, course=course)
    return render(
        request,
        "mediation/training/course_detail.html",
        {
            "course": course,
            "lessons": course.lessons.all(),
            "left": {lesson.pk for lesson in left},
            "questions": course.questions.count(),
            "completion": completion,
            "manager": manager,
            "lesson_form": lesson_form,
            "question_form": question_form,
            "assign_form": assign_form,
        },
    )


@login_required
def lesson(request, lesson_id: int):
    _staff(request)
    item = get_object_or_404(Lesson.objects.select_related("course", "attachment", "video"), pk=lesson_id)
    training.view_lesson(user=request.user, lesson=item)
    return render(request, "mediation/training/lesson.html", {"lesson": item, "course": item.course})


@login_required
def lesson_file(request, lesson_id: int, which: str):
    _staff(request)
    item = get_object_or_404(Lesson.objects.select_related("attachment", "video"), pk=lesson_id)
    stored = {"attachment": item.attachment, "video": item.video}.get(which)
    if stored is None:
        raise Http404
    # Uploaded by staff: the attachment as a download, the video shown in the page.
    return file_response(stored, inline=which == "video")


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request, course_id: int):
    _staff(request)
    course = get_object_or_404(Course, pk=course_id)
    questions = list(course.questions.all())
    form = forms.QuizForm(request.POST or None, questions=questions)
    left = training.lessons_left(user=request.user, course=course)
    attempt = None
    if request.method == "POST" and form.is_valid():
        try:
            attempt = training.submit_quiz(user=request.user, course=course, answers=form.answers())
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if attempt.passed and not left:
                messages.success(
                    request, _("测验通过（%(s)s 分），课程已完成，可下载结业证书。") % {"s": attempt.score}
                )
                return redirect("mediation:course", course_id=course.pk)
            if attempt.passed:
                messages.info(
                    request, _("测验通过（%(s)s 分），请学完全部课时后完成课程。") % {"s": attempt.score}
                )
            else:
                messages.error(
                    request,
                    _("得分 %(s)s，未达到及格分 %(p)s，请复习后重试。")
                    % {"s": attempt.score, "p": course.pass_score},
                )
    return render(
        request,
        "mediation/training/quiz.html",
        {"course": course, "form": form, "left": left, "attempt": attempt},
    )


@login_required
def certificate(request, course_id: int):
    _staff(request)
    completion = get_object_or_404(
        Completion.objects.select_related("certificate"), course_id=course_id, user=request.user
    )
    if completion.certificate is None:
        raise Http404
    return file_response(
        completion.certificate, filename=f"{completion.certificate_no}.pdf", inline=True, generated=True
    )


@login_required
@require_http_methods(["POST"])
def assign(request, course_id: int):
    _staff(request)
    course = get_object_or_404(Course, pk=course_id)
    form = forms.AssignForm(request.POST, prefix="assign", units=training.managed_units(request.user))
    if form.is_valid():
        try:
            training.assign_course(actor=request.user, course=course, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已指定为必修课程。"))
    else:
        messages.error(request, _("请选择单位和有效的期限。"))
    return redirect("mediation:course", course_id=course.pk)


@login_required
def report(request):
    _staff(request)
    if not training.managed_units(request.user):
        raise PermissionDenied
    return render(
        request, "mediation/training/report.html", {"rows": training.completion_report(user=request.user)}
    )
