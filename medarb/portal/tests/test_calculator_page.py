import pytest

from medarb.search.services import load_library


@pytest.mark.django_db
class TestPublicCalculator:
    def test_economic_compensation_shows_amount_formula_and_a_linked_article(self, client):
        load_library()
        response = client.post(
            "/portal/calculator/",
            {
                "kind": "economic_compensation",
                "monthly_wage": "6000",
                "service_start": "2020-03-01",
                "service_end": "2026-08-31",
            },
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "42000.00" in body  # 6 years 6 months: the half year counts as a full year (Art. 47)
        assert "《劳动合同法》第四十七条" in body and "/laws/" in body

    def test_every_kind_renders_its_form(self, client):
        for kind in (
            "economic_compensation",
            "unlawful_termination_damages",
            "double_wages",
            "overtime",
            "annual_leave_pay",
        ):
            assert client.get(f"/portal/calculator/?kind={kind}").status_code == 200

    @pytest.mark.parametrize(
        "data",
        [
            {"kind": "overtime", "monthly_wage": "-1"},
            {"kind": "overtime", "monthly_wage": "abc"},
            {
                "kind": "economic_compensation",
                "monthly_wage": "5000",
                "service_start": "2026-01-01",
                "service_end": "2020-01-01",
            },
            {"kind": "nonsense"},
        ],
    )
    def test_bad_input_gets_a_message_not_an_error(self, client, data):
        response = client.post("/portal/calculator/", data)
        assert response.status_code == 200
        assert "calculator-result" not in response.content.decode()
