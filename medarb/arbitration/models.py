"""Records of the arbitration procedure: the tribunal, recusals, counterclaims, awards,
mediation statements and suspensions. The case's state lives on `cases.Case`; these hold
what each legal act decided."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from medarb.cases.models import Case, Claim


class RefusalGround(models.TextChoices):
    """Why an application is not accepted (Law Art. 29; 2017 rules Art. 30)."""

    SCOPE = "scope", _("不属于劳动人事争议处理范围")
    UNCLEAR = "unclear", _("仲裁请求、事实和理由不明确")
    INTEREST = "interest", _("申请人与本案没有直接利害关系或被申请人不明确")
    RES_JUDICATA = "res_judicata", _("重复申请（一事不再理）")
    OTHER = "other", _("其他")


class ServiceMethod(models.TextChoices):
    """How a paper reached a party (2017 rules Arts. 18–21)."""

    PERSONAL = "personal", _("直接送达")
    POSTAL = "postal", _("邮寄送达（仲裁专递）")
    ELECTRONIC = "electronic", _("电子送达")
    LEAVING = "leaving", _("留置送达")
    COMMISSIONED = "commissioned", _("委托送达")


class PostponementBy(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    TRIBUNAL = "tribunal", _("仲裁庭依职权")


class SimplifiedGround(models.TextChoices):
    """Why the simplified procedure applies (2017 rules Art. 56)."""

    CLEAR = "clear", _("事实清楚、权利义务关系明确、争议不大")
    AMOUNT = "amount", _("标的额不超过本省上年度职工年平均工资")
    AGREED = "agreed", _("双方当事人同意简易处理")


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of `value` in `choices`, or the value itself when it is not one of them."""
    return str(choices(value).label) if value in choices.values else value


class ArbitrationTrack(models.Model):
    """Per-case handling choices: simplified procedure (Art. 56–61), collective priority."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="arbitration_track")
    simplified = models.BooleanField(_("简易处理"), default=False)
    simplified_ground = models.CharField(_("简易处理理由"), max_length=200, blank=True)
    priority = models.BooleanField(_("优先处理"), default=False)

    class Meta:
        verbose_name = _("办案方式")
        verbose_name_plural = _("办案方式")

    def __str__(self) -> str:
        return f"{self.case_id} {'简易' if self.simplified else '普通'}"


class TribunalKind(models.TextChoices):
    SOLE = "sole", _("独任仲裁")
    THREE = "three", _("三人仲裁庭")
    SPECIAL = "special", _("特别仲裁庭")


class Tribunal(models.Model):
    """The tribunal composed for a case (Law Art. 31): a sole arbitrator, or three with a
    presiding arbitrator; a collective dispute may need a special tribunal under local rules."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="tribunal")
    kind = models.CharField(_("组庭方式"), max_length=10, choices=TribunalKind.choices)
    presiding = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首席/独任仲裁员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("仲裁员"), related_name="tribunals"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("书记员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    composed_on = models.DateField(_("组庭日期"))
    composed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("仲裁庭")
        verbose_name_plural = _("仲裁庭")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.presiding}"


class RecusalGround(models.TextChoices):
    PARTY_OR_RELATIVE = "party_or_relative", _("是本案当事人或者当事人、代理人的近亲属")
    INTEREST = "interest", _("与本案有利害关系")
    OTHER_RELATION = "other_relation", _("与本案当事人、代理人有其他关系，可能影响公正裁决")
    MISCONDUCT = "misconduct", _("私自会见当事人、代理人，或者接受当事人、代理人的请客送礼")


class RecusalDecision(models.TextChoices):
    PENDING = "pending", _("待决定")
    UPHELD = "upheld", _("准予回避")
    REJECTED = "rejected", _("驳回申请")


