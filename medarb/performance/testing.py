"""A hand-built set of cases whose performance figures are counted by hand in the tests and
shown in the browser journey. Every case goes through the real services, so that its clocks
move as in production: a suspension pauses the hearing period, an extension lengthens it.

All arbitration cases are received and accepted on Monday 2 March 2026 (hearing period: 45
days, due 16 April), sole arbitrator 林仲裁 with clerk 陈书记 unless said otherwise:

- A: mediated in arbitration, closed 20 March — on time, 18 days.
- B: suspended 12 March, resumed 1 April (20 days: due 6 May), withdrawn 30 April — on time,
  59 days; without the suspension it would be late.
- C: extended by 10 days (due 26 April, a Sunday; 27 April after the weekend roll), withdrawn
  24 April — on time, 53 days; without the extension late.
- D: withdrawn 20 April — late (due 16 April), 49 days.
- E: still open; on 30 June, when the sweep runs, its hearing period is overdue.
- F: 王仲裁 presides with 陈书记 as clerk; withdrawn 10 March — on time, 8 days.
- M1, M2: mediations at 东湖街道 by 李街道 received 2 March (15 days: due 17 March). M1 fails
  on 10 March (on time, 8 days); M2 is extended by 10 days with both parties' agreement
  (due 27 March) and fails on 24 March (on time, 22 days).
"""

from dataclasses import dataclass
from datetime import date

import time_machine

from medarb.arbitration import services
from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.mediation import services as mediation
from medarb.mediation.tests.helpers import case_input
from medarb.orgs.models import PoolKind, PoolMember, Role
from medarb.procedure.sweep import sweep_deadlines
from medarb.testing import make_staff, register

D0 = date(2026, 3, 2)
EVALUATED_ON = date(2026, 6, 30)


@dataclass
class District:
    a: Case
    b: Case
    c: Case
    d: Case
    e: Case
    f: Case
    m1: Case
    m2: Case
    second_arbitrator: object


def _on(day: date):
    return time_machine.travel(f"{day:%Y-%m-%d} 10:00 +0800", tick=False)


def _arbitration(cast, n: int, presiding=None):
    with _on(D0):
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=D0, worker_name=f"工人{n}")
        services.accept_case(case=case, actor=cast.filing_officer, on=D0)
        services.compose_tribunal(
            case=case,
            actor=cast.chair,
            kind="sole",
            presiding=presiding or cast.arbitrator,
            clerk=cast.clerk,
            on=D0,
        )
    case.refresh_from_db()
    return case


def _withdraw(cast, case, day: date):
    with _on(day):
        workflow.fire(case=case, transition="withdraw", actor=cast.clerk, on=day, note="申请人撤回")


def _mediation(cast):
    with _on(D0):
        case = mediation.register_mediation(
            actor=cast.street_mediator, data=case_input(cast.street_a, received_on=D0)
        )
        return mediation.accept_mediation(
            case=case, actor=cast.street_mediator, decided_on=D0, mediator=cast.street_mediator
        )


def build_district(cast) -> District:
    second = make_staff("arb2", "王仲裁", cast.district, Role.ARBITRATOR)
    for user in (cast.arbitrator, second):
        PoolMember.objects.create(user=user, pool=PoolKind.ARBITRATOR, unit=cast.district)
    a, b, c, d, e = (_arbitration(cast, n) for n in range(1, 6))
    f = _arbitration(cast, 6, presiding=second)

    with _on(D0):
        services.serve_respondent(case=a, actor=cast.clerk, on=D0, method="personal")
        workflow.fire(case=a, transition="open_evidence_period", actor=cast.clerk, on=D0)
    with _on(date(2026, 3, 20)):
        workflow.fire(case=a, transition="start_mediation", actor=cast.arbitrator, on=date(2026, 3, 20))
        services.issue_mediation_statement(
            case=a,
            actor=cast.arbitrator,
            terms="被申请人于2026年3月31日前支付工资10000元。",
            applicant_signed_on=date(2026, 3, 19),
            respondent_signed_on=date(2026, 3, 20),
        )
    with _on(date(2026, 3, 12)):
        services.suspend_case(
            case=b, actor=cast.chair, ground="appraisal", on=date(2026, 3, 12), note="等待工伤认定"
        )
    with _on(date(2026, 4, 1)):
        services.resume_case(case=b, actor=cast.chair, on=date(2026, 4, 1), note="工伤认定已作出")
    _withdraw(cast, b, date(2026, 4, 30))
    with _on(date(2026, 3, 20)):
        services.extend_time_limit(case=c, actor=cast.chair, days=10, note="案情复杂", on=date(2026, 3, 20))
    _withdraw(cast, c, date(2026, 4, 24))
    _withdraw(cast, d, date(2026, 4, 20))
    _withdraw(cast, f, date(2026, 3, 10))

    m1, m2 = _mediation(cast), _mediation(cast)
    with _on(date(2026, 3, 10)):
        mediation.fail_mediation(
            case=m1, actor=cast.street_mediator, on=date(2026, 3, 10), reason="双方差距过大"
        )
    with _on(date(2026, 3, 12)):
        mediation.extend_mediation(
            case=m2,
            actor=cast.street_mediator,
            days=10,
            applicant_agrees=True,
            respondent_agrees=True,
            agreed_on=date(2026, 3, 12),
        )
    with _on(date(2026, 3, 24)):
        mediation.fail_mediation(case=m2, actor=cast.street_mediator, on=date(2026, 3, 24), reason="调解不成")
    sweep_deadlines(today=EVALUATED_ON)
    for case in (a, b, c, d, e, f, m1, m2):
        case.refresh_from_db()
    return District(a, b, c, d, e, f, m1, m2, second)
