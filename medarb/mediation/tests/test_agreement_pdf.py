"""The sealed mediation agreement (调解协议书) stays on its pages (issue 11, clean PDFs): long
names and ten terms keep to the margins, and the signatures and the seal never stand alone on
a last page — they stay with the agreement's last paragraph, wherever the page ends."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from medarb.cases.models import PartySide
from medarb.core.files import read_bytes
from medarb.documents.testing import (
    CM,
    LONG_ADDRESS,
    LONG_COMPANY,
    pdf_pages,
    pdf_raw_text,
    poppler_available,
)
from medarb.mediation import services
from medarb.mediation.documents import render_agreement_pdf
from medarb.mediation.models import PerformanceMethod
from medarb.mediation.tests.helpers import in_session, sign_all

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed"),
]

MARGIN = 2.2 * CM  # mediation/pdf/agreement.html: @page margin 25mm 22mm
SEAL = "调解专用章"
LAST = "本协议自双方当事人签名"  # the agreement's last paragraph (services.agreement._agreement_text)


def sealed_agreement(cast):
    case, _session = in_session(cast.street_mediator, cast.street_a)
    case.parties.filter(side=PartySide.RESPONDENT).update(name=LONG_COMPANY, address=LONG_ADDRESS)
    agreement = services.draft_agreement(
        case=case,
        actor=cast.street_mediator,
        data=services.AgreementInput(
            matters=f"申请人主张被申请人{LONG_COMPANY}自二〇二五年一月起拖欠工资、加班费和高温津贴。",
            terms=[
                services.TermInput(
                    description=f"支付二〇二五年{n}月拖欠的工资、加班费和高温津贴",
                    amount=Decimal("12345.67"),
                    due_on=timezone.localdate() + timedelta(days=10 + n),
                    method=PerformanceMethod.BANK_TRANSFER,
                )
                for n in range(1, 11)
            ],
        ),
    )
    sign_all(agreement, cast.street_mediator)
    services.seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
    agreement.refresh_from_db()
    return agreement


def assert_clean(data: bytes, tmp_path) -> None:
    pages = pdf_pages(data, tmp_path)
    for page in pages:
        off = [w.text for w in page.outside(left=MARGIN, right=MARGIN)]
        assert not off, f"page {page.number}: text past the margins: {off}"
    sealed = [page for page in pages if any(SEAL in line for line in page.lines())]
    assert len(sealed) == 1
    lines = sealed[0].lines()
    assert any(line.startswith(LAST) for line in lines), f"the seal without the text: {lines}"


class TestTheSealedAgreementPdf:
    def test_long_names_and_ten_terms_keep_to_the_margins_with_the_seal_by_the_text(self, cast, tmp_path):
        agreement = sealed_agreement(cast)
        data = read_bytes(agreement.pdf)
        assert_clean(data, tmp_path)
        text = pdf_raw_text(data, tmp_path)
        assert LONG_COMPANY in text
        assert agreement.text_hash in text

    def test_wherever_the_page_ends_the_signatures_and_seal_stay_with_the_last_paragraph(
        self, cast, tmp_path
    ):
        agreement = sealed_agreement(cast)
        lines = agreement.text.splitlines()
        for extra in range(0, 30, 2):
            # The layout only: the stored text and its hash are not touched.
            filler = [f"{n}. 双方确认无其他争议（第{n}项）。" for n in range(1, extra + 1)]
            agreement.text = "\n".join([*lines[:-1], *filler, lines[-1]])
            assert_clean(render_agreement_pdf(agreement), tmp_path)
