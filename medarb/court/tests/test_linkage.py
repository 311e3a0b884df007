"""The rest of the linkage: mobile arbitration courts (a temporary room with an address where
sittings are scheduled), joint pre-filing mediation with a court's mediator through a share,
and joint meetings with sealed minutes."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from medarb.cases import policy
from medarb.cases.models import CaseKind
from medarb.cases.workflow import holds_role
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import read_bytes
from medarb.court import selectors, services
from medarb.court.testing import awarded_case
from medarb.documents.testing import _session_data_dir, document_store, pdf_text  # noqa: F401
from medarb.hearings.selectors import rooms_for_case
from medarb.orgs.models import Role, RoomKind
from medarb.testing import make_staff, register

pytestmark = pytest.mark.django_db


def test_a_circuit_court_is_a_room_at_an_address_where_sittings_are_scheduled(cast):
    with pytest.raises(NotAllowed):
        services.open_circuit_court(
            unit=cast.district, actor=cast.street_mediator, name="巡回庭", address="某地"
        )
    with pytest.raises(DomainError):
        services.open_circuit_court(
            unit=cast.district, actor=cast.clerk, name="东湖工业园巡回仲裁庭", address=" "
        )
    room = services.open_circuit_court(
        unit=cast.district,
        actor=cast.clerk,
        name="东湖工业园巡回仲裁庭",
        address="鹭湖区东湖工业园管委会三楼",
    )
    assert room.kind == RoomKind.CIRCUIT_COURT and room.location == "鹭湖区东湖工业园管委会三楼"
    case = awarded_case(cast)
    assert room in rooms_for_case(case)  # scheduled like any room of the commission
    services.close_circuit_court(room=room, actor=cast.chair)
    assert room not in rooms_for_case(case)


def test_a_court_mediator_joins_a_mediation_case_and_mediates_through_the_share(cast):
    court_mediator = make_staff("courtmed", "钟调解", cast.court, Role.MEDIATOR)
    case = register(actor=cast.district_mediator, unit=cast.district, kind=CaseKind.MEDIATION)
    assert selectors.court_mediators(case) == [court_mediator]
    assert not policy.can_read_case(court_mediator, case)
    with pytest.raises(DomainError, match="管辖"):
        services.invite_court_mediator(case=case, actor=cast.district_mediator, mediator=cast.street_mediator)
    with pytest.raises(NotAllowed):
        services.invite_court_mediator(case=case, actor=cast.statistician, mediator=court_mediator)
    services.invite_court_mediator(case=case, actor=cast.district_mediator, mediator=court_mediator)
    assert policy.can_write_case(court_mediator, case)
    assert holds_role(court_mediator, case, frozenset({Role.MEDIATOR}))
    with pytest.raises(DomainError, match="已经参加"):
        services.invite_court_mediator(case=case, actor=cast.district_mediator, mediator=court_mediator)
    awarded = awarded_case(cast)
    with pytest.raises(DomainError, match="正在调解"):
        services.invite_court_mediator(case=awarded, actor=cast.clerk, mediator=court_mediator)


def test_a_joint_meeting_keeps_sealed_minutes_naming_only_the_commissions_cases(cast, tmp_path):
    case = awarded_case(cast)
    foreign = register(actor=cast.other_arbitrator, unit=cast.other_district)
    held = timezone.now() - timedelta(hours=2)
    with pytest.raises(NotAllowed):
        services.record_joint_meeting(
            unit=cast.district,
            court=cast.court,
            actor=cast.clerk,
            held_at=held,
            place="区法院",
            attendees="周主任",
            topics="议题",
            minutes="纪要",
        )
    meeting = services.record_joint_meeting(
        unit=cast.district,
        court=cast.court,
        actor=cast.chair,
        held_at=held,
        place="鹭湖区人民法院第三会议室",
        attendees="周主任\n朱法官",
        topics="加班费举证责任的裁审统一",
        minutes="双方就加班费举证责任分配形成一致意见。\n今后按季度召开联席会议。",
        cases=[case, foreign],
    )
    assert list(meeting.cases.all()) == [case]
    pdf = read_bytes(meeting.minutes_file)
    text = pdf_text(pdf, tmp_path).replace(" ", "")
    assert "裁审衔接联席会议纪要" in text and "加班费举证责任" in text and case.display_number in text
    assert foreign.display_number not in text
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures  # sealed by the commission
    assert list(selectors.joint_meetings(cast.court_liaison)) == [meeting]
    assert list(selectors.joint_meetings(cast.other_arbitrator)) == []
