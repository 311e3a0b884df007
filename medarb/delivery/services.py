"""Electronic service (电子送达, 民诉法 Art. 90; 办案规则 Art. 20) and its fall-back by post.

    confirm_service_address(*, party, actor, ...)          送达地址确认书 (consent, addresses)
    serve_document(*, document, actor, parties=None)       create services, queue the notices
    retry_attempt(*, attempt, actor)                       staff send a failed notice again
    open_service(*, service, request, user=None, channel)  the recipient opens: served
    escalate_to_postal(*, service, reason)                 not served in time / no consent
    record_postal_dispatch(*, service, actor, tracking_number)
    record_postal_receipt(*, service, actor, served_on, note="")

When is a document served? Electronically, on the recipient's confirmed opening (the time,
channel, IP address and document hash are recorded and printed on the proof of service): an
"electronic method that confirms receipt" (Art. 90), and the conservative reading — a default
award or deemed withdrawal needs confirmed service (办案规则 Art. 59). By post, on the date of
the signed receipt. Periods that start at service read `Service.served_at` through the
`hooks.register_on_served` callbacks.

Notices go out through the outbox (`delivery.outbox`): a service only writes the attempts in
its transaction; the jobs send them after the commit, outside any transaction.
"""

import hmac
import re
import secrets
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Party
from medarb.cases.services import add_timeline, record_act
from medarb.core.clientip import client_ip
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.i18n import official_language
from medarb.core.masking import mask_phone
from medarb.core.validators import parse_mobile
from medarb.delivery import outbox
from medarb.delivery.hooks import fire_on_served
from medarb.delivery.models import (
    AttemptStatus,
    Service,
    ServiceAddress,
    ServiceAttempt,
    ServiceChannel,
    ServiceStatus,
)
from medarb.documents.models import IssuedDocument
from medarb.documents.rendering import official_datetime
from medarb.documents.services import issue_document

CODE_ATTEMPTS = 5
TRACKING_NUMBER = re.compile(r"^[A-Z0-9]{8,30}$")


def mask_email(email: str) -> str:
    name, _sep, domain = email.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"


def current_address(party: Party) -> ServiceAddress | None:
    return party.service_addresses.filter(withdrawn_at__isnull=True).order_by("-confirmed_at", "-id").first()


# --- addresses -------------------------------------------------------------------------------


