"""One way into a mediation case (issue 11): the window form, the generic registration form,
the online application, a referral from a lower level and the API all register through the
same service, and every case that arrives gets the same file, the same 15-day clock (Law
Art. 14, from the organisation's receipt) and a to-do in the receiving unit."""

import pytest
from django.utils import timezone

from medarb.api.testing import api_client_for
from medarb.cases import workflow
from medarb.cases.models import Case, CaseKind, Channel
from medarb.cases.services import register_case, submit_online_application
from medarb.mediation import services
from medarb.mediation.models import MediationFile, Outcome
from medarb.mediation.tests.helpers import case_input, in_session
from medarb.procedure.calendar import due_date
from medarb.procedure.models import Deadline, DeadlineState, Task, TaskState
from medarb.procedure.todos import tasks_for


def _by_window(cast):
    return services.register_mediation(actor=cast.street_mediator, data=case_input(cast.street_a))


def _by_the_generic_form(cast):
    return register_case(actor=cast.street_mediator, data=case_input(cast.street_a))


def _online(cast):
    data = case_input(cast.street_a, channel=Channel.ONLINE)
    return submit_online_application(applicant=cast.worker, data=data)


def _referred(cast):
    below = services.register_mediation(actor=cast.enterprise_mediator, data=case_input(cast.enterprise_a))
    return services.refer_case(
        case=below,
        actor=cast.enterprise_mediator,
        to_unit=cast.street_a,
        reason="涉及多名职工",
        on=timezone.localdate(),
    )


def _by_api(cast):
    data = case_input(cast.street_a)
    payload = {
        "unit": cast.street_a.pk,
        "kind": "mediation",
        "received_on": data.received_on.isoformat(),
        "primary_cause": data.primary_cause,
        "facts": data.facts,
        "parties": [
            {
                "side": p.side,
                "kind": p.kind,
                "name": p.name,
                "is_organisation": p.is_organisation,
                "id_number": p.id_number,
                "uscc": p.uscc,
                "phone": p.phone,
            }
            for p in data.parties
        ],
        "claims": [
            {"cause": c.cause, "description": c.description, "amount": str(c.amount)} for c in data.claims
        ],
    }
    response = api_client_for(cast.street_mediator).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(pk=response.json()["id"])


DOORS = {
    "window": _by_window,
    "generic form": _by_the_generic_form,
    "online": _online,
    "referral": _referred,
    "api": _by_api,
}


def _arrival(case) -> dict:
    """What a mediation case must have on arrival, independent of the door it came in by."""
    mfile = MediationFile.objects.get(case=case)
    limit = Deadline.objects.get(case=case, rule_code="mediation_limit")
    tasks = Task.objects.filter(case=case, state=TaskState.OPEN)
    return {
        "kind": case.kind,
        "status": case.status,
        "file unit": mfile.unit_id,
        "file level": mfile.level,
        "file registered on receipt": mfile.registered_on == case.received_on,
        "outcome": mfile.outcome,
        "limit": limit.state,
        "limit from receipt": limit.started_on == case.received_on,
        "limit due": limit.due_on == due_date("mediation_limit", case.received_on, case.unit_path),
        "to-dos": sorted((t.unit_id, t.role, t.due_on == limit.due_on) for t in tasks),
        "arrival cites its article": all(
            "》第" in entry.article for entry in case.timeline.filter(kind="registered")
        ),
    }


class TestEveryDoorRegistersTheSameMediationCase:
    def test_one_case_each_way_gets_the_same_file_clock_and_to_do(self, cast):
        arrivals = {door: _arrival(make(cast)) for door, make in DOORS.items()}
        expected = arrivals["window"]
        assert expected["kind"] == CaseKind.MEDIATION and expected["status"] == "registered"
        assert expected["file unit"] == cast.street_a.pk and expected["outcome"] == Outcome.PENDING
        assert expected["limit"] == DeadlineState.RUNNING
        assert expected["limit from receipt"] and expected["limit due"]
        assert expected["arrival cites its article"]
        assert (cast.street_a.pk, "mediator", True) in expected["to-dos"]
        for door, arrival in arrivals.items():
            assert arrival == expected, door

    @pytest.mark.parametrize("door", list(DOORS))
    def test_the_receiving_mediator_finds_it_on_the_list_and_accepts_it(self, cast, door):
        case = DOORS[door](cast)
        assert tasks_for(cast.street_mediator).filter(case=case).exists()
        workflow.perform(
            case=case,
            transition="accept",
            actor=cast.street_mediator,
            data={"decided_on": timezone.localdate().isoformat()},
        )
        case.refresh_from_db()
        assert case.status == "accepted"
        assert MediationFile.objects.get(case=case).decided_by == cast.street_mediator
        # The arrival's to-do is done; the next one is for the state the case is in now.
        assert not Task.objects.filter(case=case, state=TaskState.OPEN, title__contains="登记待受理").exists()


class TestWorkThatArrivesAtTheCommission:
    def test_an_online_application_is_on_the_filing_officers_list(self, cast):
        data = case_input(cast.district, channel=Channel.ONLINE)
        data.kind = CaseKind.ARBITRATION
        case = submit_online_application(applicant=cast.worker, data=data)
        assert tasks_for(cast.filing_officer).filter(case=case).exists()
        assert not tasks_for(cast.arbitrator).filter(case=case).exists()

    def test_a_handover_to_arbitration_is_on_the_filing_officers_list(self, cast):
        case, _session = in_session(cast.street_mediator, cast.street_a)
        services.fail_mediation(
            case=case, actor=cast.street_mediator, on=timezone.localdate(), reason="分歧过大"
        )
        arbitration = services.hand_over_to_arbitration(
            case=case, actor=cast.street_mediator, on=timezone.localdate()
        )
        assert tasks_for(cast.filing_officer).filter(case=arbitration).exists()
        # Closing the mediation closed its own to-dos.
        assert not Task.objects.filter(case=case, state=TaskState.OPEN).exists()
