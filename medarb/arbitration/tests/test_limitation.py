"""The one-year limitation period (Law Art. 27) is a warning wherever a claim is worked out."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from medarb.arbitration import limitation
from medarb.arbitration.calculator import add_months

TODAY = date(2026, 12, 7)


class TestTheRule:
    def test_a_termination_one_year_and_a_day_ago_is_warned_of(self):
        warning = limitation.for_termination(date(2025, 12, 6), today=TODAY)
        assert "第二十七条" in warning and "2025-12-06" in warning

    def test_a_termination_exactly_one_year_ago_is_not(self):
        assert limitation.for_termination(date(2025, 12, 7), today=TODAY) == ""

    def test_wages_owed_while_the_employment_lasts_are_not_limited(self):
        assert limitation.for_termination(None, today=TODAY) == ""

    def test_a_double_wage_period_ended_long_ago_is_warned_of_whole(self):
        warning = limitation.for_double_wages(date(2023, 4, 1), date(2024, 2, 29), today=TODAY)
        assert "2024-02-29" in warning and "第二十七条" in warning

    def test_a_double_wage_period_straddling_the_year_is_warned_of_in_part(self):
        warning = limitation.for_double_wages(date(2025, 6, 1), date(2026, 4, 30), today=TODAY)
        assert "2025-12-08以前的部分" in warning

    def test_a_recent_double_wage_period_is_not(self):
        assert limitation.for_double_wages(date(2026, 1, 1), date(2026, 11, 30), today=TODAY) == ""

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
    def test_the_warning_comes_exactly_when_a_year_has_passed(self, ended):
        warned = bool(limitation.for_termination(ended, today=TODAY))
        assert warned == (add_months(ended, 12) < TODAY)


@pytest.mark.django_db
class TestCalculator:
    def post(self, item):
        response = APIClient().post("/api/v1/calculator/", {"items": [item]}, format="json")
        assert response.status_code == 200, response.content
        return response.json()["results"][0]

    def test_compensation_for_a_dismissal_two_years_ago_carries_the_warning(self):
        result = self.post(
            {
                "kind": "economic_compensation",
                "monthly_wage": "8000",
                "service_start": "2020-03-01",
                "service_end": "2023-08-31",
            }
        )
        assert len(result["warnings"]) == 1 and "第二十七条" in result["warnings"][0]
        assert result["amount"] == "32000.00"  # 3.5 years → 4 months; worked out all the same

    def test_a_double_wage_claim_of_last_month_carries_none(self, client):
        from django.utils import timezone

        today = timezone.localdate()
        start = add_months(today, -6)
        result = self.post(
            {
                "kind": "double_wages",
                "monthly_wage": "6000",
                "employment_start": f"{start:%Y-%m-%d}",
                "until": f"{today:%Y-%m-%d}",
            }
        )
        assert result["warnings"] == []

    def test_the_page_shows_it_above_the_notes(self, client):
        page = client.post(
            "/portal/calculator/",
            {
                "kind": "double_wages",
                "monthly_wage": "6000",
                "employment_start": "2021-03-01",
                "until": "2022-06-30",
            },
        ).content.decode()
        assert 'data-testid="limitation-warning"' in page and "仲裁时效提醒" in page


@pytest.mark.django_db
class TestApplication:
    def test_the_submit_step_warns_a_worker_who_left_two_years_ago(self, client, cast):
        from medarb.portal.application import current_draft

        draft = current_draft(user=cast.worker)
        draft.payload = json.dumps(
            {
                "facts": {"started_on": "2021-03-01", "ended_on": "2023-05-31"},
                "claims": [{"cause": "contract.double_wages", "description": "二倍工资"}],
            }
        )
        draft.save()
        client.force_login(cast.worker)
        page = client.get("/portal/apply/submit/").content.decode()
        assert page.count('data-testid="limitation-warning"') == 2

    def test_a_worker_still_employed_gets_no_warning_for_unpaid_wages(self, client, cast):
        from medarb.portal.application import current_draft

        draft = current_draft(user=cast.worker)
        draft.payload = json.dumps(
            {
                "facts": {"started_on": "2021-03-01", "ended_on": ""},
                "claims": [{"cause": "wages.unpaid", "description": "拖欠工资"}],
            }
        )
        draft.save()
        client.force_login(cast.worker)
        assert 'data-testid="limitation-warning"' not in client.get("/portal/apply/submit/").content.decode()
