"""Build the demo district of `district.py` through the services of orgs, accounts and cases.

The only direct model writes are the seeding shortcut the services do not offer: moving a
sample case straight to a later state of its procedure (status, dates, number, handler),
each move leaving a timeline entry that says it is demo data, and the service points people
book at (their admins change them on the 服务窗口 page).
"""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.accounts.models import User, UserKind
from medarb.accounts.services import party_account_for_phone
from medarb.appointments.models import PointKind, ServicePoint
from medarb.audit.anchor import set_aside as set_aside_audit_checkpoints
from medarb.cases.models import Case, CaseKind
from medarb.cases.services import (
    add_timeline,
    allocate_case_number,
)
from medarb.cases.workflow import reset_state_tasks
from medarb.demo import district as d
from medarb.demo import hearing_room
from medarb.demo.acts import replay_clocks
from medarb.demo.alerts import seed_alerts
from medarb.demo.archives import seed_archives
from medarb.demo.dossier import REACHED_BY_ACT, seed_dossiers
from medarb.demo.everyday import seed_everyday
from medarb.demo.identity import seed_face_checks
from medarb.demo.legalaid import seed_legal_aid
from medarb.demo.meetings import seed_duty_roster, seed_meeting
from medarb.demo.publication import seed_publication
from medarb.demo.review import seed_review
from medarb.demo.samples import People, Slot, build_case, claims_for, uscc_for  # noqa: F401  (claims_for, uscc_for: used by demo tests and generator)
from medarb.demo.shares import note_linkage_shares, share_samples
from medarb.demo.statistics import settle_mediation_files
from medarb.orgs.models import PoolKind, PoolStatus, RegionalStandard, Role, RoomKind, Unit, UnitKind
from medarb.orgs.services import add_room, create_unit, enrol_in_pool, grant_role
from medarb.procedure.declaration import Procedure, registered
from medarb.procedure.sweep import sweep_deadlines

CASES_PER_ARBITRATION_STATE = 2
CASES_PER_MEDIATION_STATE = 4


class DemoRefused(Exception):
    """The database holds data that is not the demo's; reloading would destroy it."""


@dataclass(frozen=True)
class Login:
    username: str
    full_name: str
    role: str
    unit_key: str
    unit_name: str
    mfa: bool


@dataclass
class DemoDistrict:
    units: dict[str, Unit] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    # case id → key of its owning unit; share grants as (case id, unit key)
    case_units: dict[int, str] = field(default_factory=dict)
    shares: list[tuple[int, str]] = field(default_factory=list)
    party_cases: dict[str, set[int]] = field(default_factory=dict)  # phone → case ids

    def parent_key(self, key: str) -> str | None:
        parent_id = self.units[key].parent_id
        return next((k for k, u in self.units.items() if u.pk == parent_id), None)

    def subtree_keys(self, root: str) -> set[str]:
        """Keys of `root` and every unit below it, walking parent links."""
        keys = {root}
        changed = True
        while changed:
            changed = False
            for key in self.units:
                if key not in keys and self.parent_key(key) in keys:
                    keys.add(key)
                    changed = True
        return keys


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo account, so codes can be shown by `manage.py demo_totp`."""
    return hashlib.sha1(f"medarb-demo-totp:{username}".encode()).hexdigest()  # a key, not a password hash


def staff_logins() -> list[d.StaffLogin]:
    """Every demo staff login: the district's and one per street, community and enterprise mediator."""
    logins = list(d.DISTRICT_STAFF)
    for street in d.STREETS:
        logins.append(
            d.StaffLogin(f"{street.code}_mediator", street.mediator, f"street:{street.code}", Role.MEDIATOR)
        )
        for number, community in enumerate(street.communities, start=1):
            key = f"community:{street.code}{number}"
            if community.mediator:
                logins.append(
                    d.StaffLogin(f"{street.code}{number}_mediator", community.mediator, key, Role.MEDIATOR)
                )
            for enterprise in community.enterprises:
                logins.append(
                    d.StaffLogin(
                        f"{enterprise.code}_mediator",
                        enterprise.mediator,
                        f"enterprise:{enterprise.code}",
                        Role.MEDIATOR,
                    )
                )
    return logins


def database_is_empty() -> bool:
    return not Unit.objects.exists()


