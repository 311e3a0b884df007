from django.utils import timezone

from medarb.api.testing import api_client_for
from medarb.cases.services import share_case
from medarb.mediation.tests.helpers import in_session


class TestMediationApi:
    def test_the_mediation_file_follows_the_share_scope(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        own = api_client_for(cast.street_mediator).get(f"/api/v1/cases/{case.pk}/mediation/").json()
        assert own["scope"] == [] and own["sessions"][0]["seq"] == 1
        share_case(
            actor=cast.street_mediator,
            case=case,
            reason="guidance",
            unit=cast.other_district,
            scope=["claims"],
        )
        scoped = api_client_for(cast.other_arbitrator).get(f"/api/v1/cases/{case.pk}/mediation/").json()
        assert scoped["scope"] == ["claims"] and scoped["sessions"] is None and scoped["agreement"] is None
        assert (
            api_client_for(cast.enterprise_mediator).get(f"/api/v1/cases/{case.pk}/mediation/").status_code
            == 404
        )

    def test_an_act_fired_through_the_api_uses_the_same_service(self, cast):
        case, _ = in_session(cast.street_mediator, cast.street_a)
        api = api_client_for(cast.street_mediator)
        refused = api.post(
            f"/api/v1/cases/{case.pk}/actions/fail/",
            {"on": timezone.localdate().isoformat(), "reason": ""},
            format="json",
        )
        assert refused.status_code == 400
        done = api.post(
            f"/api/v1/cases/{case.pk}/actions/fail/",
            {"on": timezone.localdate().isoformat(), "reason": "分歧过大"},
            format="json",
        )
        assert done.status_code in (200, 201), done.content
        case.refresh_from_db()
        assert case.status == "closed_failed"
        handed = api.post(
            f"/api/v1/cases/{case.pk}/actions/hand_over/",
            {"on": timezone.localdate().isoformat()},
            format="json",
        )
        assert handed.status_code in (200, 201), handed.content
        assert case.links_out.filter(kind="handover").exists()

    def test_statistics_refuse_a_reversed_period_in_chinese(self, cast):
        response = api_client_for(cast.district_mediator).get(
            "/api/v1/mediation/statistics/?start=2026-05-01&end=2026-01-01"
        )
        assert response.status_code == 400 and "结束日期" in str(response.json())
        ok = api_client_for(cast.district_mediator).get("/api/v1/mediation/statistics/")
        assert ok.status_code == 200 and "total" in ok.json()