@transaction.atomic
def confirm_service_address(
    *,
    party: Party,
    actor,
    consent_electronic: bool,
    email: str = "",
    phone: str = "",
    wechat_openid: str = "",
    postal_address: str = "",
    agent_for_service: str = "",
    request=None,
) -> ServiceAddress:
    """Record a party's 送达地址确认书; electronic service needs its consent (Art. 90)."""
    own = getattr(actor, "is_authenticated", False) and party.user_id == actor.pk
    if not own and not policy.can_write_case(actor, party.case):
        raise NotAllowed(_("您不能为该当事人确认送达地址。"))
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError(_("电子邮箱格式不正确。"), field="email") from exc
    if phone:
        try:
            phone = parse_mobile(phone)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="phone") from exc
    if consent_electronic and not (email or phone or wechat_openid or party.user_id):
        raise DomainError(
            _("同意电子送达的，请至少填写一个电子送达地址（邮箱、手机或微信）。"), field="email"
        )
    if not consent_electronic and not (postal_address or party.address):
        raise DomainError(_("不同意电子送达的，请填写邮寄地址。"), field="postal_address")
    now = timezone.now()
    party.service_addresses.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    address = ServiceAddress.objects.create(
        party=party,
        consent_electronic=consent_electronic,
        email=email,
        phone=phone,
        wechat_openid=(wechat_openid or "").strip(),
        postal_address=(postal_address or party.address).strip(),
        agent_for_service=(agent_for_service or "").strip(),
        confirmed_at=now,
        confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_act(
        case=party.case,
        actor=actor,
        kind="service_address",
        title=gettext_lazy("%(name)s 确认送达地址（%(consent)s）"),
        params={
            "name": party.name,
            "consent": gettext_lazy("同意电子送达") if consent_electronic else gettext_lazy("不同意电子送达"),
        },
        obj=party,
        summary="送达地址确认书",
        request=request,
        party_id=party.pk,
    )
    return address


# --- serving ---------------------------------------------------------------------------------


def _channels_for(party: Party, address: ServiceAddress | None) -> list[tuple[str, str]]:
    """(channel, masked destination) in the order the notices go out."""
    if address is None or not address.consent_electronic:
        return []
    out = []
    if party.user_id:
        out.append((ServiceChannel.PORTAL, _("平台账户")))
    if address.email:
        out.append((ServiceChannel.EMAIL, mask_email(address.email)))
    if address.phone:
        out.append((ServiceChannel.SMS, mask_phone(address.phone)))
    if address.wechat_openid:
        out.append((ServiceChannel.WECHAT, _("微信公众号")))
    return out


def _default_recipients(document: IssuedDocument) -> list[Party]:
    return list(document.case.parties.filter(principal__isnull=True).order_by("side", "id"))


@transaction.atomic
def serve_document(
    *, document: IssuedDocument, actor, parties: list[Party] | None = None, request=None
) -> list[Service]:
    """Serve a document on the parties: by the channels each consented to, else by post."""
    case = document.case
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您不能在该案件中送达文书。"))
    if document.revoked_at:
        raise DomainError(_("已撤销的文书不能送达。"))
    if document.is_internal:
        raise DomainError(_("副卷文书不对当事人送达。"))
    recipients = parties if parties is not None else _default_recipients(document)
    if not recipients:
        raise DomainError(_("请选择受送达人。"))
    services = []
    now = timezone.now()
    for party in recipients:
        if party.case_id != case.pk:
            raise DomainError(_("受送达人不是本案当事人。"))
        if (
            Service.objects.filter(document=document, party=party)
            .exclude(status=ServiceStatus.FAILED)
            .exists()
        ):
            continue  # already being served; never send the same paper twice by mistake
        address = current_address(party)
        service = Service.objects.create(
            document=document,
            case=case,
            party=party,
            address=address,
            token=secrets.token_urlsafe(32),
            code=f"{secrets.randbelow(10**6):06d}",
            deadline_at=now + settings.DELIVERY_ESCALATE_AFTER,
            created_by=actor,
        )
        targets = _channels_for(party, address)
        for channel, destination in targets:
            ServiceAttempt.objects.create(
                service=service, channel=channel, destination=destination, queued_at=now
            )
        add_timeline(
            case=case,
            actor=actor,
            kind="service_started",
            title=_("向%(name)s送达%(title)s") % {"name": party.name, "title": document.title},
            detail="、".join(str(ServiceChannel(c).label) for c, _d in targets)
            or _("无电子送达地址，转邮寄送达"),
            document_id=document.pk,
            service_id=service.pk,
        )
        if not targets:
            escalate_to_postal(service=service, reason=_("当事人未同意电子送达或无电子送达地址"))
        services.append(service)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        case_id=case.pk,
        summary=f"送达{document.title}",
        data={"services": [s.pk for s in services]},
        request=request,
    )
    attempt_ids = list(ServiceAttempt.objects.filter(service__in=services).values_list("pk", flat=True))
    transaction.on_commit(lambda: outbox.enqueue(attempt_ids))
    return services


@transaction.atomic
def retry_attempt(*, attempt: ServiceAttempt, actor) -> ServiceAttempt:
    """Staff send a failed notice again (after fixing the address, or when the provider is back)."""
    if not policy.can_write_case(actor, attempt.service.case):
        raise NotAllowed(_("您不能操作该送达。"))
    if attempt.status == AttemptStatus.SENT:
        raise DomainError(_("该通知已经发出。"))
    if attempt.status == AttemptStatus.CANCELLED:
        raise DomainError(_("文书已送达，无需重新发送。"))
    now = timezone.now()
    # Conditional: a job may have claimed the attempt since it was read.
    if not ServiceAttempt.objects.filter(
        pk=attempt.pk, status__in=[AttemptStatus.QUEUED, AttemptStatus.RETRYING, AttemptStatus.FAILED]
    ).update(status=AttemptStatus.QUEUED, tries=0, next_try_at=None, queued_at=now):
        raise DomainError(_("该通知正在发送，请稍后刷新查看结果。"))
    attempt.refresh_from_db()
    transaction.on_commit(lambda: outbox.enqueue([attempt.pk]))
    return attempt


