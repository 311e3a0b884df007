"""The case page's procedure panel, the action pages, the chair's approval buttons, the
procedure page and the dashboard's to-dos."""

import pytest
from django.urls import reverse

from medarb.api.testing import sign_in
from medarb.cases.models import Case
from medarb.procedure.models import Approval

from .conftest import TODAY


@pytest.fixture
def client_for(client):
    def _client(user):
        return sign_in(client, user)

    return _client


class TestPanel:
    def test_the_filing_officer_sees_the_buttons_the_deadlines_and_the_diagram(
        self, cast, client_for, received
    ):
        from .conftest import fire

        fire(received, "begin_review", cast.filing_officer)
        page = (
            client_for(cast.filing_officer).get(reverse("cases:detail", args=[received.pk])).content.decode()
        )
        assert 'data-testid="workflow-panel"' in page
        assert reverse("workflow:act", args=[received.pk, "accept"]) in page
        assert "受理审查期限" in page and "2026-03-09" in page
        assert 'data-state="acceptance_review" aria-current="step"' in page
        assert "style=" not in page.split('data-testid="workflow-panel"')[1].split("</details>")[0]

    def test_a_supervisor_reads_the_state_but_gets_no_buttons(self, cast, client_for, accepted):
        page = client_for(cast.supervisor).get(reverse("cases:detail", args=[accepted.pk])).content.decode()
        assert 'data-testid="workflow-state">已立案' in page
        assert 'data-testid="workflow-actions"' not in page


