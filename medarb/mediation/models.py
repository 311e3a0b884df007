"""The mediation file of a case: registration details, sessions, caucus notes, agreements,
signatures, performance, referrals between levels, links to other cases, follow-up routes.

The case itself (parties, claims, state) lives in `cases`; everything here hangs off it.
Training (courses, quizzes, certificates) is in `medarb/mediation/training/models.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from medarb.cases.models import Case, CaseShare, Party
from medarb.core.models import StoredFile
from medarb.orgs.models import MediationLevel, Room, Unit


class Outcome(models.TextChoices):
    PENDING = "pending", _("未结")
    AGREEMENT = "agreement", _("调解成功")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("撤回")
    REFUSED = "refused", _("不予受理")
    REFERRED = "referred", _("已移送")


class MediationFile(models.Model):
    """One per mediation case: who applied how, who decided, the outcome; denormalised
    (unit, path, level, dates, outcome) so the statistics are one GROUP BY on one table."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="mediation_file")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    level = models.CharField(_("调解层级"), max_length=12, choices=MediationLevel.choices)
    registered_on = models.DateField(_("登记日期"))
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办调解员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The structured record of an oral application (Law Art. 12: details, matters, reasons, date).
    oral_statement = models.TextField(_("口头申请内容"), blank=True)
    oral_place = models.CharField(_("记录地点"), max_length=120, blank=True)
    oral_recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    oral_confirmed = models.BooleanField(_("申请人已确认笔录"), default=False)
    respondent_agrees = models.BooleanField(_("被申请人同意调解"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("受理决定日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome_reason = models.TextField(_("结案说明"), blank=True)
    duration_days = models.PositiveIntegerField(null=True, blank=True)
    # Handed to arbitration after failure, after the limit ran out, or on breach of the agreement.
    handed_over = models.BooleanField(_("已转仲裁"), default=False)
    amount_agreed = models.DecimalField(_("协议金额"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("调解卷")
        verbose_name_plural = _("调解卷")
        indexes = [
            # Covers the statistics: period range, subtree prefix, then the grouped columns.
            models.Index(
                fields=[
                    "registered_on",
                    "unit_path",
                    "unit",
                    "level",
                    "outcome",
                    "handed_over",
                    "duration_days",
                ],
                name="medfile_stats",
            ),
        ]

    def __str__(self) -> str:
        return f"调解卷 {self.case_id}"


class ExtensionAgreement(models.Model):
    """Both parties' agreement to extend the 15-day limit, as recorded by the mediator."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_extensions")
    days = models.PositiveSmallIntegerField(_("延长天数"))
    applicant_agrees = models.BooleanField(_("申请人同意"))
    respondent_agrees = models.BooleanField(_("被申请人同意"))
    agreed_on = models.DateField(_("同意日期"))
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"延长 {self.days} 日"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class SessionOutcome(models.TextChoices):
    CONTINUE = "continue", _("继续调解")
    AGREEMENT = "agreement", _("达成一致")
    FAILED = "failed", _("调解不成")
    ADJOURNED = "adjourned", _("改期")


class Session(models.Model):
    """One mediation session (调解会); a case may have several."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_sessions")
    seq = models.PositiveSmallIntegerField(_("次序"))
    starts_at = models.DateTimeField(_("时间"))
    minutes = models.PositiveSmallIntegerField(_("预计时长（分钟）"), default=60)
    room = models.ForeignKey(Room, verbose_name=_("调解室"), null=True, blank=True, on_delete=models.PROTECT)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    # The shared scheduler's entry (medarb/hearings), when that app books the room.
    sitting_id = models.BigIntegerField(null=True, blank=True)
    attendees = models.ManyToManyField(Party, verbose_name=_("到场当事人"), blank=True, related_name="+")
    other_attendees = models.CharField(_("其他到场人员"), max_length=300, blank=True)
    applicant_position = models.TextField(_("申请人意见"), blank=True)
    respondent_position = models.TextField(_("被申请人意见"), blank=True)
    proposals = models.TextField(_("调解方案"), blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=SessionOutcome.choices, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="mediation_session_seq")]

    def __str__(self) -> str:
        return f"第{self.seq}次调解"


class CaucusNote(models.Model):
    """A note of a separate meeting with one side (背靠背). Only its author ever reads it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(
        _("谈话对象"), max_length=12, choices=[("applicant", _("申请人")), ("respondent", _("被申请人"))]
    )
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"背靠背笔记 {self.pk}"


class MaterialKind(models.TextChoices):
    APPLICATION = "application", _("申请材料")
    EVIDENCE = "evidence", _("证据")
    IDENTITY = "identity", _("身份材料")
    RECORD = "record", _("调解笔录")
    OTHER = "other", _("其他")


class Material(models.Model):
    """A file of the mediation case (application, evidence …); shares can name single ones."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_materials")
    kind = models.CharField(
        _("类别"), max_length=12, choices=MaterialKind.choices, default=MaterialKind.EVIDENCE
    )
    title = models.CharField(_("名称"), max_length=120)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    submitted_by_side = models.CharField(_("提交方"), max_length=12, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return self.title


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SIGNING = "signing", _("签署中")
    EFFECTIVE = "effective", _("已生效")
    VOID = "void", _("已作废")


class Agreement(models.Model):
    """The mediation agreement (调解协议书): effective once signed by both parties and the
    mediator and sealed by the unit (Law Art. 14; 人民调解法 Art. 29)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_agreements")
    status = models.CharField(max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    matters = models.TextField(_("纠纷主要事实、争议事项"))
    terms_text = models.TextField(_("协议内容"), blank=True)
    performance_text = models.TextField(_("履行方式、时限"), blank=True)
    text = models.TextField(editable=False)  # the full text as signed
    text_hash = models.CharField(max_length=64, editable=False)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    pdf = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case_id", "-id"]

    def __str__(self) -> str:
        return f"调解协议书 {self.case_id}"


class PerformanceMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("银行转账")
    CASH = "cash", _("现金")
    ACT = "act", _("作为（如出具证明、办理手续）")
    OTHER = "other", _("其他")


class AgreementTerm(models.Model):
    """One obligation of the agreement: who pays what to whom, when and how."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="terms")
    position = models.PositiveSmallIntegerField(default=0)
    obligor_side = models.CharField(_("履行方"), max_length=12, default="respondent")
    description = models.CharField(_("内容"), max_length=300)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("履行期限"))
    method = models.CharField(_("履行方式"), max_length=20, choices=PerformanceMethod.choices)
    performed_on = models.DateField(_("履行日期"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    breached_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreement_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True), name="term_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.description


class SignerRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    MEDIATOR = "mediator", _("调解员")


class AgreementSignature(models.Model):
    """One on-screen signature: the image, who, when, and the hash of the text signed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=12, choices=SignerRole.choices)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=120)
    image = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    text_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    witnessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["agreement_id", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "role", "party"], name="signature_once_per_signer"),
        ]

    def __str__(self) -> str:
        return self.signer_name


class ReferralKind(models.TextChoices):
    REFER = "refer", _("移送上级调解组织")
    GUIDANCE = "guidance", _("请求指导")


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已答复")
    REVOKED = "revoked", _("已撤销")
    DONE = "done", _("已移送")


class Referral(models.Model):
    """A case sent up a level (移送) or a guidance request to the district with chosen materials."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_referrals")
    kind = models.CharField(max_length=10, choices=ReferralKind.choices)
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    share = models.ForeignKey(CaseShare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    question = models.TextField(_("请求事项"))
    answer = models.TextField(_("指导意见"), blank=True)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_unit_id}"


class LinkKind(models.TextChoices):
    REFERRAL = "referral", _("移送")
    HANDOVER = "handover", _("调解不成转仲裁")
    BREACH = "breach", _("不履行协议转仲裁")
    ARBITRAL_REVIEW = "arbitral_review", _("仲裁审查确认")


class CaseLink(models.Model):
    """A case that came out of another (handover to arbitration, referral up a level)."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    data = models.JSONField(default=dict, blank=True)  # what was carried: evidence references
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case", "kind"], name="case_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} → {self.to_case_id}"


class RouteKind(models.TextChoices):
    ARBITRAL_REVIEW = "arbitral_review", _("仲裁审查确认")
    JUDICIAL_CONFIRMATION = "judicial_confirmation", _("司法确认")
    PAYMENT_ORDER = "payment_order", _("支付令")


class RouteResult(models.TextChoices):
    PENDING = "pending", _("审查中")
    CONFIRMED = "confirmed", _("已确认/已发出")
    REJECTED = "rejected", _("不予确认/驳回")


class FollowUpRoute(models.Model):
    """What followed an agreement: arbitral review, court confirmation, payment order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_routes")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="routes")
    kind = models.CharField(_("途径"), max_length=24, choices=RouteKind.choices)
    body = models.CharField(_("受理机关"), max_length=120)
    filed_on = models.DateField(_("申请日期"))
    result = models.CharField(
        _("结果"), max_length=10, choices=RouteResult.choices, default=RouteResult.PENDING
    )
    decided_on = models.DateField(_("结果日期"), null=True, blank=True)
    reference = models.CharField(_("文书编号"), max_length=80, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.get_kind_display()


from medarb.mediation.training_models import (  # noqa: E402, F401  (one app, two files)
    Completion,
    Course,
    CourseAssignment,
    Lesson,
    LessonView,
    Question,
    QuizAttempt,
)


class DailyStat(models.Model):
    """Mediation files of one unit registered on one day, counted by outcome: the statistics
    page sums these rows (tens of thousands) instead of scanning every file (hundreds of
    thousands). Kept current by the services that change a file (stats.refresh_day); rebuilt
    wholesale by `manage.py rebuild_mediation_stats`."""

    day = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    level = models.CharField(max_length=12, choices=MediationLevel.choices)
    registered = models.PositiveIntegerField(default=0)
    success = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    referred = models.PositiveIntegerField(default=0)
    handed = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    days = models.PositiveBigIntegerField(default=0)  # sum of durations of the closed ones
    timed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "unit"], name="mediation_daily_stat_once")]
        indexes = [models.Index(fields=["day", "unit_path"], name="mediation_daily_day_path")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"