# --- opening = service ------------------------------------------------------------------------


def check_code(*, service: Service, code: str) -> bool:
    """The one-time code, compared in constant time; five wrong tries void it."""
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        if not service.code or service.code_attempts >= CODE_ATTEMPTS:
            return False
        if hmac.compare_digest(service.code, (code or "").strip()):
            return True
        service.code_attempts += 1
        service.save(update_fields=["code_attempts"])
        return False


def recipient_user_matches(service: Service, user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and service.party.user_id == user.pk)


@transaction.atomic
@official_language()
def open_service(*, service: Service, request=None, user=None, channel: str = "") -> Service:
    """The recipient opened the document: record time, channel, IP and the document's hash,
    produce the proof of service, and start the periods that run from service."""
    service = (
        Service.objects.select_for_update(of=("self",))
        .select_related("document__case__unit", "party")
        .get(pk=service.pk)
    )
    if service.status == ServiceStatus.SERVED:
        return service
    document = service.document
    current = document.current
    now = timezone.now()
    if channel not in ServiceChannel.values or channel == ServiceChannel.POSTAL:
        channel = ServiceChannel.PORTAL
    service.status = ServiceStatus.SERVED
    service.served_at = now
    service.served_channel = channel
    service.served_ip = client_ip(request) if request is not None else None
    service.served_sha256 = current.pdf.sha256
    service.served_by_user = user if getattr(user, "is_authenticated", False) else None
    service.code = ""  # one-time
    attempt = service.attempts.filter(channel=channel).first()
    place = attempt.destination if attempt else ServiceChannel(channel).label
    service.proof = issue_document(
        case=document.case,
        template_code="proof_of_service",
        actor=None,
        context={
            "documents_served": f"{document.title}（{document.number}）"
            if document.number
            else document.title,
            "recipient": service.party.name,
            "method": _("电子送达（%(channel)s）") % {"channel": ServiceChannel(channel).label},
            "place": place,
            "served_at": now,
            "receipt": _("受送达人于上述时间打开文书，IP 地址 %(ip)s") % {"ip": service.served_ip or "—"},
            "document_hash": current.pdf.sha256,
            "server": document.issuer.name,
            "notes": _("一次性验证码核验")
            if service.served_by_user is None
            else _("受送达人登录平台账户查看"),
        },
        meta={"service_id": service.pk, "served_document_id": document.pk},
    )
    service.save(
        update_fields=[
            "status",
            "served_at",
            "served_channel",
            "served_ip",
            "served_sha256",
            "served_by_user",
            "code",
            "proof",
        ]
    )
    service.inbox_messages.filter(read_at__isnull=True).update(read_at=now)
    record_act(
        case=document.case,
        actor=service.served_by_user,
        kind="document_served",
        title=gettext_lazy("%(title)s已送达%(name)s"),
        params={"title": document.title, "name": service.party.name},
        detail=_("%(channel)s · %(when)s")
        % {"channel": ServiceChannel(channel).label, "when": official_datetime(now)},
        article="民事诉讼法第九十条",
        obj=document,
        action=AuditAction.READ,
        summary=f"送达签收 {document.title}",
        audit_data={"service": service.pk, "channel": channel, "sha256": current.pdf.sha256},
        request=request,
        document_id=document.pk,
        service_id=service.pk,
        served_at=now.isoformat(),
        sha256=current.pdf.sha256,
    )
    fire_on_served(document=document, served_at=now, party=service.party, service=service, channel=channel)
    return service


# --- postal fall-back -------------------------------------------------------------------------


