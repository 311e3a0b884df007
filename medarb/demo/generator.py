"""Fill the database with many realistic cases, fast, for benchmarks (`manage.py generate_cases`).

Cases are written with bulk inserts, bypassing the per-case services on purpose: the
denormalised columns those services maintain (unit_path, party_names, claimed_total,
is_collective) are computed here the same way. Encrypting hundreds of thousands of ID and
phone numbers one by one would dominate the run, so a pool of a few thousand distinct
people is encrypted once and their ciphertexts and blind indexes are reused.
"""

import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, models, transaction
from django.db.models import Value
from django.utils import timezone

from medarb.cases.models import (
    Case,
    CaseKind,
    CaseNumberFormat,
    CaseNumberSequence,
    Channel,
    Claim,
    Party,
    PartyKind,
    PartySide,
    TimelineEntry,
)
from medarb.cases.services import COLLECTIVE_THRESHOLD, DEFAULT_NUMBER_TEMPLATES
from medarb.core.crypto import blind_index, encrypt
from medarb.demo import district as d
from medarb.demo.loader import People, reached_acceptance, uscc_for
from medarb.orgs.models import Membership, Role, Unit, UnitKind
from medarb.procedure.declaration import Procedure, registered

PEOPLE_POOL = 3000
YEARS = 3
# Where cases are handled: share of mediation cases per level (arbitration: commissions only).
MEDIATION_LEVEL_WEIGHTS = {
    UnitKind.COMMISSION: 0.15,
    UnitKind.STREET: 0.45,
    UnitKind.COMMUNITY: 0.25,
    UnitKind.ENTERPRISE: 0.15,
}
ARBITRATION_SHARE = 0.55
# Relative frequency of closed states; an undeclared-here closed state gets DEFAULT_WEIGHT.
CLOSED_WEIGHTS = {
    "closed_mediation": 30,
    "closed_award": 30,
    "closed_withdrawn": 14,
    "archived": 15,
    "not_accepted": 4,
    "transferred": 2,
    "terminated": 3,
    "closed_agreement": 55,
    "closed_failed": 20,
    "refused": 5,
    "referred": 4,
    "handed_to_arbitration": 8,
}
DEFAULT_WEIGHT = 3
CAUSE_WEIGHTS = {
    "wages.unpaid": 30,
    "wages.overtime": 10,
    "termination.compensation": 12,
    "termination.damages": 10,
    "social_insurance.loss": 8,
    "relationship.confirm": 6,
    "contract.double_wages": 8,
    "work_injury.medical": 4,
    "social_insurance.work_injury": 4,
    "working_time.annual_leave": 5,
    "wages.minimum": 1,
    "wages.bonus": 2,
    "termination.notice_pay": 3,
    "non_compete.compensation": 1,
    "welfare.training": 1,
}


@dataclass(frozen=True)
class _Person:
    name: str
    id_cipher: str
    id_index: str
    birth_date: date
    gender: str
    phone_cipher: str
    phone_index: str


def _cipher(value: str) -> Value:
    # A Value with a plain text output field is inserted as is: the ciphertext is not
    # encrypted a second time by EncryptedCharField.get_prep_value.
    return Value(value, output_field=models.TextField())


def _people(rng: random.Random, count: int) -> list[_Person]:
    maker = People(rng)
    people = []
    for _ in range(count):
        number, phone = maker.resident_id(), maker.phone()
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        people.append(
            _Person(
                name=maker.name(),
                id_cipher=encrypt(number),
                id_index=blind_index(number),
                birth_date=born,
                gender="male" if int(number[16]) % 2 else "female",
                phone_cipher=encrypt(phone),
                phone_index=blind_index(phone),
            )
        )
    return people


def _weighted_states(procedure: Procedure) -> tuple[list[str], list[int], list[str], list[int]]:
    open_states = [code for code, s in procedure.states.items() if not s.is_closed]
    closed_states = [code for code, s in procedure.states.items() if s.is_closed]
    # Open cases bunch up in the early, long-running states.
    open_weights = [max(1, 10 - i) for i in range(len(open_states))]
    closed_weights = [CLOSED_WEIGHTS.get(code, DEFAULT_WEIGHT) for code in closed_states]
    return open_states, open_weights, closed_states, closed_weights


