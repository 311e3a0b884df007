from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from medarb.cases.models import Case, CaseKind
from medarb.mediation import stats
from medarb.mediation.models import MediationFile, Outcome


def make_file(unit, *, on: date, outcome=Outcome.PENDING, days=None, handed=False):
    case = Case.objects.create(
        kind=CaseKind.MEDIATION,
        unit=unit,
        unit_path=unit.path,
        status="registered",
        primary_cause="wages.unpaid",
        received_on=on,
    )
    return MediationFile.objects.create(
        case=case,
        unit=unit,
        unit_path=unit.path,
        level=unit.mediation_level,
        registered_on=on,
        outcome=outcome,
        duration_days=days,
        handed_over=handed,
    )


@pytest.fixture
def year(cast):
    on = date(2026, 3, 1)
    make_file(cast.street_a, on=on, outcome=Outcome.AGREEMENT, days=10)
    make_file(cast.street_a, on=on, outcome=Outcome.AGREEMENT, days=6)
    make_file(cast.street_a, on=on, outcome=Outcome.FAILED, days=15, handed=True)
    make_file(cast.street_a, on=on)
    make_file(cast.community_a, on=on, outcome=Outcome.WITHDRAWN, days=2)
    make_file(cast.enterprise_a, on=on, outcome=Outcome.REFERRED, days=1)
    make_file(cast.street_b, on=on, outcome=Outcome.AGREEMENT, days=5)
    make_file(cast.street_a, on=date(2025, 3, 1), outcome=Outcome.AGREEMENT, days=3)  # outside the period
    stats.rebuild()
    return {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}


class TestMediationStatistics:
    def test_per_unit_counts_durations_and_success_rate(self, cast, year):
        rows = {r.label: r for r in stats.by_unit(user=cast.district_mediator, **year)}
        street = rows["东湖街道调解室"]
        assert (street.registered, street.success, street.failed, street.handed, street.pending) == (
            4,
            2,
            1,
            1,
            1,
        )
        assert street.average_days == Decimal("10.3")  # (10 + 6 + 15) / 3
        assert street.success_rate == Decimal("66.7")
        assert rows["鹭湖电子厂劳动争议调解委员会"].referred == 1
        assert rows["东湖社区调解委员会"].success_rate == Decimal("0.0")

    def test_per_level_and_total(self, cast, year):
        levels = {r.key: r for r in stats.by_level(user=cast.district_mediator, **year)}
        assert levels["street"].registered == 5 and levels["street"].success == 3
        assert levels["community"].withdrawn == 1 and levels["enterprise"].referred == 1
        total = stats.total(user=cast.district_mediator, **year)
        assert total.registered == 7

    def test_a_street_counts_only_its_subtree(self, cast, year):
        labels = {r.label for r in stats.by_unit(user=cast.street_mediator, **year)}
        assert "西湖街道调解室" not in labels and "东湖社区调解委员会" in labels
        assert stats.total(user=cast.enterprise2_mediator, **year).registered == 0

    def test_the_page_renders_charts_from_a_json_block(self, cast, year, client):
        client.force_login(cast.district_mediator)
        page = client.get("/mediation/stats/?start=2026-01-01&end=2026-12-31").content.decode()
        assert 'id="mediation-stats-data" type="application/json"' in page
        assert "东湖街道调解室" in page and "66.7%" in page
        assert "<script>" not in page

    def test_a_reversed_period_is_refused_with_a_message(self, cast, year, client):
        client.force_login(cast.district_mediator)
        page = client.get("/mediation/stats/?start=2026-12-01&end=2026-01-01").content.decode()
        assert "结束日期不能早于开始日期" in page

    def test_the_xlsx_export_has_the_same_figures(self, cast, year, client):
        import io

        client.force_login(cast.district_mediator)
        response = client.get("/mediation/stats/export.xlsx?start=2026-01-01&end=2026-12-31")
        book = load_workbook(io.BytesIO(response.content))
        rows = {row[0]: row for row in book["按单位"].iter_rows(min_row=3, values_only=True)}
        assert rows["东湖街道调解室"][1:4] == (4, 2, 1)
        assert rows["合计"][1] == 7

    def test_the_statistics_page_runs_a_fixed_number_of_queries(
        self, cast, year, client, django_assert_num_queries
    ):
        client.force_login(cast.district_mediator)
        client.get("/mediation/stats/")  # warm the session
        for unit in (cast.street_b, cast.enterprise_a2):
            for _ in range(5):
                make_file(
                    unit, on=timezone.localdate() - timedelta(days=1), outcome=Outcome.AGREEMENT, days=4
                )
        stats.rebuild()
        with django_assert_num_queries(6):
            client.get("/mediation/stats/")


class TestDailyRollup:
    def test_the_services_keep_the_rollup_equal_to_a_full_count(self, cast):
        from medarb.mediation import services
        from medarb.mediation.models import DailyStat
        from medarb.mediation.tests.helpers import accepted, in_session, register

        register(cast.street_mediator, cast.street_a)
        case = accepted(cast.street_mediator, cast.street_a)
        services.withdraw_mediation(case=case, actor=cast.street_mediator, on=timezone.localdate())
        failed, _ = in_session(cast.community_mediator, cast.community_a)
        services.fail_mediation(
            case=failed, actor=cast.community_mediator, on=timezone.localdate(), reason="分歧"
        )
        services.hand_over_to_arbitration(case=failed, actor=cast.community_mediator, on=timezone.localdate())
        live = {
            (r.key, r.registered, r.withdrawn, r.failed, r.handed, r.pending)
            for r in stats.by_unit(user=cast.district_mediator)
        }
        stats.rebuild()
        rebuilt = {
            (r.key, r.registered, r.withdrawn, r.failed, r.handed, r.pending)
            for r in stats.by_unit(user=cast.district_mediator)
        }
        assert live == rebuilt
        assert DailyStat.objects.get(unit=cast.community_a).handed == 1
