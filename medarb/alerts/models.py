"""Early warning (风险预警): rules over intake set by a commission, the alerts they raise with the
cases behind them, the notices to linked units and contacts, and the joint meetings (联席会议)
called on an alert with their follow-up tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField


class RuleKind(models.TextChoices):
    COLLECTIVE_WAVE = "collective_wave", _("群体性争议苗头")
    REPEAT_EMPLOYER = "repeat_employer", _("同一用人单位案件多发")
    LARGE_AMOUNT = "large_amount", _("大额争议")
    FESTIVAL_SURGE = "festival_surge", _("春节前欠薪申请激增")
    CONSTRUCTION_ARREARS = "construction_wages", _("工程建设领域欠薪")
    THREATENED_ACTION = "threatened_action", _("扬言采取集体行动")


class Level(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较大")
    MAJOR = "major", _("重大")


class AlertRule(models.Model):
    """One rule of a unit, over the cases of the unit and the units below it. `threshold` is
    the number of workers (collective wave) or of cases (repeat employer) within `days`;
    `amount` the claimed total of one case (large amount)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="alert_rules")
    kind = models.CharField(_("预警类型"), max_length=20, choices=RuleKind.choices)
    threshold = models.PositiveIntegerField(_("人数/件数"), default=10)
    days = models.PositiveIntegerField(_("天数"), default=10)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("预警级别"), max_length=10, choices=Level.choices, default=Level.SERIOUS)
    enabled = models.BooleanField(_("启用"), default=True)
    # Units whose staff see the alert on their dashboard (a street room, a department in the tree).
    linked_units = models.ManyToManyField(
        "orgs.Unit", blank=True, related_name="+", verbose_name=_("联动单位")
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_rule_of_a_kind_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()}"


class Contact(models.Model):
    """A person of a linked department outside the tree (劳动保障监察, 住建), told by SMS."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="alert_contacts")
    department = models.CharField(_("部门"), max_length=60)
    name = models.CharField(_("联系人"), max_length=30)
    phone = EncryptedCharField(_("手机号码"))
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("联动部门联系人")
        verbose_name_plural = _("联动部门联系人")
        ordering = ["department", "name"]

    def __str__(self) -> str:
        return f"{self.department} {self.name}"


class AlertState(models.TextChoices):
    OPEN = "open", _("待处置")
    HANDLING = "handling", _("联动处置中")
    CLOSED = "closed", _("已办结")


class Alert(models.Model):
    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    # What the alert is about (an employer and a cause, an employer, a case): a wave that goes
    # on extends the open alert of the same key instead of raising another.
    key = models.CharField(max_length=200)
    level = models.CharField(_("预警级别"), max_length=10, choices=Level.choices)
    title = models.CharField(_("预警事项"), max_length=200)
    state = models.CharField(_("状态"), max_length=10, choices=AlertState.choices, default=AlertState.OPEN)
    workers = models.PositiveIntegerField(_("涉及劳动者"), default=0)
    amount = models.DecimalField(_("涉及金额"), max_digits=16, decimal_places=2, default=0)
    cases = models.ManyToManyField("cases.Case", related_name="alerts", verbose_name=_("相关案件"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(_("处置结果"), blank=True)

    class Meta:
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "key"], condition=~Q(state="closed"), name="one_open_alert_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Notice(models.Model):
    """The alert sent to a linked unit (its dashboard) or a contact (an SMS)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    failed = models.CharField(max_length=200, blank=True)  # why an SMS did not go
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.unit_id or self.contact_id}"


class JointMeeting(models.Model):
    """联席会议 called on an alert; its minutes are sealed by the calling unit as a PDF."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="meetings")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("地点"), max_length=120)
    attendees = models.TextField(_("参会单位和人员"))
    minutes = models.TextField(_("会议纪要"), blank=True)
    minutes_file = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["held_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """A task the joint meeting gave a unit, followed to its closure."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="follow_ups")
    task = models.CharField(_("任务"), max_length=300)
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    due_on = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(_("落实情况"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.task