@transaction.atomic
@official_language()
def escalate_to_postal(*, service: Service, reason: str) -> Service:
    if service.status in {ServiceStatus.SERVED, ServiceStatus.POSTAL}:
        return service
    service.status = ServiceStatus.POSTAL
    service.escalated_at = timezone.now()
    service.escalation_reason = reason[:200]
    service.save(update_fields=["status", "escalated_at", "escalation_reason"])
    add_timeline(
        case=service.case,
        actor=None,
        kind="service_postal",
        title=_("%(title)s转邮寄送达（%(name)s）")
        % {"title": service.document.title, "name": service.party.name},
        detail=reason,
        service_id=service.pk,
    )
    return service


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Services not served electronically by their deadline go to postal service."""
    now = now or timezone.now()
    overdue = Service.objects.filter(
        status__in=[ServiceStatus.PENDING, ServiceStatus.SENT], deadline_at__lte=now
    )
    count = 0
    for service in overdue.select_related("document", "party", "case"):
        escalate_to_postal(service=service, reason=_("电子送达期限内未签收"))
        count += 1
    return count


@transaction.atomic
def record_postal_dispatch(*, service: Service, actor, tracking_number: str, request=None) -> Service:
    if not policy.can_write_case(actor, service.case):
        raise NotAllowed(_("您不能操作该送达。"))
    number = re.sub(r"\s+", "", tracking_number or "").upper()
    if not TRACKING_NUMBER.match(number):
        raise DomainError(_("邮件单号应为 8–30 位字母或数字。"), field="tracking_number")
    if service.status != ServiceStatus.POSTAL:
        raise DomainError(_("该送达不处于邮寄送达状态。"))
    with official_language():  # the records and the proof are in the commission's language
        service.tracking_number = number
        service.postal_sent_at = timezone.now()
        service.save(update_fields=["tracking_number", "postal_sent_at"])
        record_act(
            case=service.case,
            actor=actor,
            kind="service_posted",
            title=gettext_lazy("%(title)s已交邮寄送达（%(name)s），单号 %(no)s"),
            params={"title": service.document.title, "name": service.party.name, "no": number},
            obj=service.document,
            summary=f"邮寄送达 {number}",
            request=request,
            service_id=service.pk,
        )
        return service


@transaction.atomic
def record_postal_receipt(
    *, service: Service, actor, served_on: date, note: str = "", request=None
) -> Service:
    """The signed postal receipt came back: served on the date it bears (民诉法 Art. 91)."""
    if not policy.can_write_case(actor, service.case):
        raise NotAllowed(_("您不能操作该送达。"))
    if service.status != ServiceStatus.POSTAL or not service.tracking_number:
        raise DomainError(_("请先登记邮件单号。"))
    if served_on > timezone.localdate() or served_on < timezone.localtime(service.postal_sent_at).date():
        raise DomainError(_("签收日期应在寄出日期与今天之间。"), field="served_on")
    with official_language():  # the records and the proof are in the commission's language
        served_at = timezone.make_aware(datetime.combine(served_on, time(0, 0)))
        document = service.document
        service.status = ServiceStatus.SERVED
        service.served_at = served_at
        service.served_channel = ServiceChannel.POSTAL
        service.served_sha256 = document.current.pdf.sha256
        service.code = ""
        service.proof = issue_document(
            case=document.case,
            template_code="proof_of_service",
            actor=None,
            context={
                "documents_served": document.title,
                "recipient": service.party.name,
                "method": _("邮寄送达（仲裁专递）"),
                "place": service.address.postal_address if service.address else service.party.address,
                "served_at": served_on,
                "receipt": _("邮件单号 %(no)s，签收日期见邮件回执") % {"no": service.tracking_number},
                "document_hash": service.served_sha256,
                "server": str(actor),
                "notes": note,
            },
            meta={"service_id": service.pk, "served_document_id": document.pk},
        )
        service.save(
            update_fields=["status", "served_at", "served_channel", "served_sha256", "code", "proof"]
        )
        record_act(
            case=service.case,
            actor=actor,
            kind="document_served",
            title=gettext_lazy("%(title)s已邮寄送达%(name)s"),
            params={"title": document.title, "name": service.party.name},
            detail=official_datetime(served_at),
            obj=document,
            summary="邮寄送达签收",
            request=request,
            document_id=document.pk,
            service_id=service.pk,
            served_at=served_at.isoformat(),
        )
        fire_on_served(
            document=document,
            served_at=served_at,
            party=service.party,
            service=service,
            channel=ServiceChannel.POSTAL,
        )
        return service


def party_may_open(*, user, document) -> bool:
    """Parties read a document once it has been served on them (opening is the receipt)."""
    return Service.objects.filter(
        document=document, party__user=user, status=ServiceStatus.SERVED
    ).exists() or (
        # proofs of service and papers they signed themselves are theirs too
        document.meta.get("service_id") is not None
        and Service.objects.filter(pk=document.meta["service_id"], party__user=user).exists()
    )
