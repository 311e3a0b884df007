"""The two rules that read what filing records about the employer and the workers: wage
arrears in construction (the respondent's industry, GB/T 4754 门类 E) and workers threatening
to act together (the flag at filing)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from medarb.alerts import services
from medarb.alerts.models import Alert, Level, RuleKind
from medarb.alerts.testing import wave
from medarb.cases.employers import Industry
from medarb.cases.models import Case, Party, PartySide

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]
TODAY = date.today() - timedelta(days=30)


def rule(cast, kind, *, threshold=3, days=30, level=Level.SERIOUS):
    return services.save_rule(
        actor=cast.chair,
        unit=cast.district,
        kind=kind,
        enabled=True,
        level=level,
        threshold=threshold,
        days=days,
    )


def builder(cases, name="东海宏远建设集团有限公司", industry=Industry.CONSTRUCTION):
    Party.objects.filter(case__in=cases, side=PartySide.RESPONDENT).update(
        name=name, uscc="", industry=industry
    )


def test_three_wage_claims_against_one_builder_raise_one_construction_alert(cast):
    rule(cast, RuleKind.CONSTRUCTION_ARREARS)
    cases = wave(actor=cast.filing_officer, unit=cast.district, count=3, last_day=TODAY, days=20)
    builder(cases)
    raised = services.run_scan(today=TODAY)
    alert = Alert.objects.get()
    assert raised == [alert] and set(alert.cases.all()) == set(cases)
    assert "东海宏远建设集团有限公司（建筑业）" in alert.title and "3 名劳动者" in alert.title
    assert services.run_scan(today=TODAY) == []  # the same claims again: no second alert


def test_the_construction_rule_ignores_other_industries_other_claims_and_too_few_workers(cast):
    rule(cast, RuleKind.CONSTRUCTION_ARREARS)
    factory = wave(actor=cast.filing_officer, unit=cast.district, count=5, last_day=TODAY)
    builder(factory, name="某电子厂", industry=Industry.MANUFACTURING)
    unknown = wave(actor=cast.filing_officer, unit=cast.district, count=5, last_day=TODAY)
    builder(unknown, name="某不明单位", industry="")
    injuries = wave(actor=cast.filing_officer, unit=cast.district, count=5, last_day=TODAY)
    builder(injuries, name="某路桥公司")
    Case.objects.filter(pk__in=[c.pk for c in injuries]).update(primary_cause="work_injury.medical")
    few = wave(actor=cast.filing_officer, unit=cast.district, count=2, last_day=TODAY)
    builder(few, name="某建筑劳务公司")
    assert services.run_scan(today=TODAY) == []


def test_a_collective_case_counts_its_workers_towards_the_construction_threshold(cast):
    rule(cast, RuleKind.CONSTRUCTION_ARREARS, threshold=20)
    (case,) = wave(actor=cast.filing_officer, unit=cast.district, count=1, last_day=TODAY)
    builder([case])
    Case.objects.filter(pk=case.pk).update(worker_count=25, is_collective=True)
    (alert,) = services.run_scan(today=TODAY)
    assert alert.workers == 25


def test_each_case_whose_workers_threaten_to_act_together_raises_its_own_alert_once(cast):
    rule(cast, RuleKind.THREATENED_ACTION, threshold=1, days=7, level=Level.MAJOR)
    quiet = wave(actor=cast.filing_officer, unit=cast.district, count=3, last_day=TODAY)
    flagged = wave(actor=cast.filing_officer, unit=cast.district, count=2, last_day=TODAY, days=2)
    Case.objects.filter(pk__in=[c.pk for c in flagged]).update(threatens_collective_action=True)
    old = wave(actor=cast.filing_officer, unit=cast.district, count=1, last_day=TODAY - timedelta(days=7))
    Case.objects.filter(pk=old[0].pk).update(threatens_collective_action=True)  # before the window
    raised = services.run_scan(today=TODAY)
    assert {a.cases.get() for a in raised} == set(flagged)
    assert all(a.level == Level.MAJOR and "扬言采取集体行动" in a.title for a in raised)
    assert services.run_scan(today=TODAY) == [] and not set(quiet) & {a.cases.get() for a in raised}


def test_the_rules_page_offers_both_rules_with_their_own_fields(cast):
    admin = Client()
    admin.force_login(cast.unit_admin)
    page = admin.get(reverse("alerts:rules")).content.decode()
    assert "工程建设领域欠薪" in page and "扬言采取集体行动" in page
    assert 'id="threshold-construction_wages"' in page and 'id="threshold-threatened_action"' not in page
