"""GET /api/v1/deadlines/preview: public, explains itself, refuses bad input in Chinese."""

import pytest
from rest_framework.test import APIClient

from medarb.procedure.rules import RULES

pytestmark = pytest.mark.django_db
URL = "/api/v1/deadlines/preview"


@pytest.fixture
def client():
    return APIClient()


class TestDeadlinePreview:
    def test_anyone_may_ask_when_the_acceptance_decision_is_due(self, client):
        response = client.get(URL, {"rule": "acceptance_decision", "start": "2025-01-24"})
        assert response.status_code == 200
        body = response.json()
        assert body["due_on"] == "2025-02-07"
        assert body["rule"]["day_type"] == "working"
        assert body["rule"]["article"] == "《劳动争议调解仲裁法》第二十九条"
        assert "2025年1月28日" in body["explanation"]  # a Spring Festival day it stepped over
        assert body["calendar_known"] is True

    def test_a_year_without_a_holiday_table_is_flagged(self, client):
        body = client.get(URL, {"rule": "award", "start": "2026-12-01"}).json()
        assert body["calendar_known"] is False
        assert "尚未收录2027年" in body["explanation"]

    def test_an_unknown_rule_is_a_400_in_chinese(self, client):
        response = client.get(URL, {"rule": "nonsense", "start": "2025-01-24"})
        assert response.status_code == 400
        assert "没有这个期间规则" in response.json()["rule"][0]

    @pytest.mark.parametrize("start", ["", "2025-13-01", "tomorrow", "9999-12-31", "1900-01-01"])
    def test_a_bad_date_is_a_400_in_chinese(self, client, start):
        response = client.get(URL, {"rule": "award", "start": start})
        assert response.status_code == 400
        assert response.json()["start"][0]

    def test_the_rules_list_names_every_rule(self, client):
        body = client.get("/api/v1/deadlines/rules/").json()
        assert [r["code"] for r in body] == list(RULES)

    def test_the_schema_enumerates_the_rule_codes(self):
        from django.urls import path
        from drf_spectacular.generators import SchemaGenerator

        from medarb.procedure.api import DeadlinePreviewApi

        patterns = [path("api/v1/deadlines/preview", DeadlinePreviewApi.as_view())]
        schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
        parameters = schema["paths"]["/api/v1/deadlines/preview"]["get"]["parameters"]
        rule = next(p for p in parameters if p["name"] == "rule")
        assert set(rule["schema"]["enum"]) == set(RULES)
