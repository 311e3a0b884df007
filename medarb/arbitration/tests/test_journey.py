"""A case from the window to the archive, act by act, through the services."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from medarb.arbitration import services
from medarb.arbitration.models import Award, AwardState
from medarb.archives.models import Dossier, DossierState
from medarb.audit.models import AuditEntry
from medarb.cases.models import Case
from medarb.core.errors import ProcedureError
from medarb.procedure.clocks import deadlines_for
from medarb.procedure.models import DeadlineState, Task, TaskState
from medarb.procedure.todos import tasks_for

from .conftest import TODAY, fire

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _running(case) -> dict[str, date]:
    return {d.code: d.due_on for d in deadlines_for(case) if d.state == "running"}


class TestAcceptance:
    def test_it_numbers_the_case_and_starts_the_award_service_and_tribunal_clocks(self, cast, accepted):
        assert accepted.status == "accepted"
        assert accepted.number == "鹭湖劳人仲案字〔2026〕第1号"
        assert accepted.accepted_on == TODAY
        running = _running(accepted)
        assert running["award"] == date(2026, 4, 16)  # 45 natural days
        assert running["serve_respondent"] == date(2026, 3, 9)  # 5 working days
        assert running["compose_tribunal"] == date(2026, 3, 9)

    def test_it_hands_the_case_to_the_arbitrators_and_clerks_of_the_unit(self, cast, accepted):
        open_tasks = Task.objects.filter(case=accepted, state=TaskState.OPEN)
        assert sorted(t.role for t in open_tasks) == ["arbitrator", "clerk"]
        assert {t.due_on for t in open_tasks} == {date(2026, 3, 9)}
        assert tasks_for(cast.clerk).filter(case=accepted).exists()
        assert not tasks_for(cast.filing_officer).filter(case=accepted).exists()

    def test_it_writes_the_timeline_and_the_audit_chain(self, cast, accepted):
        entry = accepted.timeline.get(kind="transition")
        assert entry.title == "受理立案"
        assert entry.article == "《劳动争议调解仲裁法》第二十九条"
        assert entry.data["from"] == "application_received" and entry.data["to"] == "accepted"
        assert AuditEntry.objects.filter(case_id=accepted.pk, summary__contains="arbitration.accept").exists()

    def test_the_acceptance_clock_runs_from_receipt_when_review_begins(self, cast, received):
        with time_machine.travel("2026-03-04 10:00 +0800", tick=False):
            fire(received, "begin_review", cast.filing_officer)
        assert _running(received)["acceptance_decision"] == date(2026, 3, 9)


class TestDefencePeriod:
    def test_opening_the_hearing_ends_the_defence_period_even_when_it_was_scheduled_within_it(
        self, cast, in_defence
    ):
        case = in_defence
        with time_machine.travel("2026-03-05 09:00 +0800", tick=False):
            services.schedule_hearing(
                case=case,
                actor=cast.clerk,
                starts_at=datetime(2026, 3, 17, 9, 30, tzinfo=SHANGHAI),
                ends_at=datetime(2026, 3, 17, 11, 30, tzinfo=SHANGHAI),
            )
        assert "defence" in _running(case)
        with time_machine.travel("2026-03-17 09:30 +0800", tick=False):
            services.open_hearing(
                case=case, actor=cast.arbitrator, applicant_present=True, respondent_present=True
            )
        assert "defence" not in _running(case)
        assert case.deadlines.get(rule_code="defence").state == DeadlineState.MET


class TestWholeJourney:
    def test_from_the_window_to_the_archive(self, cast, in_defence, pool):
        case = in_defence
        assert _running(case)["defence"] == date(2026, 3, 16)  # 10 working days from service
        with time_machine.travel("2026-03-17 09:00 +0800", tick=False):
            fire(case, "open_evidence_period", cast.clerk)
            services.schedule_hearing(
                case=case,
                actor=cast.clerk,
                starts_at=datetime(2026, 3, 30, 9, 30, tzinfo=SHANGHAI),
                ends_at=datetime(2026, 3, 30, 11, 30, tzinfo=SHANGHAI),
            )
        assert case.status == "hearing_scheduled"
        with time_machine.travel("2026-03-30 09:30 +0800", tick=False):
            services.open_hearing(
                case=case, actor=cast.arbitrator, applicant_present=True, respondent_present=False
            )
            fire(case, "close_hearing", cast.arbitrator)
            claim = case.claims.get()
            award = services.submit_award(
                case=case,
                actor=cast.arbitrator,
                findings="申请人于2025年入职，被申请人拖欠工资。",
                majority_opinion="被申请人应支付拖欠工资。",
                dissent="",
                items=[(claim, Decimal("12000.00"))],
            )
        assert case.status == "award_sign_off"
        assert award.is_default  # the respondent did not come
        assert tasks_for(cast.chair).filter(case=case).exists()
        with time_machine.travel("2026-03-31 09:00 +0800", tick=False):
            services.sign_off_award(case=case, actor=cast.chair)
            services.serve_award(case=case, actor=cast.clerk, on=date(2026, 3, 31), method="personal")
        case.refresh_from_db()
        assert case.status == "closed_award"
        assert case.closed_on == date(2026, 3, 31)
        assert case.close_reason.startswith("award_")
        assert Award.objects.get(case=case).state == AwardState.SERVED
        # Closing stops the case's clocks; only the periods to challenge the award run on
        # (from service, Law 48-50: see test_service_clocks.py).
        live = {d.code for d in deadlines_for(case) if d.state in ("running", "paused")}
        assert live <= {"court_suit", "revocation_suit"}
        assert not Task.objects.filter(case=case, state=TaskState.OPEN).exists()
        with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
            # 归档 waits for the archivist to accept the dossier (medarb.archives, tested there).
            with pytest.raises(ProcedureError, match="档案管理员"):
                fire(case, "archive", cast.clerk)
            Dossier.objects.create(case=case, state=DossierState.ARCHIVED)
            fire(case, "archive", cast.clerk)
        assert Case.objects.get(pk=case.pk).status == "archived"
        assert Case.objects.get(pk=case.pk).closed_on == date(2026, 3, 31)  # archiving keeps the closure date