class _Numbers:
    """Case numbers per unit, kind and year, continuing the stored sequences."""

    def __init__(self):
        self.last: dict[tuple[int, str, int], int] = {
            (s.unit_id, s.kind, s.year): s.last for s in CaseNumberSequence.objects.all()
        }
        self.templates = {
            (f.unit_id, f.kind): (f.template, f.seq_width) for f in CaseNumberFormat.objects.all()
        }

    def next(self, unit: Unit, kind: str, on: date) -> str:
        key = (unit.pk, kind, on.year)
        self.last[key] = self.last.get(key, 0) + 1
        template, width = self.templates.get((unit.pk, kind), (DEFAULT_NUMBER_TEMPLATES[kind], 0))
        abbr = unit.case_prefix or unit.short_name or unit.name
        return template.format(abbr=abbr, year=on.year, seq=str(self.last[key]).zfill(width))

    def save(self) -> None:
        existing = {(s.unit_id, s.kind, s.year): s for s in CaseNumberSequence.objects.all()}
        new = []
        for (unit_id, kind, year), last in self.last.items():
            row = existing.get((unit_id, kind, year))
            if row is None:
                new.append(CaseNumberSequence(unit_id=unit_id, kind=kind, year=year, last=last))
            elif row.last != last:
                row.last = last
                row.save(update_fields=["last"])
        CaseNumberSequence.objects.bulk_create(new)


def generate_cases(
    *, count: int, seed: int = 1, batch_size: int = 2000, progress: Callable[[int], None] | None = None
) -> int:
    """Insert `count` cases with parties, claims and a registration entry; return how many."""
    rng = random.Random(seed)
    units = list(Unit.objects.filter(is_active=True, kind__in=list(MEDIATION_LEVEL_WEIGHTS)).order_by("path"))
    commissions = [u for u in units if u.kind == UnitKind.COMMISSION]
    if not commissions:
        raise ValueError("没有可承办案件的单位：请先运行 `manage.py load_demo`。")
    # Bigger trees generate more cases: the demo district outweighs its neighbour.
    commission_weights = [1 + sum(1 for u in units if u.path.startswith(c.path)) for c in commissions]
    mediation_weights = []
    for unit in units:
        siblings = sum(1 for u in units if u.kind == unit.kind)
        mediation_weights.append(MEDIATION_LEVEL_WEIGHTS[unit.kind] / siblings)
    handlers = _handlers_by_unit()
    procedures = registered()
    states = {kind: _weighted_states(p) for kind, p in procedures.items()}
    people = _people(rng, min(PEOPLE_POOL, max(50, count)))
    employers = [(name, uscc_for(name)) for name in d.EMPLOYERS] + [
        (f"{rng.choice(d.SURNAMES)}{rng.choice(('氏', '记', '达', '丰'))}{suffix}", "")
        for suffix in ("商贸有限公司", "餐饮店", "装饰工程有限公司", "电子厂", "物业管理有限公司") * 40
    ]
    employers = [(name, code or uscc_for(name)) for name, code in employers]
    causes, cause_weights = zip(*CAUSE_WEIGHTS.items(), strict=True)
    today = timezone.localdate()
    span = 365 * YEARS

    # Draw every case first, then insert in received order so ids grow with time.
    plans = []
    for _ in range(count):
        kind = CaseKind.ARBITRATION if rng.random() < ARBITRATION_SHARE else CaseKind.MEDIATION
        unit = (
            rng.choices(commissions, commission_weights)[0]
            if kind == CaseKind.ARBITRATION
            else rng.choices(units, mediation_weights)[0]
        )
        # Slightly more cases in recent months (the caseload grows).
        received_on = today - timedelta(days=int(span * (1 - math.sqrt(rng.random()))))
        plans.append((received_on, kind, unit))
    plans.sort(key=lambda plan: plan[0])

    numbers = _Numbers()
    created = 0
    for start in range(0, count, batch_size):
        with transaction.atomic():
            created += _insert_batch(
                plans[start : start + batch_size],
                rng=rng,
                today=today,
                procedures=procedures,
                states=states,
                people=people,
                employers=employers,
                causes=(causes, cause_weights),
                handlers=handlers,
                numbers=numbers,
            )
        if progress:
            progress(created)
    with transaction.atomic():
        numbers.save()
    _refresh_statistics()
    return created


