"""Legal aid by the Legal Aid Law: eligibility at the hardship line and its waivers, the 7 days
to decide with the pause for missing materials (over a holiday, counted in natural days), the 3
days to assign, aid first when a period is about to end, refusal in writing, the objection's
5 days; who may do each."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader

from medarb.cases import policy
from medarb.cases.models import PartySide
from medarb.core.errors import DomainError, NotAllowed
from medarb.documents.pdf import write_pdf
from medarb.documents.testing import _session_data_dir, document_store, pdf_text  # noqa: F401
from medarb.legalaid import eligibility, selectors, services
from medarb.legalaid.models import AidState, Channel, Matter, Waiver
from medarb.orgs.models import RegionalStandard, StandardKind
from medarb.procedure import clocks
from medarb.procedure.models import Deadline, DeadlineState
from medarb.testing import register

pytestmark = pytest.mark.django_db
LINE = Decimal("1300.00")


@pytest.fixture
def case(cast):
    RegionalStandard.objects.create(
        region_code="",
        kind=StandardKind.LEGAL_AID_LINE,
        amount=LINE,
        effective_from=date(2022, 1, 1),
        source="测试标准",
    )
    case = register(actor=cast.filing_officer, unit=cast.district)
    case.parties.filter(side=PartySide.APPLICANT).update(user=cast.worker)
    return case


def worker(case):
    return case.parties.get(side=PartySide.APPLICANT, principal__isnull=True)


def proof() -> tuple[str, SimpleUploadedFile]:
    return "收入证明", SimpleUploadedFile(
        "income.pdf", write_pdf("<p>收入证明</p>"), content_type="application/pdf"
    )


def applied(case, cast, *, income=Decimal("1200"), matter=Matter.REMUNERATION, on="2026-09-28 10:00 +0800"):
    with time_machine.travel(on, tick=False):
        return services.apply(
            case=case,
            party=worker(case),
            actor=cast.worker,
            channel=Channel.ONLINE,
            matter=matter,
            income=income,
            proofs=[proof()],
        )


def decision_clock(case) -> Deadline:
    return Deadline.objects.get(case=case, rule_code="legal_aid_decision")


@pytest.mark.parametrize(("income", "eligible"), [("1299.99", True), ("1300.00", True), ("1300.01", False)])
def test_hardship_is_at_or_under_the_line_in_force(cast, case, income, eligible):
    found = eligibility.examine(
        party=worker(case),
        matter=Matter.REMUNERATION,
        income=Decimal(income),
        migrant=False,
        on=date(2026, 10, 1),
        unit=cast.district,
    )
    assert found.eligible is eligible and found.line == LINE


def test_a_local_waiver_spares_migrant_workers_the_hardship_test(cast, case):
    Waiver.objects.create(
        unit=cast.district,
        matter=Matter.REMUNERATION,
        migrant_only=True,
        source="某省法律援助条例：农民工请求支付劳动报酬",
        effective_from=date(2025, 1, 1),
    )
    rich = Decimal("9000")
    migrant = eligibility.examine(
        party=worker(case),
        matter=Matter.REMUNERATION,
        income=rich,
        migrant=True,
        on=date(2026, 10, 1),
        unit=cast.street_a,
    )
    assert migrant.eligible and "农民工" in migrant.waived_by
    assert not eligibility.examine(
        party=worker(case),
        matter=Matter.REMUNERATION,
        income=rich,
        migrant=False,
        on=date(2026, 10, 1),
        unit=cast.district,
    ).eligible
    before = eligibility.examine(
        party=worker(case),
        matter=Matter.REMUNERATION,
        income=rich,
        migrant=True,
        on=date(2024, 12, 31),
        unit=cast.district,
    )
    assert not before.eligible  # not yet in force


def test_a_worker_with_an_agent_is_not_eligible(cast, case):
    from medarb.cases.models import Party, PartyKind

    Party.objects.create(
        case=case, side=PartySide.APPLICANT, kind=PartyKind.AGENT, name="王律师", principal=worker(case)
    )
    found = eligibility.examine(
        party=worker(case),
        matter=Matter.REMUNERATION,
        income=Decimal("500"),
        migrant=False,
        on=date(2026, 10, 1),
        unit=cast.district,
    )
    assert not found.eligible and "委托代理人" in found.reasons[0]


def test_the_station_sees_the_case_and_has_seven_days_to_decide(cast, case):
    application = applied(case, cast)
    assert application.station == cast.legal_aid and application.state == AidState.RECEIVED
    assert policy.can_read_case(cast.legal_aid_officer, case)
    # 7 natural days end on 5 October, inside the National Day holiday: the first working day after it
    assert decision_clock(case).due_on == date(2026, 10, 8)
    with pytest.raises(DomainError, match="正在审查"):
        applied(case, cast)
    with pytest.raises(NotAllowed):
        services.apply(
            case=case,
            party=worker(case),
            actor=cast.employer,
            channel=Channel.ONLINE,
            matter=Matter.REMUNERATION,
        )


def test_missing_materials_are_asked_once_and_the_clock_waits_for_them(cast, case):
    application = applied(case, cast)
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        services.notify_missing(
            application=application,
            actor=cast.legal_aid_officer,
            missing="身份证复印件\n劳动合同",
            supplement_by=date(2026, 10, 20),
        )
        assert decision_clock(case).state == DeadlineState.PAUSED
        with pytest.raises(DomainError, match="一次性"):
            services.notify_missing(
                application=application,
                actor=cast.legal_aid_officer,
                missing="再要一份",
                supplement_by=date(2026, 10, 21),
            )
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        services.supply(application=application, actor=cast.worker, proofs=[proof()])
    clock = decision_clock(case)
    assert clock.state == DeadlineState.RUNNING and clock.due_on == date(
        2026, 10, 15
    )  # 10 paused days given back
    application.refresh_from_db()
    assert application.state == AidState.RECEIVED and application.proofs.count() == 2


def test_an_applicant_who_never_supplies_them_has_withdrawn(cast, case):
    application = applied(case, cast)
    with time_machine.travel("2026-09-29 10:00 +0800", tick=False):
        services.notify_missing(
            application=application,
            actor=cast.legal_aid_officer,
            missing="身份证复印件",
            supplement_by=date(2026, 10, 9),
        )
        with pytest.raises(DomainError, match="视为撤回"):
            services.deem_withdrawn(application=application, actor=cast.legal_aid_officer)
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        application = services.deem_withdrawn(application=application, actor=cast.legal_aid_officer)
    assert application.state == AidState.WITHDRAWN and decision_clock(case).state == DeadlineState.STOPPED


def test_approval_starts_three_days_to_assign_and_the_assignee_sees_the_case(cast, case):
    application = applied(case, cast)
    with pytest.raises(NotAllowed):
        services.decide(application=application, actor=cast.chair, approve=True)
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        services.decide(application=application, actor=cast.legal_aid_officer, approve=True)
    assert decision_clock(case).state == DeadlineState.MET
    assignment = Deadline.objects.get(case=case, rule_code="legal_aid_assignment")
    assert assignment.due_on == date(2026, 10, 8)  # 3 October is a holiday too
    with pytest.raises(DomainError, match="本机构"):
        services.assign(application=application, actor=cast.legal_aid_officer, assignee=cast.clerk)
    with time_machine.travel("2026-10-02 10:00 +0800", tick=False):
        application = services.assign(
            application=application, actor=cast.legal_aid_officer, assignee=cast.legal_aid_officer
        )
    assert application.state == AidState.ASSIGNED
    assert Deadline.objects.get(case=case, rule_code="legal_aid_assignment").state == DeadlineState.MET


def test_an_ineligible_application_is_refused_in_writing_and_the_objection_has_five_days(
    cast, case, tmp_path
):
    application = applied(case, cast, income=Decimal("5000"))
    with pytest.raises(DomainError, match="高于本地经济困难标准"):
        services.decide(application=application, actor=cast.legal_aid_officer, approve=True)
    with pytest.raises(DomainError, match="理由"):
        services.decide(application=application, actor=cast.legal_aid_officer, approve=False)
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        application = services.decide(
            application=application,
            actor=cast.legal_aid_officer,
            approve=False,
            reasons="家庭人均月收入5000元，高于本地经济困难标准1300元",
        )
    from medarb.core.files import read_bytes

    notice = read_bytes(application.refusal_notice)
    text = pdf_text(notice, tmp_path).replace(" ", "").replace("\n", "")
    assert "不予法律援助决定书" in text and "高于本地经济困难标准" in text and "第四十九条" in text
    assert PdfFileReader(io.BytesIO(notice)).embedded_signatures  # sealed by the station
    services.record_objection(
        application=application, actor=cast.worker, reason="收入计算有误", on=date(2026, 10, 8)
    )
    assert Deadline.objects.get(case=case, rule_code="legal_aid_objection").due_on == date(2026, 10, 13)
    application = services.record_objection_result(
        application=application, actor=cast.legal_aid_officer, upheld=False, on=date(2026, 10, 12)
    )
    assert application.state == AidState.RECEIVED  # ordered to correct: examined again
    assert clocks.deadlines_for(case)


def test_aid_comes_first_when_a_period_ends_within_seven_days(cast, case):
    with time_machine.travel("2026-10-12 09:00 +0800", tick=False):
        clocks.start_deadline(case=case, rule_code="court_suit", start=date(2026, 10, 6))  # ends 2026-10-21
    application = applied(case, cast, income=None, on="2026-10-16 10:00 +0800")
    assert application.urgent and "不足七日" in application.urgent_reason
    with time_machine.travel("2026-10-16 11:00 +0800", tick=False):
        services.notify_missing(
            application=application,
            actor=cast.legal_aid_officer,
            missing="收入证明",
            supplement_by=date(2026, 10, 30),
        )
        application = services.decide(application=application, actor=cast.legal_aid_officer, approve=True)
    assert application.state == AidState.APPROVED  # aid first, formalities later (Art. 44)
    assert selectors.desk(cast.legal_aid_officer).first() == application


def test_the_station_counts_its_work(cast, case):
    approved = applied(case, cast)
    with time_machine.travel("2026-10-01 10:00 +0800", tick=False):
        services.decide(application=approved, actor=cast.legal_aid_officer, approve=True)
    other = register(
        actor=cast.filing_officer, unit=cast.district, worker_phone="13800138001", worker_name="李四"
    )
    refused = services.apply(
        case=other,
        party=worker(other),
        actor=cast.filing_officer,
        channel=Channel.REFERRAL,
        matter=Matter.WORK_INJURY,
        income=Decimal("8000"),
    )
    services.decide(application=refused, actor=cast.legal_aid_officer, approve=False, reasons="收入超标")
    figures = selectors.figures([cast.legal_aid])
    assert (figures.applications, figures.approved, figures.refused, figures.pending) == (2, 1, 1, 0)
    assert figures.days_to_decision is not None and figures.days_to_decision >= 0


@pytest.mark.parametrize("income", ["-1", "NaN", "Infinity", "1" * 30])
def test_an_impossible_income_is_refused_with_a_message(cast, case, income):
    with pytest.raises(DomainError, match="家庭人均月收入"):
        services.apply(
            case=case,
            party=worker(case),
            actor=cast.worker,
            channel=Channel.ONLINE,
            matter=Matter.REMUNERATION,
            income=Decimal(income),
        )
