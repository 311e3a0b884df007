"""Joint review of difficult cases (疑案会审): the request, its questions, the people invited,
their opinions and votes, and the minutes that close it.

A review is advisory: it answers the tribunal's questions by a majority of those who vote,
the minority's opinions are kept with their names, and the tribunal decides the case.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    REFUSED = "refused", _("未批准")
    OPEN = "open", _("会审中")
    CLOSED = "closed", _("已结束")


class ReviewGround(models.TextChoices):
    MAJOR = "major", _("重大、疑难复杂案件")
    DISAGREEMENT = "disagreement", _("仲裁庭意见分歧较大")
    NEW_TYPE = "new_type", _("新类型案件、法律适用不明确")
    COLLECTIVE = "collective", _("集体争议或社会影响较大")
    OTHER = "other", _("其他需要会审的情形")


class JointReviewQuerySet(models.QuerySet):
    def with_related(self) -> "JointReviewQuerySet":
        return self.select_related(
            "case", "case__unit", "requested_by", "decided_by", "minutes", "sitting", "sitting__room"
        )


class JointReview(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="joint_reviews")
    state = models.CharField(
        _("状态"), max_length=10, choices=ReviewState.choices, default=ReviewState.REQUESTED, db_index=True
    )
    ground = models.CharField(_("提请事由"), max_length=20, choices=ReviewGround.choices)
    reason = models.TextField(_("提请理由"))
    # The case items shared with the experts: "parties", "claims", "facts", "timeline",
    # "document:<id>" (see cases.scope).
    scope = models.JSONField(_("提供会审的材料"), default=list)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("提请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    # When the experts meet, and the sitting booked for it (the review centre and everyone's
    # calendar; the meetings app attaches its video room to the sitting).
    meeting_at = models.DateTimeField(_("会审时间"), null=True, blank=True)
    sitting = models.OneToOneField(
        "hearings.Sitting", null=True, blank=True, on_delete=models.PROTECT, related_name="joint_review"
    )
    # The experts' access to the materials ends then at the latest, and when the review closes.
    access_until = models.DateTimeField(_("材料查阅截止"), null=True, blank=True)
    conclusion = models.TextField(_("会审结论"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    minutes = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = JointReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("疑案会审")
        verbose_name_plural = _("疑案会审")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["case", "state"], name="review_case_state")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_state_display()}"


class Question(models.Model):
    """One question put to the review, with the tribunal's proposed answer voted on."""

    review = models.ForeignKey(JointReview, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("会审问题"), max_length=500)
    proposal = models.TextField(_("拟处理意见"), blank=True)

    class Meta:
        ordering = ["review_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "position"], name="review_question_position")
        ]

    def __str__(self) -> str:
        return self.text


class ParticipantRole(models.TextChoices):
    TRIBUNAL = "tribunal", _("仲裁庭成员")
    CHAIR = "chair", _("主任")
    EXPERT = "expert", _("特邀专家")


class Participant(models.Model):
    review = models.ForeignKey(JointReview, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="joint_reviews")
    role = models.CharField(_("身份"), max_length=10, choices=ParticipantRole.choices)
    # The unit the person sits for (province, city or district commission).
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    # An expert outside the case's tree reads the case through this scoped, expiring share.
    share = models.ForeignKey(
        "cases.CaseShare", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    opinion = models.TextField(_("书面意见"), blank=True)
    opinion_at = models.DateTimeField(_("发表意见时间"), null=True, blank=True)

    class Meta:
        ordering = ["review_id", "invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="review_participant_once")]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def has_spoken(self) -> bool:
        return self.opinion_at is not None


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    ABSTAIN = "abstain", _("弃权")


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("表决"), max_length=10, choices=VoteChoice.choices)
    note = models.CharField(_("理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["question_id", "participant_id"]
        constraints = [models.UniqueConstraint(fields=["participant", "question"], name="review_vote_once")]

    def __str__(self) -> str:
        return f"{self.participant} · {self.get_choice_display()}"