def wipe(*, force: bool = False) -> None:
    """Empty the database so the demo can be loaded again.

    The audit chain refers to the demo accounts and cannot lose entries selectively, so a
    reload starts a new database rather than deleting rows here and there. It refuses when
    units or staff accounts exist that the demo did not create, unless forced.
    """
    if not force:
        demo_units = _declared_unit_names()
        foreign_units = Unit.objects.exclude(name__in=demo_units).values_list("name", flat=True)[:3]
        demo_users = {login.username for login in staff_logins()} | {u for _, u, *_ in _pool_rows() if u}
        foreign_staff = (
            User.objects.filter(kind=UserKind.STAFF)
            .exclude(username__in=demo_users)
            .values_list("username", flat=True)[:3]
        )
        if foreign_units or foreign_staff:
            raise DemoRefused(
                "数据库中有非演示数据（"
                + "、".join([*foreign_units, *foreign_staff])
                + "），重新加载会清空整个数据库。确认清空请加 --force。"
            )
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # TRUNCATE refuses tables with deferred foreign-key checks still pending in this
        # transaction (rows inserted before the reload); run those checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    set_aside_audit_checkpoints()  # they anchor the chain just emptied


def _pool_rows():
    return (*d.ARBITRATOR_POOL, *d.MEDIATOR_POOL_EXTRA)


def _declared_unit_names() -> set[str]:
    names = {
        d.PROVINCE,
        d.CITY,
        d.DISTRICT,
        d.NEIGHBOUR,
        d.LEGAL_AID,
        d.COURT,
        d.DISCIPLINE,
        d.CITY_SUPERVISOR,
    }
    for street in d.STREETS:
        names.add(_street_name(street))
        for community in street.communities:
            names.add(_community_name(community))
            names.update(_enterprise_name(e) for e in community.enterprises)
    return names


def _street_name(street: d.Street) -> str:
    return f"鹭湖区{street.name}劳动争议调解室"


def _community_name(community: d.Community) -> str:
    return f"{community.name}人民调解委员会"


def _enterprise_name(enterprise: d.Enterprise) -> str:
    return f"{enterprise.name}劳动争议调解委员会"


def _build_units() -> dict[str, Unit]:
    u: dict[str, Unit] = {}
    u["province"] = create_unit(
        name=d.PROVINCE, short_name="东海省仲裁委", kind=UnitKind.PROVINCE, region_code="990000"
    )
    u["city"] = create_unit(
        name=d.CITY, short_name="滨海市仲裁委", kind=UnitKind.CITY, parent=u["province"], region_code="990200"
    )
    u["district"] = create_unit(
        name=d.DISTRICT,
        short_name=d.DISTRICT_SHORT,
        kind=UnitKind.COMMISSION,
        parent=u["city"],
        case_prefix=d.DISTRICT_PREFIX,
        region_code="990203",
        address="滨海市鹭湖区湖滨南路88号",
        phone="0599-12345678",
    )
    u["neighbour"] = create_unit(
        name=d.NEIGHBOUR,
        short_name=d.NEIGHBOUR_SHORT,
        kind=UnitKind.COMMISSION,
        parent=u["city"],
        case_prefix=d.NEIGHBOUR_PREFIX,
        region_code="990205",
    )
    u["legal_aid"] = create_unit(
        name=d.LEGAL_AID, kind=UnitKind.LEGAL_AID, parent=u["district"], jurisdiction=u["district"]
    )
    u["court"] = create_unit(name=d.COURT, kind=UnitKind.COURT, parent=u["city"], jurisdiction=u["district"])
    u["discipline"] = create_unit(
        name=d.DISCIPLINE, kind=UnitKind.DISCIPLINE, parent=u["city"], jurisdiction=u["district"]
    )
    u["city_supervisor"] = create_unit(
        name=d.CITY_SUPERVISOR, kind=UnitKind.SUPERVISOR, parent=u["province"], jurisdiction=u["city"]
    )
    for name, kind, seats, location in d.DISTRICT_ROOMS:
        add_room(unit=u["district"], name=name, kind=kind, seats=seats, location=location)
    add_room(unit=u["neighbour"], name="数字仲裁庭", kind=RoomKind.ARBITRATION_COURT, seats=16)
    for street in d.STREETS:
        key = f"street:{street.code}"
        u[key] = create_unit(
            name=_street_name(street),
            short_name=f"{street.name}调解室",
            kind=UnitKind.STREET,
            parent=u["district"],
            case_prefix=f"鹭{street.name[:2]}街",
        )
        add_room(unit=u[key], name="数字调解室", kind=RoomKind.DIGITAL_MEDIATION_ROOM, seats=8)
        for number, community in enumerate(street.communities, start=1):
            ckey = f"community:{street.code}{number}"
            u[ckey] = create_unit(
                name=_community_name(community),
                short_name=f"{community.name}调委会",
                kind=UnitKind.COMMUNITY,
                parent=u[key],
                case_prefix=f"鹭{community.name[:2]}社",
            )
            for enterprise in community.enterprises:
                u[f"enterprise:{enterprise.code}"] = create_unit(
                    name=_enterprise_name(enterprise),
                    short_name=f"{enterprise.name[:-4]}调委会",
                    kind=UnitKind.ENTERPRISE,
                    parent=u[ckey],
                    case_prefix=f"鹭企{enterprise.name[2:4]}",
                )
    return u


