"""A small district and a cast of named people, so permission tests read like stories.

Tree:
    省仲裁委 → 市仲裁委 → 鹭湖区仲裁院 (district)
        ├─ 东湖街道 (street_a) ─ 东湖社区 (community_a) ─ 鹭湖电子厂调委会 (enterprise_a)
        │                      └─ 鹭湖纺织调委会 (enterprise_a2, a second enterprise)
        └─ 西湖街道 (street_b)
    市仲裁委 → 青山区仲裁院 (other_district)
    法律援助工作站, 鹭湖区人民法院, 区纪检监察组 (jurisdiction: 鹭湖区仲裁院)
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from medarb.accounts.models import User, UserKind
from medarb.cases.models import Case, CaseKind, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput, register_case
from medarb.orgs.models import Role, Unit, UnitKind
from medarb.orgs.services import create_unit, grant_role

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Cast:
    province: Unit
    city: Unit
    district: Unit
    street_a: Unit
    street_b: Unit
    community_a: Unit
    enterprise_a: Unit
    enterprise_a2: Unit
    other_district: Unit
    legal_aid: Unit
    court: Unit
    discipline: Unit
    chair: User
    arbitrator: User
    clerk: User
    filing_officer: User
    district_mediator: User
    unit_admin: User
    statistician: User
    archivist: User
    street_mediator: User
    street_b_mediator: User
    community_mediator: User
    enterprise_mediator: User
    enterprise2_mediator: User
    other_arbitrator: User
    supervisor: User
    legal_aid_officer: User
    court_liaison: User
    worker: User
    employer: User
    outsider: User

    def staff(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "chair arbitrator clerk filing_officer district_mediator unit_admin statistician archivist street_mediator "
                "street_b_mediator community_mediator enterprise_mediator enterprise2_mediator other_arbitrator "
                "supervisor legal_aid_officer court_liaison"
            ).split()
        }


def make_staff(username: str, full_name: str, unit: Unit, role: Role) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=full_name, kind=UserKind.STAFF
    )
    grant_role(user=user, unit=unit, role=role)
    return user


def make_party_user(username: str, full_name: str, phone: str) -> User:
    user = User(username=username, full_name=full_name, kind=UserKind.PARTY)
    user.set_phone(phone)
    user.set_unusable_password()
    user.save()
    return user


def build_cast() -> Cast:
    province = create_unit(name="某省劳动人事争议仲裁委员会", kind=UnitKind.PROVINCE)
    city = create_unit(name="某市劳动人事争议仲裁委员会", kind=UnitKind.CITY, parent=province)
    district = create_unit(
        name="鹭湖区劳动人事争议仲裁院",
        short_name="鹭湖区仲裁院",
        kind=UnitKind.COMMISSION,
        parent=city,
        case_prefix="鹭湖",
    )
    street_a = create_unit(
        name="东湖街道调解室", kind=UnitKind.STREET, parent=district, case_prefix="鹭湖东湖"
    )
    street_b = create_unit(
        name="西湖街道调解室", kind=UnitKind.STREET, parent=district, case_prefix="鹭湖西湖"
    )
    community_a = create_unit(name="东湖社区调解委员会", kind=UnitKind.COMMUNITY, parent=street_a)
    enterprise_a = create_unit(
        name="鹭湖电子厂劳动争议调解委员会", kind=UnitKind.ENTERPRISE, parent=community_a
    )
    enterprise_a2 = create_unit(
        name="鹭湖纺织劳动争议调解委员会", kind=UnitKind.ENTERPRISE, parent=community_a
    )
    other = create_unit(
        name="青山区劳动人事争议仲裁院", kind=UnitKind.COMMISSION, parent=city, case_prefix="青山"
    )
    legal_aid = create_unit(
        name="鹭湖区法律援助工作站", kind=UnitKind.LEGAL_AID, parent=district, jurisdiction=district
    )
    court = create_unit(name="鹭湖区人民法院", kind=UnitKind.COURT, parent=city, jurisdiction=district)
    discipline = create_unit(
        name="区纪检监察组", kind=UnitKind.DISCIPLINE, parent=city, jurisdiction=district
    )
    return Cast(
        province=province,
        city=city,
        district=district,
        street_a=street_a,
        street_b=street_b,
        community_a=community_a,
        enterprise_a=enterprise_a,
        enterprise_a2=enterprise_a2,
        other_district=other,
        legal_aid=legal_aid,
        court=court,
        discipline=discipline,
        chair=make_staff("chair", "周主任", district, Role.CHAIR),
        arbitrator=make_staff("arbitrator", "林仲裁", district, Role.ARBITRATOR),
        clerk=make_staff("clerk", "陈书记", district, Role.CLERK),
        filing_officer=make_staff("filing", "吴立案", district, Role.FILING_OFFICER),
        district_mediator=make_staff("dmediator", "郑调解", district, Role.MEDIATOR),
        unit_admin=make_staff("admin", "王管理", district, Role.UNIT_ADMIN),
        statistician=make_staff("stats", "冯统计", district, Role.STATISTICIAN),
        archivist=make_staff("archivist", "葛档案", district, Role.ARCHIVIST),
        street_mediator=make_staff("smediator", "李街道", street_a, Role.MEDIATOR),
        street_b_mediator=make_staff("sbmediator", "何西湖", street_b, Role.MEDIATOR),
        community_mediator=make_staff("cmediator", "赵社区", community_a, Role.MEDIATOR),
        enterprise_mediator=make_staff("emediator", "钱企业", enterprise_a, Role.MEDIATOR),
        enterprise2_mediator=make_staff("e2mediator", "孙纺织", enterprise_a2, Role.MEDIATOR),
        other_arbitrator=make_staff("otherarb", "蒋青山", other, Role.ARBITRATOR),
        supervisor=make_staff("supervisor", "韩监督", discipline, Role.SUPERVISOR),
        legal_aid_officer=make_staff("legalaid", "杨援助", legal_aid, Role.LEGAL_AID_OFFICER),
        court_liaison=make_staff("court", "朱法官", court, Role.COURT_LIAISON),
        worker=make_party_user("worker", "张三", "13800138000"),
        employer=make_party_user("employer", "某电子有限公司", "13900139000"),
        outsider=make_party_user("outsider", "路人甲", "13700137000"),
    )


# A valid resident ID and social credit code for test parties (check digits computed).
WORKER_ID = "110101199003078515"
EMPLOYER_USCC = "91350100M000100Y43"


def register(
    *,
    actor: User,
    unit: Unit,
    kind: str = CaseKind.ARBITRATION,
    worker_phone: str = "13800138000",
    employer_phone: str = "13900139000",
    worker_name: str = "张三",
    amount: Decimal = Decimal("12000.00"),
    received_on: date | None = None,
) -> Case:
    """Register a plain case: one worker against one employer, one wage claim."""
    return register_case(
        actor=actor,
        data=CaseInput(
            kind=kind,
            unit=unit,
            received_on=received_on or date.today(),
            primary_cause="wages.unpaid",
            facts="用人单位拖欠2026年8月至10月工资。",
            parties=[
                PartyInput(
                    side=PartySide.APPLICANT,
                    kind=PartyKind.WORKER,
                    name=worker_name,
                    id_number=WORKER_ID,
                    phone=worker_phone,
                ),
                PartyInput(
                    side=PartySide.RESPONDENT,
                    kind=PartyKind.EMPLOYER,
                    name="某电子有限公司",
                    is_organisation=True,
                    uscc=EMPLOYER_USCC,
                    legal_representative="王老板",
                    phone=employer_phone,
                ),
            ],
            claims=[ClaimInput(cause="wages.unpaid", description="支付拖欠工资", amount=amount)],
        ),
    )
