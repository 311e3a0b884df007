"""The text of a notice of service on each channel, and sending it over the network.

Nothing here touches the database: `send` is called by the outbox outside any transaction
(`delivery.outbox`), so a slow mail server, SMS gateway or WeChat API holds no lock.
"""

import hashlib
import hmac
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from medarb.core.i18n import official_language
from medarb.delivery import channels
from medarb.delivery.models import Service, ServiceAttempt, ServiceChannel


def link_for(service: Service, channel: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("delivery:open", args=[service.token]) + f"?c={channel}"


def message_id_for(attempt: ServiceAttempt) -> str:
    """The Message-ID of an e-mail notice: the same on every send of one attempt, so a mail
    sent twice (a send completed but its outcome not recorded) is recognisable as one.
    Keyed by the installation's secret, so ids of two installations never collide."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"service-attempt:{attempt.pk}".encode(), hashlib.sha256)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{attempt.pk}.{mac.hexdigest()[:16]}.service@{host}>"


def out_id_for(attempt: ServiceAttempt) -> str:
    """The caller's id sent with an SMS (the provider's OutId), the same on every send."""
    return f"service-attempt-{attempt.pk}"


def params_for(service: Service, channel: str) -> dict[str, str]:
    document = service.document
    return {
        "title": document.title,
        "number": document.number,
        "unit": document.issuer.name,
        "link": link_for(service, channel),
        "code": service.code,
        "name": service.party.name,
    }


def inbox_title(service: Service) -> str:
    with official_language():
        return _("送达：%(title)s") % {"title": service.document.title}


def send(attempt: ServiceAttempt) -> str:
    """Send the notice of one attempt on its network channel; return the message id.
    Raises `channels.ChannelError` when it did not go out."""
    # A notice of service is an official message: in the commission's language, whatever
    # language the clerk's screen happens to use when the send runs in their request.
    with official_language():
        return _send_in_language(attempt)


def _send_in_language(attempt: ServiceAttempt) -> str:
    service = attempt.service
    params = params_for(service, attempt.channel)
    address = service.address
    if attempt.channel == ServiceChannel.EMAIL:
        subject = _("【%(unit)s】电子送达：%(title)s %(number)s") % params
        body = (
            _(
                "%(name)s：\n\n%(unit)s 向您送达《%(title)s》（%(number)s）。\n\n"
                "请打开以下链接查看并签收，打开时需输入一次性验证码 %(code)s：\n%(link)s\n\n"
                "您打开文书的时间将记录为送达时间。本邮件由系统发出，请勿回复。\n"
            )
            % params
        )
        return channels.send_email(
            to=address.email, subject=subject, body=body, message_id=message_id_for(attempt)
        )
    if attempt.channel == ServiceChannel.SMS:
        return channels.send_sms(
            phone=address.phone,
            params={"title": params["title"], "code": params["code"], "link": params["link"]},
            out_id=out_id_for(attempt),
        )
    if attempt.channel == ServiceChannel.WECHAT:
        return channels.send_wechat(
            openid=address.wechat_openid,
            url=params["link"],
            data={
                "first": _("您有一份法律文书待签收"),
                "keyword1": params["title"],
                "keyword2": params["number"],
                "keyword3": params["unit"],
                "remark": _("验证码 %(code)s") % params,
            },
        )
    raise channels.ChannelError(f"unknown channel {attempt.channel}")
