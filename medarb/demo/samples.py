"""Sample cases of the demo district: invented people, claims and the registration of one case
per slot (through each procedure's own registration)."""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from medarb.accounts.models import User
from medarb.cases.models import Case, CaseKind, Channel, PartyKind, PartySide
from medarb.cases.services import (
    CaseInput,
    ClaimInput,
    PartyInput,
    register_case,
)
from medarb.core.validators import USCC_CHARSET, id_check_digit, uscc_check_char
from medarb.demo import district as d
from medarb.mediation.services import OralRecord, register_mediation
from medarb.orgs.models import Unit
from medarb.procedure.declaration import registered


@dataclass
class Slot:
    kind: str
    state: str
    unit_key: str
    actor: User
    with_worker: bool = False
    with_employer: bool = False


class People:
    """Deterministic fictional names, IDs, phones and credit codes."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones: set[str] = {d.WORKER["phone"], d.EMPLOYER["phone"]}

    def name(self) -> str:
        given = self.rng.choice(d.GIVEN) + (self.rng.choice(d.GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(d.SURNAMES) + given

    def resident_id(self) -> str:
        born = date(1965, 1, 1) + timedelta(days=self.rng.randrange(365 * 38))
        region = self.rng.choice(("350203", "350211", "350583", "362426", "430521", "510722", "412724"))
        first17 = f"{region}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return first17 + id_check_digit(first17)

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(("135", "136", "137", "150", "151", "158", "177", "186", "188")) + (
                f"{self.rng.randrange(10**8):08d}"
            )
            if phone not in self.phones:
                self.phones.add(phone)
                return phone


def uscc_for(seed: str) -> str:
    """A well-formed, fictional unified social credit code derived from a name."""
    digest = hashlib.sha256(seed.encode()).digest()
    body = "".join(USCC_CHARSET[b % len(USCC_CHARSET)] for b in digest[:9])
    first17 = f"91990203{body}"
    return first17 + uscc_check_char(first17)


def claims_for(rng: random.Random, cause: str, worker_count: int) -> list[ClaimInput]:
    causes = [cause, *rng.sample(sorted(d.CLAIM_TEMPLATES), k=rng.choice((0, 0, 1, 2)))]
    claims = []
    for code in dict.fromkeys(causes):  # no duplicates, keep order
        description, bounds = d.CLAIM_TEMPLATES.get(code, ("其他请求", (1000, 10000)))
        amount = None
        if bounds:
            low, high = bounds
            amount = Decimal(rng.randrange(low, high) * max(1, worker_count // 2)).quantize(Decimal("1.00"))
        claims.append(ClaimInput(cause=code, description=description, amount=amount))
    return claims


# --- sample cases -----------------------------------------------------------------------


def build_case(slot: Slot, units: dict[str, Unit], people: People, today: date, serial: int) -> Case:
    rng = people.rng
    procedure = registered()[slot.kind]
    closed = procedure.states[slot.state].is_closed
    received_on = today - timedelta(days=rng.randrange(60, 400) if closed else rng.randrange(0, 50))
    cause = rng.choice(sorted(d.CLAIM_TEMPLATES))
    collective = serial % 8 == 5
    worker_count = rng.randrange(10, 46) if collective else 1
    parties: list[PartyInput] = []
    if slot.with_worker and not collective:
        first17 = d.WORKER["id_first17"]
        parties.append(
            PartyInput(
                side=PartySide.APPLICANT,
                kind=PartyKind.WORKER,
                name=d.WORKER["name"],
                id_number=first17 + id_check_digit(first17),
                phone=d.WORKER["phone"],
                address="滨海市鹭湖区湖滨北路12号",
                occupation="操作工",
            )
        )
    representatives = 3 if collective else (0 if parties else 1)
    for _ in range(representatives):
        parties.append(
            PartyInput(
                side=PartySide.APPLICANT,
                kind=PartyKind.REPRESENTATIVE if collective else PartyKind.WORKER,
                name=people.name(),
                id_number=people.resident_id(),
                phone=people.phone(),
                occupation=rng.choice(d.OCCUPATIONS),
            )
        )
    if serial % 4 == 1:
        parties.append(
            PartyInput(
                side=PartySide.APPLICANT,
                kind=PartyKind.AGENT,
                name=f"{people.name()}（东海明德律师事务所律师）",
                phone=people.phone(),
                principal_index=0,
            )
        )
    if slot.with_employer:
        employer_name, employer_phone = d.EMPLOYER["name"], d.EMPLOYER["phone"]
        legal_rep = d.EMPLOYER["legal_representative"]
    else:
        employer_name, employer_phone, legal_rep = rng.choice(d.EMPLOYERS), people.phone(), people.name()
    parties.append(
        PartyInput(
            side=PartySide.RESPONDENT,
            kind=PartyKind.EMPLOYER,
            name=employer_name,
            is_organisation=True,
            uscc=uscc_for(employer_name),
            legal_representative=legal_rep,
            phone=employer_phone,
            address="滨海市鹭湖区工业园区",
            industry=d.employer_kind(employer_name)[0],
            employer_type=d.employer_kind(employer_name)[1],
        )
    )
    start = received_on - timedelta(days=rng.randrange(200, 2000))
    owed = received_on - timedelta(days=rng.randrange(30, 180))
    facts = d.FACTS.get(cause.split(".")[0], "").format(
        start=f"{start:%Y年%m月%d日}", owed=f"{owed:%Y年%m月}", job=rng.choice(d.OCCUPATIONS)
    )
    if collective:
        facts = f"申请人等{worker_count}名劳动者推举代表人申请。" + facts
    data = CaseInput(
        kind=slot.kind,
        unit=units[slot.unit_key],
        received_on=received_on,
        primary_cause=cause,
        facts=facts,
        channel=rng.choice((Channel.WINDOW, Channel.WINDOW, Channel.ONLINE, Channel.ORAL)),
        worker_count=worker_count,
        # a collective wage claim is where workers say they will gather if unpaid
        threatens_collective_action=collective and cause.startswith("wages."),
        parties=parties,
        claims=claims_for(rng, cause, worker_count),
    )
    if slot.kind == CaseKind.MEDIATION:
        # Through mediation's own registration, so every sample has its mediation file and clock.
        oral = OralRecord(statement=facts or "口头申请", place="调解室", confirmed=True)
        return register_mediation(
            actor=slot.actor, data=data, oral=oral if data.channel == Channel.ORAL else None
        )
    return register_case(actor=slot.actor, data=data)
