"""The public portal's own data: the curated FAQ, questions handed to the filing office, and
online applications in progress."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField
from medarb.core.models import StoredFile
from medarb.search.models import LawArticle


class Faq(models.Model):
    question = models.CharField(_("问题"), max_length=200, unique=True)
    answer = models.TextField(_("回答"))
    category = models.CharField(_("分类"), max_length=40)
    articles = models.ManyToManyField(LawArticle, verbose_name=_("法律依据"), blank=True, related_name="faqs")
    source_note = models.CharField(_("其他依据"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField(_("发布"), default=True)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.question


class QuestionState(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


class Question(models.Model):
    """A question the assistant could not answer with confidence, for the filing office."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_questions",
    )
    text = models.TextField(_("问题"), max_length=1000)
    state = models.CharField(
        _("状态"), max_length=10, choices=QuestionState.choices, default=QuestionState.OPEN, db_index=True
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    suggested = models.ForeignKey(Faq, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    asker_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("群众提问")
        verbose_name_plural = _("群众提问")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return self.text[:40]


class ApplicationDraft(models.Model):
    """An online application being filled in step by step; saved after every step.

    The answers hold ID and phone numbers, so the whole payload is encrypted at rest.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_drafts"
    )
    payload = EncryptedCharField(default="{}")
    step = models.PositiveSmallIntegerField(default=1)
    evidence = models.ManyToManyField(StoredFile, through="DraftEvidence", blank=True, related_name="+")
    submitted_case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="online_application"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("网上申请草稿")
        verbose_name_plural = _("网上申请草稿")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft {self.pk} step {self.step}"

    @property
    def data(self) -> dict:
        return json.loads(self.payload or "{}")


class DraftEvidence(models.Model):
    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="evidence_items")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("证据名称及证明内容"), max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.description


class SubmissionState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("识别中")
    DONE = "done", _("已提交")
    FAILED = "failed", _("未通过")


class ApplicationSubmission(models.Model):
    """A submit of an online application whose ID card photo is read by a background job.

    The photo is kept encrypted only while the job may still need it (to run, or to run
    again after a failure of the reader); a finished reading discards it.
    """

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    photo = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The applicant's selfie for the face comparison (人证比对), encrypted like the card photo.
    selfie = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The liveness burst taken with the selfie (活体检测: frames while the head turns), packed.
    frames = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The checks already passed in the request (ID number, phone), attached to the party on filing.
    check_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=SubmissionState.choices, default=SubmissionState.QUEUED)
    reason = models.TextField(blank=True)
    # True when the reader broke off or the queue never ran it: the same photo may be tried again.
    retryable = models.BooleanField(default=False)
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("网上申请提交")
        verbose_name_plural = _("网上申请提交")
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"submission {self.pk} {self.state}"
