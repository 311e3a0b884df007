"""My cases: a party sees their own cases with state, next step, hearing, served documents and
the commission's messages; nobody else's; in a fixed number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from medarb.cases.party_links import link_parties_to_account
from medarb.cases.services import add_timeline
from medarb.delivery import services as delivery
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.hearings.models import SittingKind
from medarb.hearings.services import schedule_sitting
from medarb.orgs.models import RoomKind
from medarb.orgs.services import add_room
from medarb.procedure.clocks import start_deadline
from medarb.procedure.declaration import procedure_for
from medarb.testing import register

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def workers_case(cast, **kwargs):
    case = register(actor=cast.filing_officer, unit=cast.district, received_on=TODAY, **kwargs)
    link_parties_to_account(user=cast.worker, phone_index=cast.worker.phone_index)
    start_deadline(case=case, rule_code="acceptance_decision", start=TODAY)
    return case


def busy_case(cast, room, n: int):
    """A case with a running clock, a hearing, messages (one internal) and, when given, a served document."""
    case = workers_case(cast)
    start = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI) + timedelta(hours=n)
    schedule_sitting(
        case=case,
        actor=cast.clerk,
        kind=SittingKind.HEARING,
        room=room,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        members=[cast.arbitrator],
        clerk=cast.clerk,
    )
    add_timeline(case=case, actor=cast.clerk, kind="note", title="已电话通知当事人补充工资条")
    add_timeline(case=case, actor=cast.clerk, kind="note", title="合议意见：支持", internal=True)
    return case


@pytest.fixture
def room(cast):
    return add_room(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)


def serve_on_worker(cast, case, django_capture_on_commit_callbacks):
    document = documents.issue_document(
        case=case,
        template_code="hearing_notice",
        actor=cast.clerk,
        context={"hearing_time": "二〇二六年十二月三日九时", "room": "第一数字仲裁庭"},
    )
    worker = case.parties.get(name="张三")
    with django_capture_on_commit_callbacks(execute=True):
        (service,) = delivery.serve_document(document=document, actor=cast.clerk, parties=[worker])
    return service


class TestMyCasesList:
    def test_the_worker_sees_state_next_step_hearing_and_messages_of_their_case(self, client, cast, room):
        case = busy_case(cast, room, 0)
        client.force_login(cast.worker)

        page = client.get(reverse("portal:my_cases")).content.decode()

        assert case.display_number in page
        assert case.status_label in page
        assert "受理审查期限" in page and "还剩 5 个工作日" in page
        assert "2026年12月3日 09:00" in page and "第一数字仲裁庭" in page
        assert "已电话通知当事人补充工资条" in page
        assert "合议意见" not in page

    def test_the_state_is_explained_to_the_worker_not_in_staff_words(self, client, cast, room):
        case = workers_case(cast)
        state = procedure_for(case.kind).state(case.status)
        client.force_login(cast.worker)

        page = client.get(reverse("portal:my_cases")).content.decode()

        assert str(state.for_parties) in page and "您" in str(state.for_parties)
        assert str(state.description) not in page

    def test_a_street_mediations_messages_are_not_the_commissions(self, client, cast):
        register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation", received_on=TODAY)
        link_parties_to_account(user=cast.worker, phone_index=cast.worker.phone_index)
        client.force_login(cast.worker)

        page = client.get(reverse("portal:my_cases")).content.decode()

        assert "仲裁委员会的消息" not in page and "办理进展" in page

    def test_a_document_served_on_the_worker_links_to_the_delivery_view(
        self, client, cast, room, django_capture_on_commit_callbacks
    ):
        case = busy_case(cast, room, 0)
        service = serve_on_worker(cast, case, django_capture_on_commit_callbacks)
        client.force_login(cast.worker)

        page = client.get(reverse("portal:my_cases")).content.decode()

        assert service.document.title in page
        assert reverse("delivery:open", args=[service.token]) in page
        assert "未查收" in page

    def test_opening_the_served_document_from_my_cases_serves_it(
        self, client, cast, room, django_capture_on_commit_callbacks
    ):
        case = busy_case(cast, room, 0)
        service = serve_on_worker(cast, case, django_capture_on_commit_callbacks)
        client.force_login(cast.worker)

        client.get(reverse("delivery:open", args=[service.token]) + "?c=portal")

        service.refresh_from_db()
        assert service.served_at is not None
        assert "未查收" not in client.get(reverse("portal:my_cases")).content.decode()

    def test_another_persons_case_is_not_listed(self, client, cast, room):
        mine = busy_case(cast, room, 0)
        theirs = register(
            actor=cast.filing_officer, unit=cast.district, worker_phone="13600136000", worker_name="李四"
        )
        client.force_login(cast.worker)

        page = client.get(reverse("portal:my_cases")).content.decode()

        assert reverse("portal:my_case", args=[mine.pk]) in page
        assert reverse("portal:my_case", args=[theirs.pk]) not in page

    def test_a_person_without_cases_is_invited_to_apply(self, client, cast):
        client.force_login(cast.outsider)

        page = client.get(reverse("portal:my_cases")).content.decode()

        assert "您名下暂时没有案件" in page
        assert reverse("portal:apply") in page

    def test_staff_are_sent_to_their_own_dashboard(self, client, cast):
        client.force_login(cast.clerk)

        assert client.get(reverse("portal:my_cases")).url == reverse("dashboard")

    def test_an_anonymous_visitor_must_sign_in(self, client, db):
        assert client.get(reverse("portal:my_cases")).status_code == 302


class TestMyCasesQueryCount:
    @pytest.mark.parametrize("count", [1, 5])
    def test_the_list_costs_the_same_queries_for_one_and_five_cases(
        self, client, cast, room, count, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        cases = [busy_case(cast, room, n) for n in range(count)]
        for case in cases:
            serve_on_worker(cast, case, django_capture_on_commit_callbacks)
        client.force_login(cast.worker)
        client.get(reverse("portal:my_cases"))  # warm the rule-override cache

        # session, user, cases, deadlines, sittings, services, timeline, video meetings under way
        with django_assert_num_queries(8):
            response = client.get(reverse("portal:my_cases"))

        assert response.content.decode().count('class="card mb-3 my-case"') == count


class TestMyCaseDetail:
    def test_the_worker_sees_timeline_claims_deadlines_sittings_and_documents(
        self, client, cast, room, django_capture_on_commit_callbacks
    ):
        case = busy_case(cast, room, 0)
        service = serve_on_worker(cast, case, django_capture_on_commit_callbacks)
        client.force_login(cast.worker)

        page = client.get(reverse("portal:my_case", args=[case.pk])).content.decode()

        assert "支付拖欠工资" in page and "12000.00" in page
        assert "受理审查期限" in page and date(2026, 11, 30).strftime("%Y年%-m月%-d日") in page
        assert "第一数字仲裁庭" in page
        assert service.document.title in page
        assert "已电话通知当事人补充工资条" in page
        assert "合议意见" not in page

    def test_a_case_that_is_not_theirs_is_not_found(self, client, cast):
        theirs = register(
            actor=cast.filing_officer, unit=cast.district, worker_phone="13600136000", worker_name="李四"
        )
        client.force_login(cast.worker)

        assert client.get(reverse("portal:my_case", args=[theirs.pk])).status_code == 404

    def test_a_case_that_does_not_exist_is_not_found(self, client, cast):
        client.force_login(cast.worker)

        assert client.get(reverse("portal:my_case", args=[999_999])).status_code == 404
