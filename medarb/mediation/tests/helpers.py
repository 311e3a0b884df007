"""Builders for mediation tests: a registered case, a session, a signed agreement."""

import base64
import struct
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from medarb.cases.models import CaseKind, Channel, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput
from medarb.mediation import services
from medarb.mediation.models import PerformanceMethod, SignerRole
from medarb.orgs.models import RoomKind
from medarb.orgs.services import add_room
from medarb.procedure.calendar import is_working_day
from medarb.testing import EMPLOYER_USCC, WORKER_ID


def case_input(
    unit, *, received_on: date | None = None, channel: str = Channel.WINDOW, amount="8000.00"
) -> CaseInput:
    return CaseInput(
        kind=CaseKind.MEDIATION,
        unit=unit,
        received_on=received_on or timezone.localdate(),
        primary_cause="wages.unpaid",
        facts="用人单位拖欠两个月工资。",
        channel=channel,
        parties=[
            PartyInput(
                side=PartySide.APPLICANT,
                kind=PartyKind.WORKER,
                name="张三",
                id_number=WORKER_ID,
                phone="13800138000",
            ),
            PartyInput(
                side=PartySide.RESPONDENT,
                kind=PartyKind.EMPLOYER,
                name="某电子有限公司",
                is_organisation=True,
                uscc=EMPLOYER_USCC,
                phone="13900139000",
            ),
        ],
        claims=[ClaimInput(cause="wages.unpaid", description="支付拖欠工资", amount=Decimal(amount))],
    )


def register(actor, unit, **kwargs):
    return services.register_mediation(actor=actor, data=case_input(unit, **kwargs))


def accepted(actor, unit, **kwargs):
    case = register(actor, unit, **kwargs)
    return services.accept_mediation(case=case, actor=actor, decided_on=case.received_on)


def next_working_morning(after: date | None = None, hour: int = 9) -> datetime:
    day = (after or timezone.localdate()) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def room_for(unit, name="第一调解室"):
    return add_room(unit=unit, name=name, kind=RoomKind.MEDIATION_ROOM)


def png(width: int = 60, height: int = 20, seed: int = 1) -> bytes:
    """A real PNG with some ink, large enough to count as a signature."""
    rows = b"".join(
        b"\x00" + bytes(((x * 7 + y * 13 + seed) % 251) for x in range(width * 3)) for y in range(height)
    )

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def data_url(seed: int = 1) -> str:
    return "data:image/png;base64," + base64.b64encode(png(seed=seed)).decode()


def in_session(actor, unit, **kwargs):
    case = accepted(actor, unit, **kwargs)
    room = room_for(unit)
    session = services.schedule_session(
        case=case, actor=actor, starts_at=next_working_morning(), minutes=60, room=room
    )
    return case, session


def draft(case, actor, *, due_in_days: int = 10):
    return services.draft_agreement(
        case=case,
        actor=actor,
        data=services.AgreementInput(
            matters="申请人主张被申请人拖欠工资8000元。",
            terms=[
                services.TermInput(
                    description="支付拖欠工资",
                    amount=Decimal("7000.00"),
                    due_on=timezone.localdate() + timedelta(days=due_in_days),
                    method=PerformanceMethod.BANK_TRANSFER,
                )
            ],
        ),
    )


def sign_all(agreement, mediator):
    case = agreement.case
    for party in case.parties.filter(principal__isnull=True):
        services.sign_agreement(
            agreement=agreement, actor=mediator, role=party.side, party=party, image=data_url(party.pk)
        )
    services.sign_agreement(agreement=agreement, actor=mediator, role=SignerRole.MEDIATOR, image=data_url(99))
