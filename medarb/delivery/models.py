"""Service (送达) of documents to parties: addresses and consent, each service, each attempt
on each channel, the portal inbox, and the record of opening (the electronic receipt)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medarb.core.crypto import EncryptedCharField


class ServiceAddress(models.Model):
    """送达地址确认书: where and how a party accepts service. A change is a new row."""

    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="service_addresses")
    consent_electronic = models.BooleanField(_("同意电子送达"), default=False)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = EncryptedCharField(_("手机号码"), blank=True, default="")
    wechat_openid = models.CharField(_("微信 OpenID"), max_length=64, blank=True)
    postal_address = models.CharField(_("邮寄地址"), max_length=200, blank=True)
    agent_for_service = models.CharField(_("代收人"), max_length=60, blank=True)
    confirmed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("送达地址确认书")
        verbose_name_plural = _("送达地址确认书")
        ordering = ["party_id", "-confirmed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.party} ({self.confirmed_at:%Y-%m-%d})"


class ServiceStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送，待签收")
    SERVED = "served", _("已送达")
    POSTAL = "postal", _("转邮寄送达")
    FAILED = "failed", _("送达失败")


class ServiceChannel(models.TextChoices):
    PORTAL = "portal", _("平台站内信")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信")
    POSTAL = "postal", _("邮寄（仲裁专递）")


class Service(models.Model):
    """One document served on one party."""

    document = models.ForeignKey(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="services"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="services")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="services")
    address = models.ForeignKey(
        ServiceAddress, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.PENDING, db_index=True
    )
    # The link token (in every message) and the one-time code (sent with it); the code is kept
    # encrypted so the sending job can put it in the message, and is voided once used.
    token = models.CharField(max_length=43, unique=True)
    code = EncryptedCharField(blank=True, default="")
    code_attempts = models.PositiveSmallIntegerField(default=0)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True, db_index=True)
    served_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    served_channel = models.CharField(max_length=10, choices=ServiceChannel.choices, blank=True)
    served_ip = models.GenericIPAddressField(null=True, blank=True)
    served_sha256 = models.CharField(max_length=64, blank=True)
    served_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proof = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_reason = models.CharField(max_length=200, blank=True)
    tracking_number = models.CharField(_("邮件单号"), max_length=40, blank=True)
    postal_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("送达")
        verbose_name_plural = _("送达")
        ordering = ["case_id", "created_at", "id"]
        indexes = [models.Index(fields=["status", "deadline_at"], name="service_status_deadline")]

    def __str__(self) -> str:
        return f"{self.document} → {self.party}"


class AttemptStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发出")
    RETRYING = "retrying", _("发送失败，等待重试")
    FAILED = "failed", _("发送失败")
    CANCELLED = "cancelled", _("已送达，不再发送")


class ServiceAttempt(models.Model):
    """Sending the notice of one service on one channel, with its retries: a row of the
    outbox (see `delivery.outbox`). A worker claims it for a lease, sends outside any
    transaction, and records the outcome; the sweep re-queues what made no progress."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attempts")
    channel = models.CharField(max_length=10, choices=ServiceChannel.choices)
    destination = models.CharField(max_length=120, blank=True)  # masked, for the panel and proof
    status = models.CharField(
        max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.QUEUED, db_index=True
    )
    tries = models.PositiveSmallIntegerField(default=0)  # claims: each one may have sent
    queued_at = models.DateTimeField(null=True, blank=True)  # last put (back) in the queue
    claimed_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["service_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.destination}: {self.get_status_display()}"


class InboxMessage(models.Model):
    """The portal inbox of a party user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="inbox_messages")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
