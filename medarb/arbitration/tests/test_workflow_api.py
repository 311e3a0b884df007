"""GET /api/v1/cases/{id}/workflow/ and POST /api/v1/cases/{id}/actions/{transition}/."""

from medarb.api.testing import api_client_for
from medarb.audit.models import AuditEntry
from medarb.cases.models import Case
from medarb.procedure.models import Approval


def _workflow(user, case):
    return api_client_for(user).get(f"/api/v1/cases/{case.pk}/workflow/")


class TestWorkflowRead:
    def test_it_answers_state_actions_deadlines_and_timeline(self, cast, accepted):
        response = _workflow(cast.clerk, accepted)
        assert response.status_code == 200
        body = response.json()
        assert body["state"] == {"code": "accepted", "label": "已立案", "closed": False}
        actions = {a["code"]: a for a in body["actions"]}
        assert actions["serve_respondent"]["allowed"] is True
        assert {"name": "method", "label": "送达方式", "required": True} in actions["serve_respondent"][
            "inputs"
        ]
        assert actions["file_recusal"]["reason"] == "尚未组成仲裁庭。"
        award = next(d for d in body["deadlines"] if d["code"] == "award")
        assert award["due_on"] == "2026-04-16" and award["days_left"] == 45 and award["paused"] is False
        assert award["article"]
        assert [e["title"] for e in body["timeline"]] == [
            "收件登记（窗口申请）",
            "受理立案",
            "出具受理通知书",
            "出具应诉（答辩）通知书",
            "出具举证通知书",
        ]
        assert AuditEntry.objects.filter(case_id=accepted.pk, action="read", summary="workflow api").exists()

    def test_a_supervisor_reads_without_actions_and_an_outsider_gets_404(self, cast, accepted):
        assert _workflow(cast.supervisor, accepted).json()["actions"] == []
        assert _workflow(cast.other_arbitrator, accepted).status_code == 404


class TestFiringThroughTheApi:
    def test_it_fires_with_the_same_checks_as_the_page(self, cast, accepted):
        client = api_client_for(cast.clerk)
        response = client.post(
            f"/api/v1/cases/{accepted.pk}/actions/serve_respondent/",
            {"on": "2026-03-02", "method": "personal"},
            format="json",
        )
        assert response.status_code == 200, response.json()
        assert response.json()["workflow"]["state"]["code"] == "defence_period"

    def test_missing_data_is_a_400_naming_the_field_in_chinese(self, cast, accepted):
        response = api_client_for(cast.clerk).post(
            f"/api/v1/cases/{accepted.pk}/actions/serve_respondent/", {"on": "2026-03-02"}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == {"method": ["该字段是必填项。"]}
        assert Case.objects.get(pk=accepted.pk).status == "accepted"

    def test_out_of_order_is_a_400_with_the_reason(self, cast, received):
        response = api_client_for(cast.clerk).post(
            f"/api/v1/cases/{received.pk}/actions/serve_respondent/",
            {"on": "2026-03-02", "method": "personal"},
            format="json",
        )
        assert response.status_code == 400
        assert "不能“送达申请书副本”" in response.json()["detail"]

    def test_the_wrong_role_is_a_403(self, cast, received):
        response = api_client_for(cast.clerk).post(
            f"/api/v1/cases/{received.pk}/actions/accept/", {"on": "2026-03-02"}, format="json"
        )
        assert response.status_code == 403
        assert "只能由" in response.json()["detail"]

    def test_a_read_only_user_is_a_403(self, cast, received):
        response = api_client_for(cast.supervisor).post(
            f"/api/v1/cases/{received.pk}/actions/accept/", {"on": "2026-03-02"}, format="json"
        )
        assert response.status_code == 403

    def test_an_act_needing_approval_reports_the_request(self, cast, received):
        response = api_client_for(cast.filing_officer).post(
            f"/api/v1/cases/{received.pk}/actions/refuse/",
            {"on": "2026-03-02", "ground": "scope", "note": "不属于劳动争议"},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["approval_requested"] is True
        assert response.json()["workflow"]["state"]["code"] == "application_received"
        assert Approval.objects.filter(case=received, state="pending").exists()

    def test_the_schema_documents_both_endpoints(self, cast, db):
        schema = api_client_for(cast.clerk).get("/api/schema/", HTTP_ACCEPT="application/json")
        assert schema.status_code == 200
        text = schema.content.decode()
        assert (
            "/api/v1/cases/{case_id}/workflow/" in text
            and "/api/v1/cases/{case_id}/actions/{transition}/" in text
        )