def _open_service_points(units: dict[str, Unit]) -> None:
    """Where people book and queue: the district's filing and legal-aid windows, each street's room."""
    district = units["district"]
    rooms = {room.kind: room for room in district.rooms.all()}
    points = [
        (
            district,
            "立案窗口",
            PointKind.FILING_WINDOW,
            rooms.get(RoomKind.FILING_ROOM),
            "A",
            district.address,
        ),
        (
            district,
            "法律援助窗口",
            PointKind.LEGAL_AID,
            rooms.get(RoomKind.LEGAL_AID_ROOM),
            "F",
            district.address,
        ),
        (
            district,
            "调解室",
            PointKind.MEDIATION_ROOM,
            rooms.get(RoomKind.MEDIATION_ROOM),
            "M",
            district.address,
        ),
    ]
    for street in d.STREETS:
        unit = units[f"street:{street.code}"]
        points.append((unit, "调解室", PointKind.MEDIATION_ROOM, unit.rooms.first(), "T", ""))
    ServicePoint.objects.bulk_create(
        ServicePoint(unit=unit, name=name, kind=kind, room=room, ticket_prefix=prefix, address=address)
        for unit, name, kind, room, prefix, address in points
    )


def _create_staff(units: dict[str, Unit]) -> tuple[dict[str, User], list[Login]]:
    users: dict[str, User] = {}
    logins: list[Login] = []
    # Everyone shares the demo password: hash it once (Argon2 is slow on purpose).
    password_hash = make_password(d.DEMO_PASSWORD)
    for entry in staff_logins():
        user = users.get(entry.username)
        if user is None:
            user = User.objects.create(
                username=entry.username,
                password=password_hash,
                full_name=entry.full_name,
                kind=UserKind.STAFF,
            )
            users[entry.username] = user
        unit = units[entry.unit]
        grant_role(user=user, unit=unit, role=entry.role)
        if entry.mfa:
            TOTPDevice.objects.create(
                user=user, name="演示令牌", key=demo_totp_key(entry.username), confirmed=True
            )
        logins.append(
            Login(
                entry.username,
                entry.full_name,
                entry.role,
                entry.unit,
                unit.short_name or unit.name,
                entry.mfa,
            )
        )
    return users, logins


def _enrol_pools(units: dict[str, Unit], users: dict[str, User]) -> None:
    since = date(2012, 6, 1)
    for index, (name, username, qualification, specialities, full_time, active) in enumerate(
        d.ARBITRATOR_POOL
    ):
        user = users.get(username) or _pool_only_user(username, name)
        enrol_in_pool(
            user=user,
            pool=PoolKind.ARBITRATOR,
            unit=units["district"],
            is_full_time=full_time,
            qualification=qualification,
            qualified_on=since + timedelta(days=400 * index),
            specialities=specialities,
            status=PoolStatus.ACTIVE if active else PoolStatus.INACTIVE,
        )
    mediators = [entry for entry in staff_logins() if entry.role == Role.MEDIATOR]
    for index, entry in enumerate(mediators):
        enrol_in_pool(
            user=users[entry.username],
            pool=PoolKind.MEDIATOR,
            unit=units[entry.unit],
            is_full_time=entry.unit in {"district"} or entry.unit.startswith("street:"),
            qualification=f"人民调解员证 LH-{2015 + index % 9}-{100 + index:03d}",
            qualified_on=date(2015 + index % 9, 3, 1),
            specialities=[["劳动报酬", "工伤"], ["社会保险"], ["解除劳动合同", "劳动报酬"]][index % 3],
        )
    for name, username, qualification, specialities, full_time, active in d.MEDIATOR_POOL_EXTRA:
        enrol_in_pool(
            user=_pool_only_user(username, name),
            pool=PoolKind.MEDIATOR,
            unit=units["district"],
            is_full_time=full_time,
            qualification=qualification,
            specialities=specialities,
            status=PoolStatus.ACTIVE if active else PoolStatus.INACTIVE,
        )


