"""Case, Party, Claim, the timeline, explicit shares and case numbering."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from medarb.cases import causes
from medarb.cases.employers import EmployerType, Industry
from medarb.core.crypto import EncryptedCharField
from medarb.orgs.models import Unit


class CaseKind(models.TextChoices):
    MEDIATION = "mediation", _("调解")
    ARBITRATION = "arbitration", _("仲裁")


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口申请")
    ONLINE = "online", _("网上申请")
    ORAL = "oral", _("口头申请")
    REFERRAL = "referral", _("移送/转办")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """The one answer to "which cases may this person see" (see cases.policy)."""
        from medarb.cases.policy import visible_cases_filter

        return self.filter(visible_cases_filter(user))

    def with_related(self) -> "CaseQuerySet":
        return self.select_related("unit")

    def open(self) -> "CaseQuerySet":
        return self.filter(closed_on__isnull=True)


class Case(models.Model):
    kind = models.CharField(_("类别"), max_length=12, choices=CaseKind.choices)
    number = models.CharField(_("案号"), max_length=60, null=True, blank=True, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="cases")
    # The owning unit's path, copied so that visibility is one indexed prefix test.
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    status = models.CharField(_("状态"), max_length=40, db_index=True)
    channel = models.CharField(_("来源"), max_length=12, choices=Channel.choices, default=Channel.WINDOW)
    primary_cause = models.CharField(_("主要争议事项"), max_length=40, choices=causes.LEAF_CHOICES)
    facts = models.TextField(_("事实与理由"), blank=True)
    is_collective = models.BooleanField(_("集体争议"), default=False)
    worker_count = models.PositiveIntegerField(_("劳动者人数"), default=1)
    # Noted at filing when workers say they will act together (petition, gathering, strike):
    # the early warning raises it at once.
    threatens_collective_action = models.BooleanField(_("扬言采取集体行动"), default=False)
    claimed_total = models.DecimalField(_("请求金额合计"), max_digits=14, decimal_places=2, default=0)
    party_names = models.CharField(max_length=500, blank=True, editable=False)  # for list search
    received_on = models.DateField(_("收件日期"))
    accepted_on = models.DateField(_("立案日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    close_reason = models.CharField(_("结案方式"), max_length=30, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["unit_path", "-id"], name="case_unit_path_recent"),
            models.Index(fields=["kind", "status"], name="case_kind_status"),
            models.Index(fields=["received_on"], name="case_received_on"),
            # Covers a list search (substring of names or number within the visible subtree),
            # so the one scan that collects matching ids reads this index, not the wide rows.
            models.Index(fields=["party_names", "number", "unit_path"], name="case_search"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return self.number or _("（收件 %(id)s）") % {"id": self.pk}

    @property
    def status_label(self) -> str:
        from medarb.procedure.declaration import procedure_for

        try:
            return procedure_for(self.kind).label_of(self.status)
        except LookupError:
            return self.status

    @property
    def primary_cause_label(self) -> str:
        return causes.label_of(self.primary_cause)


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    THIRD_PARTY = "third_party", _("第三人")


class PartyKind(models.TextChoices):
    WORKER = "worker", _("劳动者")
    EMPLOYER = "employer", _("用人单位")
    AGENT = "agent", _("代理人")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人")
    REPRESENTATIVE = "representative", _("集体争议代表人")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("诉讼地位"), max_length=12, choices=PartySide.choices)
    kind = models.CharField(_("身份"), max_length=24, choices=PartyKind.choices)
    is_organisation = models.BooleanField(_("单位"), default=False)
    name = models.CharField(_("姓名/名称"), max_length=120)
    # Natural persons: resident ID number, encrypted; the blind index finds repeat parties.
    id_number = EncryptedCharField(_("身份证号码"), blank=True, default="")
    id_index = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    # Organisations: unified social credit code (public register data, not encrypted).
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    # Organisations (employers): counted by in the statistical tables, blank when not known.
    industry = models.CharField(
        _("所属行业"), max_length=1, choices=Industry.choices, blank=True, db_index=True
    )
    employer_type = models.CharField(_("单位类型"), max_length=20, choices=EmployerType.choices, blank=True)
    phone = EncryptedCharField(_("联系电话"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    address = models.CharField(_("住所/送达地址"), max_length=200, blank=True)
    occupation = models.CharField(_("职业/职务"), max_length=60, blank=True)
    # Agents and legal representatives act for another party of the same case.
    principal = models.ForeignKey(
        "self",
        verbose_name=_("被代理人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agents",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="party_roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["case_id", "side", "id"]

    def __str__(self) -> str:
        return self.name


class Claim(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    cause = models.CharField(_("请求事项类别"), max_length=40, choices=causes.LEAF_CHOICES)
    description = models.CharField(_("请求内容"), max_length=500)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    period_start = models.DateField(_("期间起"), null=True, blank=True)
    period_end = models.DateField(_("期间止"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("仲裁/调解请求")
        verbose_name_plural = _("仲裁/调解请求")
        ordering = ["case_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True), name="claim_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="claim_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def cause_label(self) -> str:
        return causes.label_of(self.cause)


class TimelineEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    article = models.CharField(max_length=80, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Internal entries (deliberations, caucus notes) are hidden from parties.
    is_internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["case_id", "at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="timeline_case_at")]

    def __str__(self) -> str:
        return self.title


class ShareReason(models.TextChoices):
    REFERRAL = "referral", _("移送/转办")
    GUIDANCE = "guidance", _("指导请求")
    JOINT_REVIEW = "joint_review", _("会审")
    LEGAL_AID = "legal_aid", _("法律援助")
    COURT_LINKAGE = "court_linkage", _("调裁审衔接")


class ShareAccess(models.TextChoices):
    READ = "read", _("只读")
    WRITE = "write", _("办理")


class CaseShareQuerySet(models.QuerySet):
    def active(self) -> "CaseShareQuerySet":
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class CaseShare(models.Model):
    """An explicit grant of one case to a unit or a person beyond the tree."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="case_shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="case_shares"
    )
    reason = models.CharField(_("事由"), max_length=20, choices=ShareReason.choices)
    access = models.CharField(_("权限"), max_length=10, choices=ShareAccess.choices, default=ShareAccess.READ)
    # What the grant covers, e.g. ["parties", "claims", "timeline", "evidence:12"]; empty = whole case.
    scope = models.JSONField(_("共享内容"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CaseShareQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, user__isnull=True) | Q(unit__isnull=True, user__isnull=False),
                name="share_goes_to_unit_or_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.case_id}"


class CaseNumberFormat(models.Model):
    """How a unit numbers one kind of case, e.g. "{abbr}劳人仲案字〔{year}〕第{seq}号"."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="number_formats")
    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    template = models.CharField(max_length=80)
    seq_width = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="number_format_unique")]

    def __str__(self) -> str:
        return self.template


class CaseNumberSequence(models.Model):
    """The last number given per unit, kind and year; locked while a number is taken."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"
