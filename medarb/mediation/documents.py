"""PDFs of mediation: the agreement (调解协议书) and the training certificate.

Rendered here with WeasyPrint and the Noto CJK fonts because the shared document service
(`medarb/documents`) did not exist when this was written; the seal is drawn, not a
cryptographic signature — switch to the documents app's generation and PAdES seal when it lands.
"""

import base64

from django.template.loader import render_to_string
from django.utils import timezone

from medarb.core.files import read_bytes
from medarb.core.i18n import official_language
from medarb.documents.pdf import write_pdf


def _data_url(stored) -> str:
    return "data:image/png;base64," + base64.b64encode(read_bytes(stored)).decode()


def _pdf(html: str) -> bytes:
    # The one safe renderer: nothing outside the platform's static assets is fetched.
    return write_pdf(html)


def render_agreement_pdf(agreement) -> bytes:
    # An official paper: in Chinese whatever language the mediator's screen uses.
    with official_language():
        return _render_agreement_pdf(agreement)


def _render_agreement_pdf(agreement) -> bytes:
    case = agreement.case
    signatures = [
        {"s": s, "image": _data_url(s.image), "at": timezone.localtime(s.signed_at)}
        for s in agreement.signatures.select_related("image")
    ]
    html = render_to_string(
        "mediation/pdf/agreement.html",
        {
            "agreement": agreement,
            "case": case,
            "paragraphs": agreement.text.splitlines(),
            "signatures": signatures,
            "sealed_at": timezone.localtime(agreement.sealed_at) if agreement.sealed_at else None,
        },
    )
    return _pdf(html)


def render_certificate_pdf(completion) -> bytes:
    with official_language():
        html = render_to_string(
            "mediation/pdf/certificate.html",
            {"completion": completion, "at": timezone.localtime(completion.completed_at)},
        )
    return _pdf(html)
