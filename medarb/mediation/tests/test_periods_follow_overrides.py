"""Mediation's periods come from procedure.rules with the case's unit (本委规则): the 15-day
limit, its extension cap, and the windows for arbitral review and judicial confirmation."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from medarb.core.errors import DomainError
from medarb.mediation import services
from medarb.procedure.calendar import add_period
from medarb.procedure.clocks import deadlines_for
from medarb.procedure.rules import DayType
from medarb.procedure.services import set_rule_override

from .helpers import draft, in_session, register, sign_all


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    cache.clear()
    yield
    cache.clear()


def override(cast, code: str, days: int):
    set_rule_override(actor=cast.chair, unit=cast.district, code=code, days=days, day_type=DayType.NATURAL)


def effective(cast):
    case, _session = in_session(cast.street_mediator, cast.street_a)
    agreement = draft(case, cast.street_mediator)
    sign_all(agreement, cast.street_mediator)
    services.seal_agreement(agreement=agreement, actor=cast.street_mediator, on=timezone.localdate())
    return case


class TestMediationPeriodsFollowTheUnit:
    @time_machine.travel("2026-09-21 10:00 +0800", tick=False)
    def test_the_limit_and_its_extension_cap_are_the_district_s_for_a_street_below_it(self, cast):
        override(cast, "mediation_limit", 10)
        override(cast, "mediation_extension", 5)
        case = register(cast.street_mediator, cast.street_a, received_on=date(2026, 9, 20))
        (limit,) = [d for d in deadlines_for(case) if d.code == "mediation_limit"]
        assert limit.due_on == add_period(date(2026, 9, 20), 10, DayType.NATURAL) and limit.local_rule
        services.accept_mediation(case=case, actor=cast.street_mediator, decided_on=date(2026, 9, 21))
        with pytest.raises(DomainError, match="最多 5 日"):
            services.extend_mediation(
                case=case,
                actor=cast.street_mediator,
                days=6,
                applicant_agrees=True,
                respondent_agrees=True,
                agreed_on=timezone.localdate(),
            )
        services.extend_mediation(
            case=case,
            actor=cast.street_mediator,
            days=5,
            applicant_agrees=True,
            respondent_agrees=True,
            agreed_on=timezone.localdate(),
        )

    def test_arbitral_review_and_judicial_confirmation_windows_are_the_unit_s(self, cast):
        override(cast, "arbitral_review", 20)
        override(cast, "judicial_confirmation", 40)
        case = effective(cast)
        # 18 and 35 days after the agreement took effect: late by the law, in time here.
        services.record_route(
            case=case,
            actor=cast.street_mediator,
            kind="arbitral_review",
            body="鹭湖区仲裁院",
            filed_on=timezone.localdate() + timedelta(days=18),
        )
        services.record_route(
            case=case,
            actor=cast.street_mediator,
            kind="judicial_confirmation",
            body="鹭湖区人民法院",
            filed_on=timezone.localdate() + timedelta(days=35),
        )
        with pytest.raises(DomainError, match="40日内"):
            services.record_route(
                case=case,
                actor=cast.street_mediator,
                kind="judicial_confirmation",
                body="鹭湖区人民法院",
                filed_on=timezone.localdate() + timedelta(days=50),
            )

    def test_without_an_override_the_law_s_windows_hold(self, cast):
        case = effective(cast)
        with pytest.raises(DomainError, match="15日内"):
            services.record_route(
                case=case,
                actor=cast.street_mediator,
                kind="arbitral_review",
                body="鹭湖区仲裁院",
                filed_on=timezone.localdate() + timedelta(days=18),
            )
