"""Legal aid (法律援助法) for workers: applications taken online, at the window or by referral,
examined by the legal-aid station within the statute's periods, aid assigned to a lawyer or
the station's staff, refusals in writing with the objection to the justice bureau; and the
free legal advice the station gives."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField
from medarb.core.models import StoredFile


class Matter(models.TextChoices):
    """The matters of Art. 31 that concern workers."""

    REMUNERATION = "remuneration", _("请求确认劳动关系或者支付劳动报酬（第三十一条第五项）")
    SOCIAL_INSURANCE = "social_insurance", _("请求给予社会保险待遇（第三十一条第二项）")
    WORK_INJURY = "work_injury", _("请求工伤事故人身损害赔偿（第三十一条第七项）")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口申请")
    REFERRAL = "referral", _("立案/仲裁庭转介")


class AidState(models.TextChoices):
    RECEIVED = "received", _("待审查")
    INCOMPLETE = "incomplete", _("待补充材料")
    APPROVED = "approved", _("准予援助，待指派")
    ASSIGNED = "assigned", _("已指派")
    REFUSED = "refused", _("不予援助")
    WITHDRAWN = "withdrawn", _("视为撤回")


class Waiver(models.Model):
    """A case where the station does not examine hardship (Art. 32 (五): what local rules add,
    e.g. migrant workers claiming wages, work injuries), for a unit's subtree from a date."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    matter = models.CharField(_("援助事项"), max_length=20, choices=Matter.choices)
    migrant_only = models.BooleanField(_("仅限农民工"), default=False)
    source = models.CharField(_("依据"), max_length=200)
    effective_from = models.DateField(_("施行日期"))

    class Meta:
        verbose_name = _("免予审查经济困难的情形")
        verbose_name_plural = _("免予审查经济困难的情形")

    def __str__(self) -> str:
        return f"{self.get_matter_display()} · {self.source}"


class Application(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_aid")
    party = models.ForeignKey(
        "cases.Party", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        "orgs.Unit", verbose_name=_("法律援助机构"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("来源"), max_length=10, choices=Channel.choices)
    matter = models.CharField(_("援助事项"), max_length=20, choices=Matter.choices)
    # Per-capita monthly income of the household, as declared (with proof), against the line.
    income = models.DecimalField(
        _("家庭人均月收入（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    is_migrant = models.BooleanField(_("农民工"), default=False)
    statement = models.TextField(_("申请事由"), blank=True)
    received_on = models.DateField(_("收到申请日期"))
    state = models.CharField(_("状态"), max_length=12, choices=AidState.choices, default=AidState.RECEIVED)
    # Art. 44: a period ends within 7 days, or preservation is urgent: aid first, formalities later.
    urgent = models.BooleanField(_("先行援助"), default=False)
    urgent_reason = models.CharField(_("先行援助理由"), max_length=200, blank=True)
    missing = models.TextField(_("需补充的材料"), blank=True)
    missing_notified_on = models.DateField(null=True, blank=True)
    supplement_by = models.DateField(_("补充期限"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("不予援助的理由"), blank=True)
    refusal_notice = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("法律援助人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_assignments",
    )
    assigned_on = models.DateField(_("指派日期"), null=True, blank=True)
    objection_on = models.DateField(_("提出异议日期"), null=True, blank=True)
    objection = models.TextField(_("异议理由"), blank=True)
    objection_result = models.CharField(_("异议审查结果"), max_length=20, blank=True)
    objection_decided_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律援助申请")
        verbose_name_plural = _("法律援助申请")
        ordering = ["-urgent", "received_on", "id"]
        indexes = [models.Index(fields=["station", "state"], name="legalaid_station_state")]

    def __str__(self) -> str:
        return f"{self.party} · {self.get_matter_display()}"


class Proof(models.Model):
    """A proof document of an application (ID, income, the dispute)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="proofs")
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.title


class Advice(models.Model):
    """One free legal advice session (法律咨询) at the station or its window."""

    station = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("咨询时间"))
    person = models.CharField(_("咨询人"), max_length=60)
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    topic = models.CharField(_("咨询事项"), max_length=20, choices=Matter.choices)
    summary = models.TextField(_("咨询内容及答复"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("法律咨询")
        verbose_name_plural = _("法律咨询")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person} {self.at:%Y-%m-%d}"
