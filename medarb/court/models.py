"""Arbitration–court linkage (裁审衔接): what happens to a case at the people's court after
the commission — a suit against the award, an employer's application to revoke a final award,
judicial confirmation of a mediation agreement, a payment order, enforcement — recorded with
its period and its outcome; and the dossier handed to the court, with the court's receipt."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.models import StoredFile


class Route(models.TextChoices):
    SUIT = "suit", _("不服仲裁裁决起诉")
    REVOCATION = "revocation", _("申请撤销终局裁决")
    CONFIRMATION = "confirmation", _("申请司法确认")
    PAYMENT_ORDER = "payment_order", _("申请支付令")
    ENFORCEMENT = "enforcement", _("申请强制执行")


class Outcome(models.TextChoices):
    PENDING = "pending", _("审理中")
    UPHELD = "upheld", _("维持仲裁结果")
    CHANGED = "changed", _("改判")
    REVOKED = "revoked", _("撤销裁决")
    WITHDRAWN = "withdrawn", _("撤诉/撤回申请")
    SETTLED = "settled", _("调解结案")
    CONFIRMED = "confirmed", _("确认调解协议有效")
    REJECTED = "rejected", _("驳回申请")
    ISSUED = "issued", _("发出支付令")
    ENFORCED = "enforced", _("执行完毕")


class Filing(models.Model):
    """One application of a party to the court about the case, and what the court decided."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="court_filings")
    route = models.CharField(_("途径"), max_length=20, choices=Route.choices)
    party = models.ForeignKey(
        "cases.Party", verbose_name=_("提出方"), on_delete=models.PROTECT, related_name="+"
    )
    court = models.ForeignKey(
        "orgs.Unit", verbose_name=_("受理法院"), on_delete=models.PROTECT, related_name="+"
    )
    court_number = models.CharField(_("法院案号"), max_length=60, blank=True)
    filed_on = models.DateField(_("立案日期"))
    # The period's last day when the filing was recorded (from the case's clock), and whether
    # the filing came after it.
    due_on = models.DateField(_("期限届满日"), null=True, blank=True)
    late = models.BooleanField(_("逾期"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(_("裁判日期"), null=True, blank=True)
    judgment = models.ForeignKey(
        StoredFile,
        verbose_name=_("裁判文书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("法院立案")
        verbose_name_plural = _("法院立案")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["route", "outcome"], name="court_filing_route_outcome")]

    def __str__(self) -> str:
        return f"{self.get_route_display()} {self.court_number}".strip()


class Transfer(models.Model):
    """The case's dossier handed to the court (卷宗移送): a package of the main volume with a
    manifest of hashes, and the court's receipt."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="court_transfers")
    court = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    package = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    manifest_sha256 = models.CharField(max_length=64)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    receipt_note = models.CharField(_("回执说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("卷宗移送")
        verbose_name_plural = _("卷宗移送")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"transfer {self.pk}"


class JointMeeting(models.Model):
    """A joint meeting (联席会议) of the commission and the court: cases and questions of law
    discussed, minutes recorded and sealed by the commission."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("仲裁机构"), on_delete=models.PROTECT, related_name="+"
    )
    court = models.ForeignKey(
        "orgs.Unit", verbose_name=_("人民法院"), on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("会议地点"), max_length=120)
    attendees = models.TextField(_("参会人员"))
    topics = models.TextField(_("会议议题"))
    minutes = models.TextField(_("会议纪要"))
    cases = models.ManyToManyField("cases.Case", verbose_name=_("研究的案件"), blank=True, related_name="+")
    minutes_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("裁审联席会议")
        verbose_name_plural = _("裁审联席会议")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.court} {self.held_at:%Y-%m-%d}"
