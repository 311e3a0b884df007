"""Public portal pages: home, the Q&A assistant, my questions; and the office's answer queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medarb.core.errors import DomainError
from medarb.portal import services
from medarb.portal.assistant import ask
from medarb.portal.forms import AnswerForm, AskForm
from medarb.portal.models import Faq, Question, QuestionState


def home(request):
    categories: dict[str, list[Faq]] = {}
    for faq in Faq.objects.filter(is_published=True).only("id", "question", "category"):
        categories.setdefault(faq.category, []).append(faq)
    return render(request, "portal/home.html", {"form": AskForm(), "categories": categories})


@require_http_methods(["GET", "POST"])
def assistant(request):
    form = AskForm(request.POST or request.GET or None)
    answer = ask(form.cleaned_data["question"]) if form.is_valid() else None
    template = "portal/assistant.html#answer" if request.htmx else "portal/assistant.html"
    return render(request, template, {"form": form, "answer": answer})


def faq_detail(request, faq_id: int):
    faq = get_object_or_404(Faq.objects.prefetch_related("articles__law"), pk=faq_id, is_published=True)
    return render(request, "portal/faq_detail.html", {"faq": faq})


@require_POST
def hand_over(request):
    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/assistant.html", {"form": form, "answer": None}, status=400)
    try:
        services.hand_over_question(text=form.cleaned_data["question"], asker=request.user)
    except DomainError as exc:
        form.add_error("question", exc.message)
        return render(request, "portal/assistant.html", {"form": form, "answer": None}, status=400)
    if request.user.is_authenticated:
        messages.success(request, _("已转给立案窗口工作人员，答复后会在“我的提问”中显示并短信提醒您。"))
        return redirect("portal:my_questions")
    messages.success(request, _("已转给立案窗口工作人员。登录后提问可以收到答复提醒。"))
    return redirect("portal:assistant")


@login_required
def my_questions(request):
    questions = Question.objects.filter(asker=request.user).order_by("-asked_at")[:50]
    return render(request, "portal/my_questions.html", {"questions": questions})


@login_required
def question_queue(request):
    if not services.can_answer_questions(request.user):
        raise PermissionDenied
    state = request.GET.get("state") or QuestionState.OPEN
    questions = (
        Question.objects.filter(state=state)
        .select_related("suggested", "answered_by")
        .order_by("asked_at")[:100]
    )
    return render(request, "portal/question_queue.html", {"questions": questions, "state": state})


@login_required
@require_http_methods(["GET", "POST"])
def answer_question(request, question_id: int):
    if not services.can_answer_questions(request.user):
        raise PermissionDenied
    question = get_object_or_404(Question, pk=question_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_question(
                question=question, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except DomainError as exc:
            form.add_error("answer", exc.message)
        else:
            messages.success(request, _("已答复。"))
            return redirect("portal:question_queue")
    suggestion = ask(question.text)
    return render(
        request, "portal/answer_question.html", {"question": question, "form": form, "suggestion": suggestion}
    )
