"""An award needs a tribunal (Law Art. 31: composing it precedes hearing and award), and the
chair signs off only what she has seen: the draft and its PDF (issue 11)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.arbitration import services
from medarb.arbitration.models import Award, AwardItem, AwardKind, AwardState
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import ProcedureError
from medarb.core.files import read_bytes
from medarb.documents.models import IssuedDocument
from medarb.documents.testing import pdf_text, poppler_available


def _in_state(case, status: str):
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def _submitted(case, actor, *, state=AwardState.SUBMITTED) -> Award:
    """A draft already on the chair's desk (as a seeded or migrated case may hold one)."""
    award = Award.objects.create(
        case=case,
        kind=AwardKind.NON_FINAL,
        findings="查明事实",
        majority_opinion="裁决理由",
        state=state,
        drafted_by=actor,
        drafted_at=timezone.now(),
    )
    claim = case.claims.get()
    AwardItem.objects.create(
        award=award,
        claim=claim,
        cause=claim.cause,
        description=claim.description,
        awarded=Decimal("100"),
        is_final=False,
        final_reason="非终局",
    )
    return award


class TestAnAwardNeedsATribunal:
    def test_an_award_cannot_be_reported_in_a_case_without_a_tribunal(self, cast, accepted):
        case = _in_state(accepted, "award_drafting")
        with pytest.raises(ProcedureError, match="尚未组成仲裁庭"):
            services.submit_award(
                case=case,
                actor=cast.arbitrator,
                findings="f",
                majority_opinion="m",
                items=[(case.claims.get(), Decimal("100"))],
            )
        assert not Award.objects.filter(case=case).exists()
        assert Case.objects.get(pk=case.pk).status == "award_drafting"

    def test_nor_signed_off(self, cast, accepted):
        case = _in_state(accepted, "award_sign_off")
        _submitted(case, cast.arbitrator)
        with pytest.raises(ProcedureError, match="尚未组成仲裁庭"):
            services.sign_off_award(case=case, actor=cast.chair)
        assert not IssuedDocument.objects.filter(case=case, template_code__startswith="award").exists()

    def test_nor_served(self, cast, accepted):
        case = _in_state(accepted, "award_issued")
        _submitted(case, cast.arbitrator, state=AwardState.SIGNED_OFF)
        with pytest.raises(ProcedureError, match="尚未组成仲裁庭"):
            services.serve_award(case=case, actor=cast.clerk, on=timezone.localdate(), method="personal")

    def test_the_buttons_say_why(self, cast, accepted):
        case = _in_state(accepted, "award_drafting")
        actions = {a.transition.code: a for a in workflow.available_actions(case=case, user=cast.arbitrator)}
        assert not actions["submit_award"].allowed
        assert actions["submit_award"].reason == "尚未组成仲裁庭。"

    @pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
    def test_the_sealed_award_names_the_tribunal(self, cast, in_defence, tmp_path):
        case = _in_state(in_defence, "award_drafting")
        services.submit_award(
            case=case,
            actor=cast.arbitrator,
            findings="f",
            majority_opinion="m",
            items=[(case.claims.get(), Decimal("100"))],
        )
        services.sign_off_award(case=case, actor=cast.chair)
        document = IssuedDocument.objects.get(case=case, template_code="award_final")
        text = pdf_text(read_bytes(document.current.pdf), tmp_path).replace(" ", "")
        assert "仲裁员：林仲裁" in text and "书记员：陈书记" in text


@pytest.fixture
def client_for(client):
    return lambda user: sign_in(client, user)


class TestTheChairSeesWhatSheSigns:
    @pytest.fixture
    def on_the_desk(self, cast, in_defence):
        case = _in_state(in_defence, "award_drafting")
        services.submit_award(
            case=case,
            actor=cast.arbitrator,
            findings="申请人2025年1月入职，被申请人拖欠2025年5月工资。",
            majority_opinion="用人单位应当按时足额支付劳动报酬。",
            dissent="少数意见：应扣减已预支部分。",
            items=[(case.claims.get(), Decimal("24000.01"))],
        )
        return case

    def test_the_sign_off_page_shows_the_draft_line_by_line(self, cast, on_the_desk, client_for):
        client = client_for(cast.chair)
        page = client.get(reverse("workflow:act", args=[on_the_desk.pk, "sign_off_award"]))
        assert page.status_code == 200
        html = page.content.decode()
        review = html[html.index('data-testid="award-review"') : html.index('data-testid="act-form"')]
        assert "申请人2025年1月入职" in review
        assert "用人单位应当按时足额支付劳动报酬" in review
        assert "少数意见：应扣减已预支部分" in review
        claim = on_the_desk.claims.get()
        items = review[review.index('data-testid="award-items"') :]
        assert claim.description in items and "支持 24,000.01 元" in items
        assert "非终局" in review
        preview = reverse("workflow:award_preview", args=[on_the_desk.pk])
        assert preview in review
        form = html[html.index('data-testid="act-form"') :]
        assert 'data-busy-label="正在签章…"' in form.split(">")[0]  # sealing takes seconds

    def test_the_preview_is_the_award_as_it_will_be_issued_not_yet_a_paper(
        self, cast, on_the_desk, client_for, tmp_path
    ):
        client = client_for(cast.chair)
        response = client.get(reverse("workflow:award_preview", args=[on_the_desk.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert not IssuedDocument.objects.filter(case=on_the_desk, template_code__startswith="award").exists()
        if poppler_available():
            text = pdf_text(response.content, tmp_path).replace(" ", "")
            assert "用人单位应当按时足额支付劳动报酬" in text and "仲裁员：林仲裁" in text

    def test_the_preview_is_for_those_who_act_on_the_case(self, cast, on_the_desk, client_for):
        client = client_for(cast.supervisor)
        response = client.get(reverse("workflow:award_preview", args=[on_the_desk.pk]))
        assert response.status_code in (403, 404)

    def test_without_a_draft_on_the_desk_there_is_nothing_to_preview(self, cast, in_defence, client_for):
        client = client_for(cast.chair)
        response = client.get(reverse("workflow:award_preview", args=[in_defence.pk]))
        assert response.status_code == 404
