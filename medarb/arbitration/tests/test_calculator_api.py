"""POST /api/v1/calculator/: several heads of claim, formulas and bases, clear refusals."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from medarb.orgs.models import RegionalStandard, StandardKind

pytestmark = pytest.mark.django_db
URL = "/api/v1/calculator/"


@pytest.fixture
def client():
    return APIClient()


def post(client, body):
    return client.post(URL, body, format="json")


class TestCalculatorApi:
    def test_it_computes_several_heads_and_adds_them_up(self, client):
        response = post(
            client,
            {
                "items": [
                    {
                        "kind": "economic_compensation",
                        "monthly_wage": "8000",
                        "service_start": "2020-03-01",
                        "service_end": "2023-08-31",
                    },
                    {"kind": "overtime", "monthly_wage": "4350", "weekday_hours": "10", "holiday_hours": "8"},
                    {
                        "kind": "unpaid_wages",
                        "items": [{"period": "2026年8月", "due": "5000", "paid": "2000"}],
                    },
                ]
            },
        )
        assert response.status_code == 200, response.json()
        body = response.json()
        assert [r["amount"] for r in body["results"]] == ["32000.00", "975.00", "3000.00"]
        assert body["total"] == "35975.00"
        first = body["results"][0]
        assert first["formula"].startswith("计算基数 8,000.00元")
        assert first["basis"][0]["citation"] == "《劳动合同法》第四十七条"
        assert first["basis"][0]["source"] == "劳动合同法(2012-12-28).md"

    def test_the_regional_average_wage_caps_compensation(self, client):
        RegionalStandard.objects.create(
            region_code="350100",
            kind=StandardKind.AVG_WAGE_MONTHLY,
            amount=Decimal(10000),
            effective_from=date(2024, 1, 1),
        )
        item = {
            "kind": "unlawful_termination_damages",
            "monthly_wage": "40000",
            "service_start": "2010-01-01",
            "service_end": "2024-12-31",
        }
        body = post(client, {"items": [item], "region_code": "350102", "on": "2025-01-10"}).json()
        assert body["results"][0]["amount"] == "720000.00"
        assert body["results"][0]["inputs"]["当地上年度职工月平均工资"] == "10,000.00元"

    def test_an_unknown_kind_is_refused_per_item(self, client):
        response = post(client, {"items": [{"kind": "lottery"}]})
        assert response.status_code == 400
        assert "不支持的计算类型" in response.json()["items"]["0"]["kind"][0]

    def test_missing_and_negative_inputs_are_refused_in_chinese(self, client):
        response = post(
            client,
            {"items": [{"kind": "overtime", "weekday_hours": "-3"}]},
        )
        assert response.status_code == 400
        errors = response.json()["items"]["0"]
        assert errors["monthly_wage"] == ["请填写月工资（加班费计算基数）。"]
        assert "不能为负数" in errors["weekday_hours"][0]

    def test_an_end_before_the_start_is_refused(self, client):
        item = {
            "kind": "economic_compensation",
            "monthly_wage": "1",
            "service_start": "2024-02-01",
            "service_end": "2024-01-01",
        }
        response = post(client, {"items": [item]})
        assert response.status_code == 400
        assert "不能早于" in str(response.json())

    @pytest.mark.parametrize(
        "body", [{}, {"items": []}, {"items": "x"}, {"items": [{"kind": "overtime"}] * 21}]
    )
    def test_malformed_bodies_are_400_never_500(self, client, body):
        assert post(client, body).status_code == 400


class TestCalculatorSchema:
    def test_each_kind_of_item_is_documented(self):
        from django.urls import path
        from drf_spectacular.generators import SchemaGenerator

        from medarb.arbitration.api_calculator import ITEM_INPUTS, CalculatorApi

        schema = SchemaGenerator(patterns=[path("api/v1/calculator/", CalculatorApi.as_view())]).get_schema(
            request=None, public=True
        )
        item = schema["components"]["schemas"]["CalculatorItemRequest"]
        assert set(item["discriminator"]["mapping"]) == set(ITEM_INPUTS)
        assert "CalculatorOutput" in schema["components"]["schemas"]
