"""Every statutory paper is issued from the case by the act the law attaches it to (issue #3)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from medarb.arbitration import services
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError, ProcedureError
from medarb.core.files import read_bytes
from medarb.documents.models import IssuedDocument
from medarb.documents.testing import pdf_text, poppler_available
from medarb.procedure.approvals import decide_approval
from medarb.procedure.models import Approval
from medarb.testing import register

from .conftest import TODAY

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _codes(case) -> list[str]:
    return list(
        IssuedDocument.objects.filter(case=case).order_by("id").values_list("template_code", flat=True)
    )


def _text(document, tmp_path) -> str:
    return pdf_text(read_bytes(document.current.pdf), tmp_path)


def _drafting(case):
    Case.objects.filter(pk=case.pk).update(status="award_drafting")
    case.refresh_from_db()
    return case


def _signed_award(cast, case, amount: Decimal):
    services.submit_award(
        case=case,
        actor=cast.arbitrator,
        findings="申请人于2025年入职，被申请人拖欠工资。",
        majority_opinion="用人单位应当按时足额支付劳动报酬。",
        items=[(case.claims.get(), amount)],
    )
    return services.sign_off_award(case=case, actor=cast.chair)


class TestAcceptanceIssuesTheThreeNotices:
    def test_accepting_issues_the_acceptance_notice_the_notice_to_respond_and_the_evidence_notice(
        self, cast, accepted
    ):
        assert _codes(accepted) == ["acceptance_notice", "notice_to_respond", "evidence_notice"]
        documents = IssuedDocument.objects.filter(case=accepted)
        assert all(d.is_signed and d.number == accepted.number for d in documents)
        assert all(d.meta["transition"] == "accept" for d in documents)

    def test_the_case_page_panel_lists_them(self, cast, accepted, client):
        client.force_login(cast.clerk)
        page = client.get(reverse("cases:detail", args=[accepted.pk])).content.decode()
        panel = page[page.index('data-testid="documents-panel"') :]
        for title in ("受理通知书", "应诉（答辩）通知书", "举证通知书"):
            assert title in panel

    @pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
    def test_the_acceptance_notice_carries_the_case_number_and_the_acceptance(self, cast, accepted, tmp_path):
        notice = IssuedDocument.objects.get(case=accepted, template_code="acceptance_notice")
        text = _text(notice, tmp_path).replace(" ", "")
        assert "决定立案受理" in text and "张三" in text


class TestCorrectionRequestIssuesTheNotice:
    def test_requesting_correction_issues_one_notice_listing_every_item_the_deadline_and_the_basis(
        self, cast, received, tmp_path
    ):
        services.request_correction(
            case=received,
            actor=cast.filing_officer,
            items=["身份证复印件", "劳动合同或者其他证明劳动关系的材料"],
            on=TODAY,
            reply_by=date(2026, 3, 9),
        )
        (notice,) = IssuedDocument.objects.filter(case=received)
        assert notice.template_code == "correction_notice" and notice.is_signed
        assert notice.meta["transition"] == "request_correction"
        if poppler_available():
            text = _text(notice, tmp_path).replace(" ", "").replace("\n", "")
            assert "补正通知书" in text and "张三" in text
            assert "1.身份证复印件" in text and "2.劳动合同或者其他证明劳动关系的材料" in text
            assert "二〇二六年三月九日前" in text
            assert "《劳动人事争议仲裁办案规则》第二十九条第四款" in text
            assert "第四十六条第二项" in text and "视为撤回仲裁申请" in text

    def test_a_correction_through_the_case_page_form_issues_the_notice_too(self, cast, received):
        workflow.perform(
            case=received,
            transition="request_correction",
            actor=cast.filing_officer,
            data={"on": TODAY.isoformat(), "items": "工资流水\n解除劳动合同通知书", "reply_by": ""},
        )
        assert _codes(received) == ["correction_notice"]


class TestRefusedActsIssueNothing:
    def test_accepting_twice_is_refused_and_issues_no_second_set(self, cast, accepted):
        with pytest.raises(ProcedureError, match="不能“受理立案”"):
            services.accept_case(case=accepted, actor=cast.filing_officer, on=TODAY)
        assert len(_codes(accepted)) == 3

    def test_a_collective_case_without_representatives_is_not_accepted_and_gets_no_papers(
        self, cast, received
    ):
        Case.objects.filter(pk=received.pk).update(is_collective=True)
        received.refresh_from_db()
        with pytest.raises(ProcedureError, match="代表人"):
            services.accept_case(case=received, actor=cast.filing_officer, on=TODAY)
        received.refresh_from_db()
        assert received.status == "application_received" and not received.number
        assert _codes(received) == []

    def test_a_broken_template_refuses_the_act_and_leaves_the_case_as_it_was(self, cast, received):
        from medarb.documents.services import active_version

        version = active_version("evidence_notice")
        version.body = "{% if %}"  # what a bad edit that slipped past the editor would leave
        version.save(update_fields=["body"])
        with pytest.raises(DomainError, match="举证通知书"):
            services.accept_case(case=received, actor=cast.filing_officer, on=TODAY)
        received.refresh_from_db()
        assert received.status == "application_received"
        assert _codes(received) == []


class TestNoCertificateInADevDatabase:
    def test_the_act_goes_ahead_with_unsealed_papers_and_the_case_says_so(
        self, cast, received, settings, tmp_path
    ):
        settings.DOCUMENTS_DEMO_PKI = False
        settings.DOCUMENTS_PKI_DIR = tmp_path / "no-pki"
        services.accept_case(case=received, actor=cast.filing_officer, on=TODAY)
        received.refresh_from_db()
        assert received.status == "accepted"
        documents = list(IssuedDocument.objects.filter(case=received))
        assert len(documents) == 3 and not any(d.is_signed for d in documents)
        assert all("尚未配置电子签章证书" in d.meta["unsealed"] for d in documents)
        note = received.timeline.get(kind="papers_unsealed")
        assert note.is_internal and "重新出具" in note.detail


class TestPapersOfTheLaterActs:
    def test_non_acceptance_is_issued_only_after_the_chair_approves_with_the_reasons(
        self, cast, received, tmp_path
    ):
        workflow.perform(
            case=received,
            transition="refuse",
            actor=cast.filing_officer,
            data={"on": "2026-03-02", "ground": "scope", "note": "请求事项为社会保险待遇争议。"},
        )
        assert _codes(received) == []
        decide_approval(
            approval=Approval.objects.get(case=received), actor=cast.chair, approve=True, comment="同意"
        )
        (notice,) = IssuedDocument.objects.filter(case=received)
        assert notice.template_code == "non_acceptance_notice"
        if poppler_available():
            text = _text(notice, tmp_path).replace(" ", "").replace("\n", "")
            assert "请求事项为社会保险待遇争议" in text and "不予受理" in text

    def test_composing_the_tribunal_issues_the_notice_naming_its_members(self, cast, in_defence, tmp_path):
        notice = IssuedDocument.objects.get(case=in_defence, template_code="tribunal_notice")
        if poppler_available():
            text = _text(notice, tmp_path).replace(" ", "")
            assert str(cast.arbitrator) in text and str(cast.clerk) in text

    def test_scheduling_a_hearing_issues_the_hearing_notice_with_time_and_place(
        self, cast, in_defence, tmp_path
    ):
        starts = datetime(2026, 3, 20, 9, 30, tzinfo=SHANGHAI)
        services.schedule_hearing(
            case=in_defence, actor=cast.clerk, starts_at=starts, ends_at=starts.replace(hour=11), on=TODAY
        )
        notice = IssuedDocument.objects.get(case=in_defence, template_code="hearing_notice")
        if poppler_available():
            text = _text(notice, tmp_path).replace(" ", "").replace("\n", "")
            assert "二〇二六年三月二十日上午九时三十分" in text and "网上（远程视频）" in text

    def test_a_postponement_issues_a_new_hearing_notice_with_the_new_date(self, cast, in_defence, tmp_path):
        starts = datetime(2026, 3, 20, 9, 30, tzinfo=SHANGHAI)
        services.schedule_hearing(
            case=in_defence, actor=cast.clerk, starts_at=starts, ends_at=starts.replace(hour=11), on=TODAY
        )
        new = datetime(2026, 3, 27, 14, 0, tzinfo=SHANGHAI)
        services.postpone_hearing(
            case=in_defence,
            actor=cast.clerk,
            requested_by="tribunal",
            new_starts_at=new,
            new_ends_at=new.replace(hour=16),
            note="仲裁员身体原因",
        )
        notices = IssuedDocument.objects.filter(case=in_defence, template_code="hearing_notice").order_by(
            "id"
        )
        assert notices.count() == 2
        if poppler_available():
            text = _text(notices.last(), tmp_path).replace(" ", "").replace("\n", "")
            assert "二〇二六年三月二十七日下午二时" in text

    def test_a_final_award_uses_the_final_wording_after_sign_off(self, cast, in_defence, tmp_path):
        case = _drafting(in_defence)
        services.submit_award(
            case=case,
            actor=cast.arbitrator,
            findings="f",
            majority_opinion="m",
            items=[(case.claims.get(), Decimal("24000.00"))],
        )
        assert "award_final" not in _codes(case)  # a draft is not a paper
        services.sign_off_award(case=case, actor=cast.chair)
        award = IssuedDocument.objects.get(case=case, template_code="award_final")
        if poppler_available():
            text = _text(award, tmp_path).replace(" ", "")
            assert "本裁决为终局裁决" in text and "24,000.00" in text

    def test_one_fen_above_the_limit_gives_the_non_final_award(self, cast, in_defence):
        _signed_award(cast, _drafting(in_defence), Decimal("24000.01"))
        assert "award_non_final" in _codes(in_defence) and "award_final" not in _codes(in_defence)

    def test_a_mediation_statement_is_issued_with_the_agreed_terms(self, cast, in_defence, tmp_path):
        workflow.fire(case=in_defence, transition="open_evidence_period", actor=cast.clerk)
        workflow.fire(case=in_defence, transition="start_mediation", actor=cast.clerk)
        services.issue_mediation_statement(
            case=in_defence,
            actor=cast.clerk,
            terms="被申请人于2026年3月31日前支付工资10,000元。",
            applicant_signed_on=date(2026, 3, 2),
            respondent_signed_on=date(2026, 3, 2),
        )
        statement = IssuedDocument.objects.get(case=in_defence, template_code="mediation_statement")
        if poppler_available():
            assert "10,000" in _text(statement, tmp_path)

    def test_a_withdrawal_issues_the_decision(self, cast, accepted):
        workflow.fire(case=accepted, transition="withdraw", actor=cast.clerk, note="双方已和解")
        assert _codes(accepted)[-1] == "withdrawal_decision"

    def test_a_mediation_case_gets_no_arbitration_papers(self, cast):
        case = register(actor=cast.filing_officer, unit=cast.district, kind="mediation")
        assert _codes(case) == []
