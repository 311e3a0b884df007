"""Portal use cases: loading the FAQ, asking the assistant, answering handed-over questions."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.sms import SmsError, send_sms
from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships
from medarb.portal.assistant import forget_vocabulary
from medarb.portal.faq import parse_faq
from medarb.portal.models import Faq, Question, QuestionState
from medarb.search.models import EntryKind, LawArticle
from medarb.search.services import index_entry

MAX_QUESTION = 500


class UnknownCitation(ValueError):
    pass


def _resolve(law: str, label: str) -> LawArticle:
    article = (
        LawArticle.objects.filter(law__short_title=law, label=label).first()
        or LawArticle.objects.filter(law__title=law, label=label).first()
    )
    if article is None:
        raise UnknownCitation(f"《{law}》{label} is not in the law library")
    return article


@transaction.atomic
def load_faq(*, path: Path | None = None) -> int:
    """(Re)load the curated FAQ; every citation must name an article of the law library."""
    items = parse_faq(Path(path or settings.LAW_DATA_DIR / "faq.md"))
    for position, item in enumerate(items):
        faq, _ = Faq.objects.update_or_create(
            question=item.question,
            defaults={
                "answer": item.answer,
                "category": item.category,
                "source_note": item.source_note,
                "position": position,
            },
        )
        faq.articles.set([_resolve(law, label) for law, label in item.citations])
        index_entry(kind=EntryKind.FAQ, ref_id=faq.pk, title=faq.question, body=faq.answer)
    transaction.on_commit(forget_vocabulary)
    forget_vocabulary()
    return len(items)


@transaction.atomic
def hand_over_question(*, text: str, asker=None, suggested: Faq | None = None) -> Question:
    """Queue a question for the filing office when the assistant is not confident."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请输入您的问题。"), field="text")
    if len(text) > MAX_QUESTION:
        raise DomainError(_("问题请控制在%(n)s字以内。") % {"n": MAX_QUESTION}, field="text")
    asker = asker if getattr(asker, "is_authenticated", False) else None
    return Question.objects.create(asker=asker, text=text, suggested=suggested)


def can_answer_questions(user) -> bool:
    return any(m.role in {Role.FILING_OFFICER, Role.CHAIR, Role.ARBITRATOR} for m in active_memberships(user))


@transaction.atomic
def answer_question(*, question: Question, actor, answer: str) -> Question:
    """Answer a handed-over question; the asker sees it under "我的提问" and gets an SMS."""
    if not can_answer_questions(actor):
        raise NotAllowed(_("只有立案窗口人员可以答复群众提问。"))
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("请填写答复内容。"), field="answer")
    if question.state != QuestionState.OPEN:
        raise DomainError(_("该问题已经答复。"))
    question.answer = answer
    question.state = QuestionState.ANSWERED
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "state", "answered_by", "answered_at"])
    record(actor=actor, action=AuditAction.UPDATE, obj=question, summary="answer portal question")
    if question.asker_id and question.asker.phone:
        transaction.on_commit(lambda: _queue_notice(question.pk))
    return question


def _queue_notice(question_id: int) -> None:
    # A job, not the request: the clerk's page never waits on the SMS gateway.
    from medarb.portal.tasks import notify_asker

    notify_asker(question_id)


def notify_asker(*, question_id: int) -> None:
    """Tell the asker by SMS that their question was answered (the job calls it)."""
    question = Question.objects.select_related("asker").filter(pk=question_id).first()
    if question is None or question.asker_notified_at or not (question.asker_id and question.asker.phone):
        return
    try:
        send_sms(
            phone=question.asker.phone, template="SMS_QUESTION_ANSWERED", params={"id": str(question.pk)}
        )
    except SmsError:
        return  # the answer stays visible in the portal; the SMS is only a nudge
    question.asker_notified_at = timezone.now()
    question.save(update_fields=["asker_notified_at"])