def _seed_standards() -> None:
    """Minimum and average wages and the legal-aid line of the demo region (orgs has no
    service for these reference rows; an operator edits them in the admin)."""
    for region_code, kind, amount, effective_from, source in d.REGIONAL_STANDARDS:
        RegionalStandard.objects.create(
            region_code=region_code,
            kind=kind,
            amount=Decimal(amount),
            effective_from=date.fromisoformat(effective_from),
            source=source,
        )


def _pool_only_user(username: str, full_name: str) -> User:
    """A part-time pool member: on the roll, but without a login of their own."""
    user = User(username=username, full_name=full_name, kind=UserKind.STAFF)
    user.set_unusable_password()
    user.save()
    return user


def _party_user(name: str, phone: str) -> User:
    user = User(username=f"demo_{phone}", full_name=name, kind=UserKind.PARTY)
    user.set_phone(phone)
    user.set_unusable_password()
    user.save()
    return user


# --- people and claims ------------------------------------------------------------------


def _case_slots(units: dict[str, Unit], users: dict[str, User]) -> list[Slot]:
    """One slot per sample case: every declared state of every procedure, spread over units."""
    slots: list[Slot] = []
    actors = {login.unit: users[login.username] for login in staff_logins() if login.role == Role.MEDIATOR}
    rooms = [k for k in units if k.split(":")[0] in {"street", "community", "enterprise"} and k in actors]
    rotation = 0
    for kind, procedure in registered().items():
        for state in procedure.states:
            if kind == CaseKind.ARBITRATION:
                for _ in range(CASES_PER_ARBITRATION_STATE):
                    slots.append(Slot(kind, state, "district", users["filing"]))
            else:  # the district's own mediators handle one in each state, the rooms the rest
                slots.append(Slot(kind, state, "district", actors["district"]))
                for _ in range(CASES_PER_MEDIATION_STATE - 1):
                    key = rooms[rotation % len(rooms)]
                    slots.append(Slot(kind, state, key, actors[key]))
                    rotation += 1
    # The demo worker and employer appear in a handful of cases, so party sign-in shows some.
    # The worker awaits the district's hearings, so the notice served for one reaches the inbox,
    # and has closed awards, so the demo archives hold a dossier they may ask to read.
    for index, slot in enumerate(slots):
        slot.with_worker = index % 11 == 3 or slot.state in ("hearing_scheduled", "closed_award")
        slot.with_employer = index % 7 == 2
    if CaseKind.ARBITRATION in registered():
        arbitration = registered()[CaseKind.ARBITRATION]
        for state, worker in (("accepted", True), ("hearing_scheduled", False), ("closed_award", False)):
            if state in arbitration.states:
                slots.append(
                    Slot(CaseKind.ARBITRATION, state, "neighbour", users["qs_filing"], with_worker=worker)
                )
    return slots


def _acceptance_index(procedure: Procedure) -> int:
    states = list(procedure.states)
    return states.index("accepted") if "accepted" in states else 1


def reached_acceptance(procedure: Procedure, state: str) -> bool:
    """Whether a case in `state` has been accepted (and so carries a case number)."""
    if state in d.NEVER_ACCEPTED:
        return False
    return list(procedure.states).index(state) >= _acceptance_index(procedure)


def _move_to_state(
    case: Case, state: str, *, actor: User, handler: User | None, rng: random.Random, today: date
) -> None:
    """Demo seeding shortcut: put a freshly registered case straight into `state`."""
    procedure = registered()[case.kind]
    if state == procedure.initial:
        return
    declared = procedure.states[state]
    fields = ["status", "updated_at"]
    case.status = state
    if reached_acceptance(procedure, state):
        case.accepted_on = min(case.received_on + timedelta(days=rng.randrange(1, 6)), today)
        allocate_case_number(case=case, on=case.accepted_on)
        fields.append("accepted_on")
        if handler is not None:
            case.handler = handler
            fields.append("handler")
    if declared.is_closed:
        start = case.accepted_on or case.received_on
        case.closed_on = min(start + timedelta(days=rng.randrange(5, 45)), today)
        case.close_reason = d.CLOSE_REASONS.get(state, "other")
        fields += ["closed_on", "close_reason"]
    case.save(update_fields=fields)
    replay_clocks(case, today=today)  # the periods the acts on the way started, or stopped
    reset_state_tasks(case=case)  # the to-dos of the state it is in, not of its registration
    add_timeline(
        case=case,
        actor=actor,
        kind="demo_state",
        title=f"（演示数据）案件进入“{declared.label}”",
        article=declared.article,
        state=state,
    )


