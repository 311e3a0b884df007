"""Collective disputes: 10+ workers, 3–5 representatives, priority, a three-arbitrator
tribunal; the legacy 30+ special tribunal as a local rule."""

import pytest
from django.test import override_settings

from medarb.arbitration import services
from medarb.arbitration.models import ArbitrationTrack
from medarb.cases.models import CaseKind, PartyKind, PartySide
from medarb.cases.services import COLLECTIVE_THRESHOLD, CaseInput, ClaimInput, PartyInput, register_case
from medarb.core.errors import DomainError, ProcedureError
from medarb.testing import EMPLOYER_USCC

from .conftest import TODAY


def collective(cast, *, workers: int, representatives: int):
    parties = [
        PartyInput(side=PartySide.APPLICANT, kind=PartyKind.REPRESENTATIVE, name=f"代表{n}")
        for n in range(representatives)
    ]
    parties.append(
        PartyInput(
            side=PartySide.RESPONDENT,
            kind=PartyKind.EMPLOYER,
            name="某电子有限公司",
            is_organisation=True,
            uscc=EMPLOYER_USCC,
        )
    )
    return register_case(
        actor=cast.filing_officer,
        data=CaseInput(
            kind=CaseKind.ARBITRATION,
            unit=cast.district,
            received_on=TODAY,
            primary_cause="wages.unpaid",
            worker_count=workers,
            parties=parties,
            claims=[ClaimInput(cause="wages.unpaid", description="支付拖欠工资")],
        ),
    )


class TestThresholds:
    def test_ten_workers_make_a_collective_dispute_and_nine_do_not(self, cast, today):
        assert COLLECTIVE_THRESHOLD == 10
        assert collective(cast, workers=10, representatives=3).is_collective
        assert not collective(cast, workers=9, representatives=3).is_collective

    @pytest.mark.parametrize("count", [2, 6])
    def test_acceptance_needs_three_to_five_representatives(self, cast, today, count):
        case = collective(cast, workers=12, representatives=count)
        with pytest.raises(ProcedureError, match="三至五名代表人"):
            services.accept_case(case=case, actor=cast.filing_officer, on=TODAY)
        assert case.number is None

    @pytest.mark.parametrize("count", [3, 5])
    def test_three_to_five_representatives_are_accepted_with_priority(self, cast, today, count):
        case = services.accept_case(
            case=collective(cast, workers=12, representatives=count), actor=cast.filing_officer, on=TODAY
        )
        assert case.status == "accepted"
        assert ArbitrationTrack.objects.get(case=case).priority


class TestTribunal:
    def test_a_collective_dispute_is_never_heard_by_a_sole_arbitrator(self, cast, today, pool):
        case = services.accept_case(
            case=collective(cast, workers=12, representatives=3), actor=cast.filing_officer, on=TODAY
        )
        with pytest.raises(DomainError, match="三名仲裁员"):
            services.compose_tribunal(case=case, actor=cast.chair, kind="sole", presiding=pool[0])
        tribunal = services.compose_tribunal(
            case=case, actor=cast.chair, kind="three", presiding=pool[0], members=pool[1:]
        )
        assert tribunal.members.count() == 3

    def test_the_special_tribunal_applies_only_under_the_local_rule(self, cast, today, pool):
        case = services.accept_case(
            case=collective(cast, workers=30, representatives=3), actor=cast.filing_officer, on=TODAY
        )
        with pytest.raises(DomainError, match="特别仲裁庭只适用于"):
            services.compose_tribunal(
                case=case, actor=cast.chair, kind="special", presiding=pool[0], members=pool[1:]
            )
        with override_settings(ARBITRATION_SPECIAL_TRIBUNAL_WORKERS=30):
            with pytest.raises(DomainError, match="应当组成特别仲裁庭"):
                services.compose_tribunal(
                    case=case, actor=cast.chair, kind="three", presiding=pool[0], members=pool[1:]
                )
            tribunal = services.compose_tribunal(
                case=case, actor=cast.chair, kind="special", presiding=pool[0], members=pool[1:]
            )
        assert tribunal.kind == "special"

    def test_twenty_nine_workers_stay_with_the_ordinary_three(self, cast, today, pool):
        case = services.accept_case(
            case=collective(cast, workers=29, representatives=3), actor=cast.filing_officer, on=TODAY
        )
        with override_settings(ARBITRATION_SPECIAL_TRIBUNAL_WORKERS=30):
            tribunal = services.compose_tribunal(
                case=case, actor=cast.chair, kind="three", presiding=pool[0], members=pool[1:]
            )
        assert tribunal.kind == "three"
