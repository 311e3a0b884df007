"""Kept monthly reports equal the live figures of the same period; the totals reconcile on
generated data; every figure of the dashboard opens exactly its cases."""

from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medarb.core.files import read_bytes
from medarb.demo.generator import generate_cases
from medarb.demo.loader import load_demo
from medarb.orgs.models import Membership, Role, Unit, UnitKind
from medarb.reports import figures
from medarb.reports.models import KeptReport
from medarb.reports.services import keep_monthly_reports, last_month
from medarb.reports.tasks import keep_last_months_reports

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The demo plus 600 generated cases, built once and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        generate_cases(count=600, seed=11, batch_size=300)
        yield
        transaction.set_rollback(True)


def _chair_of(unit: Unit):
    return Membership.objects.filter(unit=unit, role=Role.CHAIR, is_active=True).first().user


def _district() -> Unit:
    return Unit.objects.filter(kind=UnitKind.COMMISSION).order_by("path").first()


def test_the_totals_reconcile_on_generated_data_for_every_month_and_unit(generated):
    today = timezone.localdate()
    units = [*Unit.objects.filter(kind__in=[UnitKind.COMMISSION, UnitKind.STREET]).order_by("path")[:6]]
    period = last_month(today)
    for _n in range(6):
        for unit in units:
            report = figures.build(unit=unit, period=period)
            assert figures.reconciles(report), (unit, period)
            intake = {r["label"]: [c["v"] for c in r["cells"]] for r in report["tables"][0]["rows"]}
            total = intake["合计"]
            assert total[3] == sum(total[4:11]) - total[6]  # the ways add up (final is within awarded)
            assert [a + m for a, m in zip(intake["仲裁案件"], intake["调解案件"], strict=True)] == total
        period = last_month(period.start)
    year = figures.Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    report = figures.build(unit=_district(), period=year)
    assert figures.reconciles(report) and report["tables"][0]["rows"][-1]["cells"][1]["v"] > 50


def test_the_monthly_job_keeps_last_months_report_equal_to_the_live_figures(generated):
    keep_last_months_reports.call_local()
    period = last_month(timezone.localdate())
    kept = KeptReport.objects.get(unit=_district(), period_start=period.start)
    assert kept.period_end == period.end and kept.file.content_type.endswith("spreadsheetml.sheet")
    chair = _chair_of(kept.unit)
    assert kept.figures == figures.build(unit=kept.unit, period=period, user=chair)
    assert read_bytes(kept.file)[:2] == b"PK"
    commissions = Unit.objects.filter(kind=UnitKind.COMMISSION, is_active=True).count()
    assert KeptReport.objects.filter(period_start=period.start).count() == commissions
    # run again on the same day: nothing is built twice
    assert [k.pk for k in keep_monthly_reports(today=timezone.localdate())] == list(
        KeptReport.objects.filter(period_start=period.start)
        .order_by("unit__path")
        .values_list("pk", flat=True)
    )
    client = Client()
    client.force_login(chair)
    listed = client.get(reverse("reports:kept_list"))
    assert kept in list(listed.context["reports"])
    page = client.get(reverse("reports:kept_detail", args=[kept.pk]))
    assert page.status_code == 200 and "已存统计报表" in page.content.decode()
    download = client.get(reverse("reports:kept_file", args=[kept.pk]))
    assert b"".join(download.streaming_content) == read_bytes(kept.file)
    assert download["Content-Disposition"].startswith("attachment;")
    other = KeptReport.objects.exclude(unit=kept.unit).first()
    assert client.get(reverse("reports:kept_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:kept_file", args=[other.pk])).status_code == 404


def test_every_dashboard_figure_opens_a_case_list_of_exactly_as_many_cases(generated):
    district = _district()
    client = Client()
    client.force_login(_chair_of(district))
    today = timezone.localdate()
    asked = {"unit": district.pk, "start": date(today.year - 1, 7, 1), "end": today}
    page = client.get(reverse("reports:dashboard"), asked)
    assert page.status_code == 200
    from lxml import html

    tree = html.fromstring(page.content)
    links = tree.xpath('//a[@data-testid="dashboard-count"]')
    assert len(links) > 30
    for link in links:
        listed = client.get(link.get("href"))
        assert listed.context["page"].paginator.count == int(link.get("data-figure")), link.get("href")