@transaction.atomic
def load_demo(*, seed: int = 2026) -> DemoDistrict:
    """Load the whole demo district into an empty database."""
    rng = random.Random(seed)
    today = timezone.localdate()
    demo = DemoDistrict()
    demo.units = _build_units()
    users, demo.logins = _create_staff(demo.units)
    _enrol_pools(demo.units, users)
    _open_service_points(demo.units)
    _seed_standards()
    worker = _party_user(d.WORKER["name"], d.WORKER["phone"])
    employer = _party_user(d.EMPLOYER["name"], d.EMPLOYER["phone"])
    people = People(rng)
    arbitrators = [users[u] for u in ("arb_lin", "arb_chen", "arb_huang")]
    drafting: dict[Case, str] = {}  # seeded in award_drafting, taken on by acts once heard
    for serial, slot in enumerate(_case_slots(demo.units, users)):
        case = build_case(slot, demo.units, people, today, serial)
        handler = (
            (users["qs_arb"] if slot.unit_key == "neighbour" else rng.choice(arbitrators))
            if slot.kind == CaseKind.ARBITRATION
            else slot.actor
        )
        seeded_in = REACHED_BY_ACT.get(slot.state, slot.state)
        _move_to_state(case, seeded_in, actor=slot.actor, handler=handler, rng=rng, today=today)
        if seeded_in != slot.state:
            drafting[case] = slot.state
        demo.cases.append(case)
        demo.case_units[case.pk] = slot.unit_key
        for phone, wanted in (
            (d.WORKER["phone"], slot.with_worker),
            (d.EMPLOYER["phone"], slot.with_employer),
        ):
            if wanted and any(p.phone == phone for p in case.parties.all()):
                demo.party_cases.setdefault(phone, set()).add(case.pk)
    share_samples(demo, users)
    hearing_room.seed_hearing_room(demo.cases, units=demo.units, users=users, today=today)
    settle_mediation_files(demo.cases, today=today)
    seed_dossiers(
        demo.cases, worker_phone=d.WORKER["phone"], today=today, drafting=drafting, chair=users["chair"]
    )
    seed_review(demo.cases, district=demo.units["district"], users=users, today=today)
    for party in (worker, employer):
        party_account_for_phone(phone=party.phone)
    seed_archives(demo.cases, worker_phone=d.WORKER["phone"], users=users)
    seed_legal_aid(demo.cases, worker_phone=d.WORKER["phone"], units=demo.units, users=users)
    note_linkage_shares(demo)
    seed_everyday(demo, users=users, today=today)
    seed_meeting(demo.cases, phones=(d.WORKER["phone"], d.EMPLOYER["phone"]))
    seed_face_checks(demo.cases, officer=users["filing"])
    seed_duty_roster(
        district=demo.units["district"],
        admin=users["admin"],
        arbitrators=arbitrators,
        mediator=users["mediator"],
        today=today,
    )
    seed_alerts(units=demo.units, users=users, today=today)
    seed_publication(users=users)
    sweep_deadlines(today=today)  # as the day's sweep would: to-dos due soon and overdue are flagged
    return demo


def logins_table() -> list[dict[str, str]]:
    """The demo logins as they stand in the database (for `manage.py demo_logins`)."""
    wanted = {entry.username: entry for entry in staff_logins()}
    rows = []
    users = User.objects.filter(username__in=wanted).prefetch_related("memberships__unit", "totpdevice_set")
    by_name = {u.username: u for u in users}
    for username in wanted:  # declaration order
        user = by_name.get(username)
        if user is None:
            continue
        for membership in user.memberships.all():
            rows.append(
                {
                    "username": username,
                    "password": d.DEMO_PASSWORD,
                    "name": user.full_name,
                    "role": membership.get_role_display(),
                    "unit": membership.unit.short_name or membership.unit.name,
                    "mfa": "TOTP" if any(dev.confirmed for dev in user.totpdevice_set.all()) else "",
                }
            )
    return rows