def _refresh_statistics() -> None:
    """Let the query planner see the new size of the tables (both SQLite and PostgreSQL
    understand a bare ANALYZE): without statistics SQLite guesses how selective each index is."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _handlers_by_unit() -> dict[int, list[int]]:
    handling = [Role.ARBITRATOR, Role.MEDIATOR, Role.FILING_OFFICER]
    result: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in Membership.objects.filter(is_active=True, role__in=handling).values_list(
        "unit_id", "user_id"
    ):
        result[unit_id].append(user_id)
    return result


def _insert_batch(
    plans, *, rng, today, procedures, states, people, employers, causes, handlers, numbers
) -> int:
    cases: list[Case] = []
    extras = []  # per case: (parties, claims)
    for received_on, kind, unit in plans:
        procedure = procedures[kind]
        open_states, open_w, closed_states, closed_w = states[kind]
        age = (today - received_on).days
        closed = rng.random() < min(0.97, age / 120)
        status = rng.choices(closed_states, closed_w)[0] if closed else rng.choices(open_states, open_w)[0]
        accepted = reached_acceptance(procedure, status)
        accepted_on = min(received_on + timedelta(days=rng.randrange(1, 6)), today) if accepted else None
        closed_on = None
        if closed:
            closed_on = min((accepted_on or received_on) + timedelta(days=rng.randrange(3, 60)), today)
        collective = rng.random() < 0.03
        worker_count = rng.randrange(COLLECTIVE_THRESHOLD, 120) if collective else 1
        cause = rng.choices(*causes)[0]
        applicants = rng.sample(people, 3 if collective else 1)
        employer_name, employer_uscc = rng.choice(employers)
        industry, employer_type = d.employer_kind(employer_name)
        party_rows = [
            Party(
                side=PartySide.APPLICANT,
                kind=PartyKind.REPRESENTATIVE if collective else PartyKind.WORKER,
                name=p.name,
                id_number=_cipher(p.id_cipher),
                id_index=p.id_index,
                birth_date=p.birth_date,
                gender=p.gender,
                phone=_cipher(p.phone_cipher),
                phone_index=p.phone_index,
                occupation=rng.choice(d.OCCUPATIONS),
            )
            for p in applicants
        ]
        if rng.random() < 0.2:
            agent = rng.choice(people)
            party_rows.append(
                Party(
                    side=PartySide.APPLICANT,
                    kind=PartyKind.AGENT,
                    name=f"{agent.name}（律师）",
                    phone=_cipher(agent.phone_cipher),
                    phone_index=agent.phone_index,
                )
            )
        party_rows.append(
            Party(
                side=PartySide.RESPONDENT,
                kind=PartyKind.EMPLOYER,
                name=employer_name,
                is_organisation=True,
                uscc=employer_uscc,
                legal_representative=rng.choice(people).name,
                industry=industry,
                employer_type=employer_type,
            )
        )
        claim_rows = []
        for position, code in enumerate(
            dict.fromkeys([cause, *rng.sample(causes[0], rng.choice((0, 0, 1, 2)))])
        ):
            description, bounds = d.CLAIM_TEMPLATES.get(code, ("其他请求", (1000, 10000)))
            amount = None
            if bounds:
                # Log-normal around the template's typical amount, scaled for collective cases.
                typical = math.sqrt(bounds[0] * bounds[1])
                amount = Decimal(
                    round(rng.lognormvariate(math.log(typical), 0.8) * max(1, worker_count / 2), 2)
                )
                amount = amount.quantize(Decimal("0.01"))
            claim_rows.append(Claim(cause=code, description=description, amount=amount, position=position))
        unit_handlers = handlers.get(unit.pk, [])
        cases.append(
            Case(
                kind=kind,
                number=numbers.next(unit, kind, accepted_on) if accepted_on else None,
                unit=unit,
                unit_path=unit.path,
                status=status,
                channel=rng.choices(Channel.values, (50, 35, 10, 5))[0],
                primary_cause=cause,
                facts=d.FACTS.get(cause.split(".")[0], "").format(
                    start="2021年3月1日", owed=f"{received_on:%Y年%m月}", job=rng.choice(d.OCCUPATIONS)
                ),
                is_collective=worker_count >= COLLECTIVE_THRESHOLD,
                worker_count=worker_count,
                claimed_total=sum((c.amount or Decimal(0) for c in claim_rows), Decimal(0)),
                party_names=" ".join(p.name for p in party_rows)[:500],
                received_on=received_on,
                accepted_on=accepted_on,
                closed_on=closed_on,
                close_reason=d.CLOSE_REASONS.get(status, "other") if closed else "",
                handler_id=rng.choice(unit_handlers) if accepted_on and unit_handlers else None,
            )
        )
        extras.append((party_rows, claim_rows))
    Case.objects.bulk_create(cases)
    parties, claims, entries = [], [], []
    for case, (party_rows, claim_rows) in zip(cases, extras, strict=True):
        for party in party_rows:
            party.case = case
            parties.append(party)
        for claim in claim_rows:
            claim.case = case
            claims.append(claim)
        entries.append(
            TimelineEntry(
                case=case,
                at=timezone.make_aware(datetime.combine(case.received_on, time(9, 30))),
                kind="registered",
                title="收件登记（批量生成）",
            )
        )
    Party.objects.bulk_create(parties)
    Claim.objects.bulk_create(claims)
    TimelineEntry.objects.bulk_create(entries)
    return len(cases)