class TestActionPage:
    def test_it_shows_the_form_and_fires_the_act(self, cast, client_for, received):
        client = client_for(cast.filing_officer)
        url = reverse("workflow:act", args=[received.pk, "accept"])
        assert 'name="on"' in client.get(url).content.decode()
        response = client.post(url, {"on": TODAY.isoformat(), "note": "材料齐全"})
        assert response.status_code == 302
        case = Case.objects.get(pk=received.pk)
        assert case.status == "accepted" and case.number

    def test_bad_input_is_shown_again_with_a_chinese_message_and_nothing_changes(
        self, cast, client_for, received
    ):
        client = client_for(cast.filing_officer)
        response = client.post(
            reverse("workflow:act", args=[received.pk, "request_correction"]), {"on": TODAY.isoformat()}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "需补正的材料（每行一项）" in page and "该字段是必填项" in page
        assert Case.objects.get(pk=received.pk).status == "application_received"

    def test_an_act_out_of_order_goes_back_to_the_case_with_the_reason(self, cast, client_for, received):
        client = client_for(cast.clerk)
        response = client.get(reverse("workflow:act", args=[received.pk, "serve_respondent"]), follow=True)
        assert "不能“送达申请书副本”" in response.content.decode()

    def test_a_read_only_user_is_refused(self, cast, client_for, received):
        response = client_for(cast.supervisor).post(
            reverse("workflow:act", args=[received.pk, "accept"]), {"on": "2026-03-02"}
        )
        assert response.status_code == 403
        assert Case.objects.get(pk=received.pk).status == "application_received"

    def test_an_invisible_case_is_not_found(self, cast, client_for, received):
        response = client_for(cast.other_arbitrator).get(
            reverse("workflow:act", args=[received.pk, "accept"])
        )
        assert response.status_code == 404

    def test_an_act_that_seals_papers_says_so_on_its_button_while_it_runs(self, cast, client_for, received):
        client = client_for(cast.filing_officer)
        sealing = client.get(reverse("workflow:act", args=[received.pk, "accept"])).content.decode()
        assert 'data-busy-label="正在签章…"' in sealing  # acceptance notice, notice to respond…
        plain = client.get(reverse("workflow:act", args=[received.pk, "begin_review"])).content.decode()
        assert 'data-busy-label="正在提交…"' in plain

    def test_htmx_gets_the_form_partial_and_a_redirect_header(self, cast, client_for, received):
        client = client_for(cast.filing_officer)
        url = reverse("workflow:act", args=[received.pk, "accept"])
        partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert partial.lstrip().startswith("<form") and "<html" not in partial
        response = client.post(url, {"on": TODAY.isoformat()}, headers={"HX-Request": "true"})
        assert response.status_code == 204 and response["HX-Redirect"] == reverse(
            "cases:detail", args=[received.pk]
        )


class TestApprovalButtons:
    def test_the_chair_approves_from_the_case_page(self, cast, client_for, received):
        officer = client_for(cast.filing_officer)
        officer.post(
            reverse("workflow:act", args=[received.pk, "refuse"]),
            {"on": TODAY.isoformat(), "ground": "scope", "note": "不属于受案范围"},
        )
        approval = Approval.objects.get(case=received)
        chair = client_for(cast.chair)
        page = chair.get(reverse("cases:detail", args=[received.pk])).content.decode()
        assert reverse("workflow:decide", args=[received.pk, approval.pk]) in page
        assert "待我审批" in chair.get(reverse("dashboard")).content.decode()
        chair.post(
            reverse("workflow:decide", args=[received.pk, approval.pk]),
            {"decision": "approve", "comment": "同意"},
        )
        assert Case.objects.get(pk=received.pk).status == "not_accepted"

    def test_returning_without_a_comment_is_refused(self, cast, client_for, received):
        client_for(cast.filing_officer).post(
            reverse("workflow:act", args=[received.pk, "refuse"]),
            {"on": TODAY.isoformat(), "ground": "scope", "note": "x"},
        )
        approval = Approval.objects.get(case=received)
        response = client_for(cast.chair).post(
            reverse("workflow:decide", args=[received.pk, approval.pk]), {"decision": "return"}, follow=True
        )
        assert "退回时请填写审批意见" in response.content.decode()
        assert Approval.objects.get(pk=approval.pk).state == "pending"


class TestDashboardAndProcedurePage:
    def test_the_dashboard_lists_my_to_dos(self, cast, client_for, accepted):
        page = client_for(cast.clerk).get(reverse("dashboard")).content.decode()
        assert 'data-testid="my-tasks"' in page and accepted.number in page

    def test_the_procedure_page_explains_every_state_and_transition(self, cast, client_for, today):
        page = (
            client_for(cast.clerk).get(reverse("workflow:procedure", args=["arbitration"])).content.decode()
        )
        assert "受理立案" in page and "45自然日" in page
        assert 'data-testid="procedure-diagram"' in page
        assert client_for(cast.clerk).get(reverse("workflow:procedure", args=["nope"])).status_code == 404


class TestQueryCounts:
    def test_the_dashboards_to_dos_cost_the_same_for_one_case_or_five(
        self, cast, client_for, today, minimum_wage, django_assert_max_num_queries
    ):
        from medarb.arbitration import services
        from medarb.testing import register

        client = client_for(cast.clerk)

        def accept_one():
            case = register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY)
            services.accept_case(case=case, actor=cast.filing_officer, on=TODAY)

        accept_one()
        client.get(reverse("dashboard"))  # warm the session
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            client.get(reverse("dashboard"))
        for _ in range(4):
            accept_one()
        with django_assert_max_num_queries(len(one.captured_queries)):
            page = client.get(reverse("dashboard")).content.decode()
        assert page.count("：已立案") >= 5


class TestEveryState:
    def test_the_panel_renders_in_every_declared_state_even_when_seeded_directly(
        self, cast, client_for, received
    ):
        from medarb.arbitration.procedure import ARBITRATION

        client = client_for(cast.chair)
        for code in ARBITRATION.states:
            Case.objects.filter(pk=received.pk).update(status=code)
            response = client.get(reverse("cases:detail", args=[received.pk]))
            assert response.status_code == 200, code
            assert f'data-state="{code}" aria-current="step"' in response.content.decode(), code