class RecusalRequest(models.Model):
    """A party's request that a tribunal member step aside (Law Art. 33)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusal_requests")
    challenged = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("被申请回避人员"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField(_("申请人"), max_length=120)
    ground = models.CharField(_("回避事由"), max_length=30, choices=RecusalGround.choices)
    reason = models.TextField(_("理由"), blank=True)
    filed_on = models.DateField(_("申请日期"))
    decision = models.CharField(
        _("决定"), max_length=10, choices=RecusalDecision.choices, default=RecusalDecision.PENDING
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("替换人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("回避申请")
        verbose_name_plural = _("回避申请")
        ordering = ["case_id", "filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.applicant_name} → {self.challenged} ({self.get_decision_display()})"


class CounterclaimDecision(models.TextChoices):
    PENDING = "pending", _("待审查")
    MERGED = "merged", _("受理并合并审理")
    SEPARATE = "separate", _("另案受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


class Counterclaim(models.Model):
    """The respondent's counterclaim, filed within the defence period (Art. 36)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="counterclaims")
    description = models.TextField(_("反申请请求"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField(_("提出日期"))
    decision = models.CharField(
        _("审查结果"),
        max_length=15,
        choices=CounterclaimDecision.choices,
        default=CounterclaimDecision.PENDING,
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("反申请")
        verbose_name_plural = _("反申请")
        ordering = ["case_id", "filed_on", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class AwardKind(models.TextChoices):
    FINAL = "final", _("终局裁决")
    NON_FINAL = "non_final", _("非终局裁决")
    MIXED = "mixed", _("部分终局")


class AwardState(models.TextChoices):
    DRAFT = "draft", _("拟稿")
    SUBMITTED = "submitted", _("报请签发")
    SIGNED_OFF = "signed_off", _("已签发")
    SERVED = "served", _("已送达")


class Award(models.Model):
    """An award (裁决书): the majority decides, a dissent is recorded (Law Arts. 45–47)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField(_("裁决类型"), max_length=10, choices=AwardKind.choices)
    partial = models.BooleanField(_("先行裁决"), default=False)
    advance_enforcement = models.BooleanField(_("先予执行"), default=False)
    is_default = models.BooleanField(_("缺席裁决"), default=False)
    findings = models.TextField(_("查明事实"), blank=True)
    majority_opinion = models.TextField(_("裁决理由（多数意见）"))
    dissent = models.TextField(_("少数意见"), blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=AwardState.choices, default=AwardState.SUBMITTED
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("拟稿时间"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("裁决书")
        verbose_name_plural = _("裁决书")
        ordering = ["case_id", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class AwardItem(models.Model):
    """One claim's result, with whether it is final and the reason carried into the award."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="items")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cause = models.CharField(_("请求事项类别"), max_length=40)
    description = models.CharField(_("请求内容"), max_length=500)
    claimed = models.DecimalField(_("请求金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    awarded = models.DecimalField(_("裁决金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    upheld = models.BooleanField(_("予以支持"), default=True)
    is_final = models.BooleanField(_("终局"))
    final_reason = models.CharField(_("终局/非终局理由"), max_length=300)

    class Meta:
        verbose_name = _("裁决事项")
        verbose_name_plural = _("裁决事项")
        ordering = ["award_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(awarded__gte=0) | Q(awarded__isnull=True), name="award_item_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.description


class MediationStatement(models.Model):
    """A mediation statement (调解书): effective when both parties sign for it (Law Art. 42)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_statements")
    terms = models.TextField(_("协议内容"))
    amount = models.DecimalField(_("给付金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    pay_by = models.DateField(_("履行期限"), null=True, blank=True)
    applicant_signed_on = models.DateField(_("申请人签收日期"))
    respondent_signed_on = models.DateField(_("被申请人签收日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("制作日期"))

    class Meta:
        verbose_name = _("仲裁调解书")
        verbose_name_plural = _("仲裁调解书")

    def __str__(self) -> str:
        return f"调解书 {self.case_id}"


class SuspensionGround(models.TextChoices):
    WORKER_DIED = "worker_died", _("劳动者一方当事人死亡，需要等待继承人表明是否参加仲裁")
    NO_CAPACITY = "no_capacity", _("劳动者一方当事人丧失民事行为能力，尚未确定法定代理人")
    EMPLOYER_ENDED = "employer_ended", _("用人单位终止，尚未确定权利义务承继者")
    FORCE_MAJEURE = "force_majeure", _("一方当事人因不可抗拒的事由，不能参加仲裁")
    OTHER_CASE = "other_case", _("本案必须以相关案件的裁判结果为依据，而相关案件尚未审结")
    APPRAISAL = "appraisal", _("等待工伤认定、伤残等级鉴定以及其他鉴定结论")
    OTHER = "other", _("其他应当中止仲裁审理的情形")


class Suspension(models.Model):
    """A suspension (中止, Art. 47): the award clock is paused from start to end."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    ground = models.CharField(_("中止事由"), max_length=20, choices=SuspensionGround.choices)
    detail = models.TextField(_("说明"), blank=True)
    started_on = models.DateField(_("中止日期"))
    ended_on = models.DateField(_("恢复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("中止审理")
        verbose_name_plural = _("中止审理")
        ordering = ["case_id", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} {self.started_on}"
