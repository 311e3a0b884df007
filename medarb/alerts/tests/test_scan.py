"""The scan of intake: a wave of applications against one employer raises one alert with
those cases; the same wave scanned again, or going on, does not raise a second; the rule's
unit subtree, window, threshold and kind decide; a closed alert lets a new wave raise anew;
linked units get a notice and contacts an SMS."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from medarb.alerts import services
from medarb.alerts.models import Alert, AlertState, Contact, Level, Notice, RuleKind
from medarb.alerts.scan import employer_key
from medarb.alerts.testing import wave
from medarb.core.sms import ConsoleBackend
from medarb.testing import EMPLOYER_USCC, register

pytestmark = pytest.mark.django_db
TODAY = date.today() - timedelta(days=30)  # registration refuses a receipt date after today


def rule(cast, kind=RuleKind.COLLECTIVE_WAVE, **options):
    values = {"threshold": 10, "days": 10, "level": Level.SERIOUS, "amount": None, "linked_units": ()}
    values.update(options)
    return services.save_rule(actor=cast.chair, unit=cast.district, kind=kind, enabled=True, **values)


def test_twelve_applications_against_one_employer_in_ten_days_raise_one_alert(
    cast, django_capture_on_commit_callbacks
):
    rule(cast, linked_units=[cast.street_a])
    cases = wave(actor=cast.filing_officer, unit=cast.district, count=12, last_day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        raised = services.run_scan(today=TODAY)
    alert = Alert.objects.get()
    assert raised == [alert]
    assert set(alert.cases.all()) == set(cases) and alert.workers == 12
    assert alert.amount == Decimal("144000.00") and alert.level == Level.SERIOUS
    assert "某电子有限公司" in alert.title and "12 名劳动者" in alert.title
    assert Notice.objects.get(alert=alert).unit == cast.street_a

    assert services.run_scan(today=TODAY) == []  # the same wave again: nothing new
    more = wave(actor=cast.filing_officer, unit=cast.district, count=10, last_day=TODAY, days=3)
    services.run_scan(today=TODAY)
    alert.refresh_from_db()
    assert Alert.objects.count() == 1 and alert.cases.count() == 22 and alert.workers == 22
    assert alert.level == Level.MAJOR  # twice the threshold
    assert set(more) <= set(alert.cases.all())
    assert Notice.objects.count() == 1  # extending does not notify again


def test_below_the_threshold_outside_the_window_or_the_subtree_nothing_is_raised(cast):
    rule(cast)
    wave(actor=cast.filing_officer, unit=cast.district, count=9, last_day=TODAY)
    wave(actor=cast.filing_officer, unit=cast.district, count=5, last_day=TODAY - timedelta(days=10))
    wave(actor=cast.other_arbitrator, unit=cast.other_district, count=12, last_day=TODAY)
    assert services.run_scan(today=TODAY) == []
    # a street room's cases belong to the district's subtree
    wave(actor=cast.street_mediator, unit=cast.street_a, count=1, last_day=TODAY, kind="mediation")
    assert len(services.run_scan(today=TODAY)) == 1


def test_different_employers_and_different_kinds_of_claim_are_different_waves(cast):
    rule(cast)
    wave(actor=cast.filing_officer, unit=cast.district, count=6, last_day=TODAY, employer="甲公司")
    wave(actor=cast.filing_officer, unit=cast.district, count=6, last_day=TODAY, employer="乙公司")
    assert services.run_scan(today=TODAY) == []


def test_the_same_company_typed_twice_is_one_employer():
    assert employer_key("", "某电子（深圳）有限公司") == employer_key("", "某电子 (深圳)有限公司")
    assert employer_key(EMPLOYER_USCC.lower(), "甲") == employer_key(EMPLOYER_USCC, "乙")


def test_repeat_employer_and_large_amount(cast):
    rule(cast, RuleKind.REPEAT_EMPLOYER, threshold=5, days=90)
    rule(cast, RuleKind.LARGE_AMOUNT, threshold=1, days=1, amount=Decimal("500000"))
    for n in range(5):
        register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY - timedelta(days=20 * n))
    register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY, amount=Decimal("600000"))
    services.run_scan(today=TODAY)
    kinds = sorted(a.rule.kind for a in Alert.objects.all())
    assert kinds == [RuleKind.LARGE_AMOUNT, RuleKind.REPEAT_EMPLOYER]
    big = Alert.objects.get(rule__kind=RuleKind.LARGE_AMOUNT)
    assert big.amount == Decimal("600000") and "600,000.00" in big.title


def test_after_closing_a_new_wave_raises_a_new_alert(cast):
    rule(cast)
    wave(actor=cast.filing_officer, unit=cast.district, count=10, last_day=TODAY)
    (first,) = services.run_scan(today=TODAY)
    services.close_alert(alert=first, actor=cast.chair, outcome="已督促企业支付工资")
    assert first.state == AlertState.CLOSED
    assert services.run_scan(today=TODAY) == []  # the same cases: handled
    later = TODAY + timedelta(days=20)
    wave(actor=cast.filing_officer, unit=cast.district, count=10, last_day=later)
    (second,) = services.run_scan(today=later)
    assert second.pk != first.pk and Alert.objects.count() == 2


def test_contacts_are_told_by_sms_and_a_failed_message_is_recorded(
    cast, settings, django_capture_on_commit_callbacks
):
    rule(cast)
    ok = Contact.objects.create(
        unit=cast.district, department="区劳动保障监察大队", name="刘监察", phone="13600136000"
    )
    Contact.objects.create(
        unit=cast.district, department="区住建局", name="停用", phone="13600136001", active=False
    )
    ConsoleBackend.outbox.clear()
    wave(actor=cast.filing_officer, unit=cast.district, count=10, last_day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_scan(today=TODAY)
    (message,) = ConsoleBackend.outbox
    assert message["phone"] == "13600136000" and message["template"] == settings.SMS_TEMPLATE_ALERT
    assert Notice.objects.get(contact=ok).failed == ""


def test_a_rule_is_set_by_the_units_chair_or_admin_only(cast):
    from medarb.core.errors import DomainError, NotAllowed

    for user in (cast.arbitrator, cast.filing_officer, cast.street_mediator, cast.other_arbitrator):
        with pytest.raises(NotAllowed):
            services.save_rule(
                actor=user,
                unit=cast.district,
                kind=RuleKind.COLLECTIVE_WAVE,
                enabled=True,
                level=Level.SERIOUS,
                threshold=10,
                days=10,
            )
    with pytest.raises(DomainError, match="金额"):
        rule(cast, RuleKind.LARGE_AMOUNT, amount=None)
    with pytest.raises(DomainError, match="天数"):
        rule(cast, days=0)


SPRING_2026 = date(2026, 2, 17)  # 正月初一 of 2026


def applications(cast, days: list[date]) -> None:
    for day in days:
        register(actor=cast.filing_officer, unit=cast.district, received_on=day)


def test_wage_applications_surging_before_the_spring_festival_raise_the_seasons_alert(cast):
    rule(cast, RuleKind.FESTIVAL_SURGE, threshold=150, days=30)
    today = SPRING_2026 - timedelta(days=7)
    baseline_start = today - timedelta(days=7 * 9 - 1)
    applications(cast, [baseline_start + timedelta(days=3 * n + 1) for n in range(16)])  # 2 a week
    applications(cast, [today - timedelta(days=n % 7) for n in range(8)])  # 8 this week
    (alert,) = services.run_scan(today=today)
    assert alert.rule.kind == RuleKind.FESTIVAL_SURGE and alert.cases.count() == 8
    assert "近 7 日 8 件" in alert.title and "2026-02-17" in alert.title
    applications(cast, [today + timedelta(days=1)] * 3)
    services.run_scan(today=today + timedelta(days=1))
    assert Alert.objects.count() == 1 and Alert.objects.get().cases.count() == 11  # the season's one alert


def test_no_surge_far_from_the_festival_below_the_ratio_or_with_few_cases(cast):
    rule(cast, RuleKind.FESTIVAL_SURGE, threshold=150, days=30)
    today = SPRING_2026 - timedelta(days=7)
    applications(cast, [today - timedelta(days=n % 7) for n in range(4)])  # 4: below the minimum
    assert services.run_scan(today=today) == []
    baseline_start = today - timedelta(days=7 * 9 - 1)
    applications(cast, [baseline_start + timedelta(days=n % 56) for n in range(32)])  # 4 a week
    applications(cast, [today])  # 5 this week: 125 % of the usual week
    assert services.run_scan(today=today) == []
    applications(cast, [today] * 5)  # 10 this week, 250 %, but in June nothing is watched
    assert services.run_scan(today=date(2026, 6, 1)) == []
    assert len(services.run_scan(today=today)) == 1
