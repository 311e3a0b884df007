"""Rooms of the cast's district and streets, cases with parties of their own, frozen time."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from medarb.cases.models import Case, CaseKind, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, register_case
from medarb.core.validators import id_check_digit, uscc_check_char
from medarb.hearings import timing
from medarb.orgs.models import Room, RoomKind
from medarb.orgs.services import add_room

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 23 November 2026, 10:00 in Shanghai; the hearings below fall on 3 December.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
HEARING_DAY = date(2026, 12, 3)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@dataclass
class Rooms:
    court: Room
    court_two: Room
    street_a: Room
    street_b: Room
    other_district: Room


@pytest.fixture
def rooms(cast) -> Rooms:
    return Rooms(
        court=add_room(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT),
        court_two=add_room(unit=cast.district, name="第二数字仲裁庭", kind=RoomKind.ARBITRATION_COURT),
        street_a=add_room(unit=cast.street_a, name="东湖调解室", kind=RoomKind.MEDIATION_ROOM),
        street_b=add_room(unit=cast.street_b, name="西湖调解室", kind=RoomKind.MEDIATION_ROOM),
        other_district=add_room(unit=cast.other_district, name="青山仲裁庭", kind=RoomKind.ARBITRATION_COURT),
    )


def resident_id(n: int) -> str:
    first17 = f"11010119900307{n:03d}"
    return first17 + id_check_digit(first17)


def credit_code(n: int) -> str:
    first17 = f"91350100M0001{n:04d}"
    return first17 + uscc_check_char(first17)


def new_case(*, actor, unit, n: int, kind: str = CaseKind.ARBITRATION, allocate: bool = True) -> Case:
    """A case whose worker and employer appear in no other case (ID, phone, credit code all unique)."""
    from medarb.cases.services import allocate_case_number

    case = register_case(
        actor=actor,
        data=CaseInput(
            kind=kind,
            unit=unit,
            received_on=date(2026, 11, 20),
            primary_cause="wages.unpaid",
            parties=[
                PartyInput(
                    side=PartySide.APPLICANT,
                    kind=PartyKind.WORKER,
                    name=f"工人{n}",
                    id_number=resident_id(n),
                    phone=f"1380013{n:04d}",
                ),
                PartyInput(
                    side=PartySide.RESPONDENT,
                    kind=PartyKind.EMPLOYER,
                    name=f"公司{n}",
                    is_organisation=True,
                    uscc=credit_code(n),
                    phone=f"1390013{n:04d}",
                ),
            ],
            claims=[ClaimInput(cause="wages.unpaid", description="支付拖欠工资")],
        ),
    )
    if allocate:
        allocate_case_number(case=case, on=date(2026, 11, 20))
    return case


def at(day: date, hhmm: str) -> datetime:
    return timing.at(day, time.fromisoformat(hhmm))
