"""Every paper, filled with long realistic values, stays on its pages (issue 11, clean PDFs).

Read back with poppler (`pdftotext -bbox` for where each word sits, `-raw` for the text in
drawing order): no word reaches past the margins, long values come back whole, every
numbered line keeps its indent, a blank form's labels are not split, and the closing block
(unit, date and seal, hand-signature area, QR code) never stands alone on a page.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from medarb.cases.models import Case, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, register_case
from medarb.core.files import read_bytes
from medarb.documents import defaults, rendering, services
from medarb.documents.models import DocumentTemplate
from medarb.documents.testing import (
    CASE_NUMBER,
    CM,
    LONG_ADDRESS,
    LONG_COMPANY,
    PdfPage,
    kind_issuing,
    pdf_pages,
    pdf_raw_text,
    poppler_available,
)
from medarb.testing import EMPLOYER_USCC, WORKER_ID

pytestmark = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")

# documents/pdf/document.html: @page margins (left 2.8 cm, right 2.6 cm).
LEFT, RIGHT = 2.8 * CM, 2.6 * CM
HASH = "3f2a9c1e0b7d4e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f"
CAUSES = ["wages.unpaid", "wages.overtime", "wages.minimum", "wages.bonus", "termination.compensation"]
AWARD_LINE = re.compile(r"^\d+\.被申请人于本裁决生效之日起")
# What a person filling in the form looks for: each label must read whole on one line
# (the old application form printed "联" at the end of one line and "系电话" on the next).
BLANK_LABELS = {
    "blank_application": ["申请人", "性别", "出生日期", "联系电话", "住所", "被申请人", "法定代表人"],
    "blank_defence": ["答辩人", "住所", "法定代表人", "职务", "案号"],
    "blank_power_of_attorney": ["委托人", "受托人", "与委托人关系", "代理权限"],
    "blank_evidence_list": ["序号", "证据名称", "来源", "页数", "原件/复印件", "证明目的"],
    "blank_identity_statement": ["法定代表人", "职务", "特此证明"],
}

LONG_EXTRA = {
    "findings": "\n".join(
        f"经审理查明：申请人于2023年3月入职被申请人{LONG_COMPANY}，从事仓储物流工作，"
        f"双方签订了书面劳动合同，约定月工资8,000元，第{n}项事实。"
        for n in range(1, 7)
    ),
    "reasoning": "\n".join(
        f"本院认为：用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬（第{n}点）。"
        for n in range(1, 6)
    ),
    "award_text": "\n".join(
        f"{n}. 被申请人于本裁决生效之日起五日内支付申请人二〇二五年{n}月工资差额：支持 12,345.67 元。"
        for n in range(1, 11)
    ),
    "agreement_text": "\n".join(
        f"{n}. 被申请人于二〇二六年十二月{n}日前一次性支付申请人工资人民币壹万元整。" for n in range(1, 8)
    ),
    "transcript": "\n".join(
        f"仲裁员：请申请人陈述第{n}项请求及事实和理由。\n申请人：我要求被申请人支付拖欠的工资。"
        for n in range(1, 15)
    ),
    "missing_items": [f"第{n}项：劳动合同或者其他证明劳动关系的材料及其复印件" for n in range(1, 11)],
    "reply_by": date(2026, 12, 20),
    "hearing_time": "二〇二六年十二月十日上午九时三十分",
    "room": "鹭湖区劳动人事争议仲裁院第一仲裁庭（政务服务中心三楼东侧）",
    "arbitrators": "林仲裁（首席）、李仲裁、赵仲裁",
    "clerk": "陈书记",
    "evidence_deadline": date(2026, 12, 5),
    "reason": "申请人的请求不属于劳动人事争议处理范围。",
    "documents_served": f"仲裁裁决书（{CASE_NUMBER}）",
    "recipient": LONG_COMPANY,
    "method": "电子送达（电子邮件）",
    "place": LONG_ADDRESS,
    "served_at": date(2026, 11, 28),
    "receipt": "受送达人于上述时间打开文书，IP 地址 203.0.113.7",
    "document_hash": HASH,
    "server": "鹭湖区劳动人事争议仲裁院",
    "notes": "受送达人登录平台账户查看",
    "principal": LONG_COMPANY,
    "agent": "李律师（福建某某律师事务所）",
    "authority": "特别授权：代为承认、放弃、变更仲裁请求，进行和解，代为签收法律文书",
    "withdrawn_on": date(2026, 11, 20),
    "intermediate_court": "厦门市中级人民法院",
    "mediator": "郑调解",
}


def long_case(cast, kind: str = "arbitration") -> Case:
    """A worker against a company with a 40-character name, both at a long address, ten claims."""
    case = register_case(
        actor=cast.filing_officer,
        data=CaseInput(
            kind=kind,
            unit=cast.district,
            received_on=date(2026, 11, 2),
            primary_cause="wages.unpaid",
            facts="\n".join(
                f"申请人于2023年3月入职被申请人处从事仓储物流工作，被申请人自2025年{n}月起拖欠工资。"
                for n in range(1, 6)
            ),
            parties=[
                PartyInput(
                    side=PartySide.APPLICANT,
                    kind=PartyKind.WORKER,
                    name="张三",
                    id_number=WORKER_ID,
                    phone="13800138000",
                    address=LONG_ADDRESS,
                    occupation="仓储物流操作工",
                ),
                PartyInput(
                    side=PartySide.RESPONDENT,
                    kind=PartyKind.EMPLOYER,
                    name=LONG_COMPANY,
                    is_organisation=True,
                    uscc=EMPLOYER_USCC,
                    legal_representative="王老板",
                    phone="0592-5551234",
                    address=LONG_ADDRESS,
                ),
            ],
            claims=[
                ClaimInput(
                    cause=CAUSES[n % len(CAUSES)],
                    description=f"支付二〇二五年{n}月至二〇二五年{n + 1}月期间拖欠的工资及未足额支付的加班费、高温津贴",
                    amount=Decimal("12345.67"),
                )
                for n in range(1, 11)
            ],
        ),
    )
    Case.objects.filter(pk=case.pk).update(number=CASE_NUMBER)
    case.refresh_from_db()
    return case


def closing_line(line: str, *, unit_name: str, issued_on: str) -> bool:
    """A line of the closing block or the page foot, not of the body."""
    return (
        line in {unit_name, issued_on, "（签名或盖章）", "年月日"}
        or line.startswith("核验码")
        or "文书核验" in line
        or re.fullmatch(r"—\d+—", line) is not None
    )


def body_lines(page: PdfPage, **closing) -> list[str]:
    return [line for line in page.lines() if not closing_line(line, **closing)]


def assert_clean(data: bytes, tmp_path, *, unit_name: str, issued_on: str) -> list[PdfPage]:
    pages = pdf_pages(data, tmp_path)
    for page in pages:
        off = [w.text for w in page.outside(left=LEFT, right=RIGHT)]
        assert not off, f"page {page.number}: text past the margins: {off}"
        assert body_lines(page, unit_name=unit_name, issued_on=issued_on), (
            f"page {page.number} holds only the closing block: {page.lines()}"
        )
    last = pages[-1].lines()
    if issued_on:
        assert issued_on in last, "the date belongs to the last page"
    return pages


@pytest.mark.django_db
class TestEveryPaperStaysOnItsPages:
    @pytest.mark.parametrize("code", sorted(defaults.CASE_TEMPLATES))
    def test_a_case_paper_with_long_values_keeps_to_its_margins_and_its_closing_to_its_text(
        self, cast, tmp_path, code
    ):
        case = long_case(cast, kind_issuing(code))
        document = services.issue_document(
            case=case, template_code=code, actor=cast.clerk, context=LONG_EXTRA, sign=False
        )
        data = read_bytes(document.current.pdf)
        issued_on = rendering.official_date(document.issued_on)
        pages = assert_clean(data, tmp_path, unit_name=case.unit.name, issued_on=issued_on)
        last = pages[-1].lines()
        assert any(line.startswith("核验码") for line in last), "the QR code stays with the date"
        assert document.layout["page"] == len(pages) - 1, "the seal goes on the last page, by the date"
        text = pdf_raw_text(data, tmp_path)
        if "respondents" in defaults.CASE_TEMPLATES[code][1] or code == "proof_of_service":
            assert LONG_COMPANY in text
        if code == "proof_of_service":
            assert LONG_ADDRESS in text
            assert HASH in text.replace(" ", "")

    @pytest.mark.parametrize("code", ["award_final", "mediation_statement", "hearing_transcript"])
    def test_every_line_of_a_multi_line_text_keeps_its_indent(self, cast, tmp_path, code):
        case = long_case(cast)
        document = services.issue_document(
            case=case, template_code=code, actor=cast.clerk, context=LONG_EXTRA, sign=False
        )
        starts = {
            "award_final": AWARD_LINE,
            "mediation_statement": re.compile(r"^\d+\.被申请人于二〇二六年"),
            "hearing_transcript": re.compile(r"^(仲裁员：请|申请人：我要求)"),
        }[code]
        lefts = set()
        for page in pdf_pages(read_bytes(document.current.pdf), tmp_path):
            rows: dict[int, list] = {}
            for word in page.words:
                rows.setdefault(round(word.y1), []).append(word)
            for row in rows.values():
                row.sort(key=lambda w: w.x0)
                if starts.match("".join(w.text for w in row)):
                    lefts.add(round(row[0].x0))
        assert len(lefts) == 1, f"numbered lines start at {sorted(lefts)}"
        assert lefts.pop() >= LEFT + 25, "two characters (2 × 15 pt) in from the margin"

    @pytest.mark.parametrize("code", sorted(defaults.BLANK_TEMPLATES))
    def test_a_blank_form_keeps_its_labels_whole_and_its_signature_with_its_text(self, db, tmp_path, code):
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code=code)
        data = read_bytes(services.blank_form_file(template=template, fmt="pdf"))
        pages = assert_clean(data, tmp_path, unit_name="（签名或盖章）", issued_on="年月日")
        lines = [line for page in pages for line in page.lines()]
        for label in BLANK_LABELS[code]:
            assert any(label in line for line in lines), f"label {label} split over lines: {lines}"


class TestTheClosingBlockFollowsTheText:
    """The award's last lines move a line at a time past the end of a page: wherever the
    page ends, the date, the seal's place and the QR code stay with the last lines."""

    @pytest.mark.parametrize("lines", range(0, 28, 2))
    def test_the_closing_never_starts_a_page_on_its_own(self, tmp_path, lines):
        title, body = defaults.CASE_TEMPLATES["award_final"]
        award = "\n".join(f"{n}. 驳回申请人的第{n}项仲裁请求。" for n in range(1, lines + 1))
        context = rendering.sample_context(title=title, extra={"award_text": award})
        issued_on = date(2026, 11, 28)
        rendered = rendering.render_pdf(
            title=title,
            number=context["number"],
            body_html=rendering.render_body(body, context),
            unit_name=context["unit"]["name"],
            issued_on=issued_on,
            verify_code="ABCD-EFGH-JKLM",
            verify_url="https://medarb.invalid/verify/ABCDEFGHJKLM/",
        )
        pages = assert_clean(
            rendered.data,
            tmp_path,
            unit_name=context["unit"]["name"],
            issued_on=rendering.official_date(issued_on),
        )
        assert rendered.seal_page == len(pages) - 1
        assert any(line.startswith("核验码") for line in pages[-1].lines())


class TestPaperFilters:
    def test_linebreaks_makes_every_line_a_paragraph(self):
        html = rendering.render_body("{{ t|linebreaks }}", {"t": "1. 甲<乙\n\n　　2. 丙\n"})
        assert html == "<p>1. 甲&lt;乙</p><p>2. 丙</p>"

    def test_group_prints_a_hash_in_groups(self):
        assert rendering.render_body("{{ h|group:8 }}", {"h": HASH}) == (
            "3f2a9c1e 0b7d4e5f 6a8b9c0d 1e2f3a4b 5c6d7e8f 9a0b1c2d 3e4f5a6b 7c8d9e0f"
        )
