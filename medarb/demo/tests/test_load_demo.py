"""The demo district: its tree, people, pools and sample cases, and the reload rules."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.accounts.models import User
from medarb.cases.models import Case, CaseShare
from medarb.demo import district
from medarb.orgs.models import (
    PoolKind,
    PoolMember,
    PoolStatus,
    Role,
    Room,
    RoomKind,
    StandardKind,
    Unit,
    UnitKind,
)
from medarb.orgs.selectors import standard_for
from medarb.procedure.declaration import registered

pytestmark = pytest.mark.django_db


class TestTheDemoTree:
    def test_it_has_thirteen_streets_each_with_two_to_four_communities(self, demo):
        district_unit = demo.units["district"]
        streets = Unit.objects.filter(parent=district_unit, kind=UnitKind.STREET)

        assert streets.count() == 13
        for street in streets:
            assert 2 <= street.children.filter(kind=UnitKind.COMMUNITY).count() <= 4, street.name

    def test_twelve_enterprise_committees_hang_under_communities(self, demo):
        enterprises = Unit.objects.filter(kind=UnitKind.ENTERPRISE)

        assert enterprises.count() == 12
        assert all(e.parent.kind == UnitKind.COMMUNITY for e in enterprises)
        assert all(e.is_within(demo.units["district"]) for e in enterprises)

    def test_bodies_outside_the_tree_carry_their_jurisdiction(self, demo):
        units = demo.units

        assert units["legal_aid"].jurisdiction == units["district"]
        assert units["court"].jurisdiction == units["district"]
        assert units["discipline"].jurisdiction == units["district"]
        assert units["city_supervisor"].jurisdiction == units["city"]
        assert units["city_supervisor"].kind == UnitKind.SUPERVISOR

    def test_the_district_has_its_rooms_and_every_street_a_digital_mediation_room(self, demo):
        kinds = list(Room.objects.filter(unit=demo.units["district"]).values_list("kind", flat=True))

        assert kinds.count(RoomKind.ARBITRATION_COURT) == 3
        assert {RoomKind.MEDIATION_ROOM, RoomKind.FILING_ROOM, RoomKind.LEGAL_AID_ROOM} <= set(kinds)
        assert RoomKind.REMOTE_REVIEW_CENTRE in kinds
        streets = Unit.objects.filter(kind=UnitKind.STREET)
        assert all(s.rooms.filter(kind=RoomKind.DIGITAL_MEDIATION_ROOM).exists() for s in streets)


class TestTheDemoStandards:
    def test_people_can_book_at_the_filing_and_legal_aid_windows_and_every_street_room(self, demo):
        from medarb.appointments.models import PointKind, ServicePoint
        from medarb.appointments.services import slots_for
        from medarb.procedure.calendar import add_period
        from medarb.procedure.rules import DayType

        district = demo.units["district"]
        kinds = set(ServicePoint.objects.filter(unit=district).values_list("kind", flat=True))
        assert {PointKind.FILING_WINDOW, PointKind.LEGAL_AID} <= kinds
        streets = Unit.objects.filter(parent=district, kind=UnitKind.STREET)
        assert ServicePoint.objects.filter(unit__in=streets).values("unit").distinct().count() == 13
        next_working_day = add_period(timezone.localdate(), 1, DayType.WORKING)
        point = ServicePoint.objects.get(unit=district, kind=PointKind.FILING_WINDOW)
        assert slots_for(point=point, day=next_working_day)

    def test_the_district_finds_its_minimum_wage_and_legal_aid_line(self, demo):
        region = demo.units["district"].region_code
        today = date.today()

        assert standard_for(region, StandardKind.MIN_WAGE_MONTHLY, today).amount == Decimal("2150.00")
        assert standard_for(region, StandardKind.MIN_WAGE_MONTHLY, date(2024, 1, 1)).amount == Decimal(
            "2030.00"
        )
        assert standard_for(region, StandardKind.LEGAL_AID_LINE, today) is not None


class TestTheDemoPeople:
    def test_every_role_is_held_by_someone_at_the_district_or_its_bodies(self, demo):
        assert {login.role for login in demo.logins} == set(Role.values)

    def test_the_chair_and_unit_admin_have_confirmed_totp_devices_and_others_none(self, demo):
        with_device = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True))

        assert with_device == {"chair", "admin"}

    def test_every_street_and_enterprise_has_a_mediator(self, demo):
        mediator_units = {login.unit_key for login in demo.logins if login.role == Role.MEDIATOR}

        assert {k for k in demo.units if k.startswith(("street:", "enterprise:"))} <= mediator_units

    def test_pools_hold_qualified_arbitrators_and_mediators_some_inactive(self, demo):
        arbitrators = PoolMember.objects.filter(pool=PoolKind.ARBITRATOR)

        assert all(m.qualification and m.specialities for m in arbitrators)
        assert arbitrators.filter(status=PoolStatus.INACTIVE).exists()
        assert arbitrators.filter(is_full_time=False).exists()
        assert PoolMember.objects.filter(pool=PoolKind.MEDIATOR, status=PoolStatus.INACTIVE).exists()


class TestTheSampleCases:
    def test_every_declared_state_of_every_procedure_has_a_case(self, demo):
        for kind, procedure in registered().items():
            present = set(Case.objects.filter(kind=kind).values_list("status", flat=True))
            assert present == set(procedure.states), kind

    def test_accepted_and_closed_cases_carry_numbers_and_dates_that_make_sense(self, demo):
        for case in Case.objects.exclude(accepted_on=None):
            assert case.number
            assert case.received_on <= case.accepted_on
        for case in Case.objects.exclude(closed_on=None):
            assert case.close_reason
            assert (case.accepted_on or case.received_on) <= case.closed_on

    def test_open_to_dos_are_those_of_the_state_each_case_is_in(self, demo):
        from medarb.procedure.models import Task, TaskState

        waiting = set()
        for case in Case.objects.all():
            state = registered()[case.kind].states[case.status]
            waiting |= {(case.pk, role) for role in state.waits_for if not state.is_closed}
        opened = set(Task.objects.filter(kind="state", state=TaskState.OPEN).values_list("case_id", "role"))
        assert opened == waiting

    def test_every_mediation_case_has_its_file(self, demo):
        from medarb.mediation.models import MediationFile

        mediation = Case.objects.filter(kind="mediation")
        assert MediationFile.objects.filter(case__in=mediation).count() == mediation.count()

    def test_cases_are_spread_over_every_level_and_include_collective_disputes(self, demo):
        kinds = set(Case.objects.values_list("unit__kind", flat=True))

        assert {UnitKind.COMMISSION, UnitKind.STREET, UnitKind.COMMUNITY, UnitKind.ENTERPRISE} <= kinds
        assert Case.objects.filter(is_collective=True).exists()
        assert all(c.claimed_total > 0 or c.primary_cause for c in Case.objects.all())

    def test_the_demo_parties_are_linked_to_their_cases(self, demo):
        worker_cases = Case.objects.filter(
            parties__user__username=f"demo_{district.WORKER['phone']}"
        ).distinct()

        assert set(worker_cases.values_list("pk", flat=True)) == demo.party_cases[district.WORKER["phone"]]
        assert len(demo.party_cases[district.EMPLOYER["phone"]]) >= 3

    def test_legal_aid_and_the_court_are_given_some_cases(self, demo):
        assert CaseShare.objects.filter(unit=demo.units["legal_aid"]).exists()
        assert CaseShare.objects.filter(unit=demo.units["court"]).exists()


class TestDemoLoginCommands:
    def test_demo_logins_prints_the_url_the_password_and_every_login(self, demo):
        out = StringIO()
        call_command("demo_logins", "--url", "http://127.0.0.1:8123/", stdout=out)
        text = out.getvalue()

        assert "http://127.0.0.1:8123/" in text
        assert district.DEMO_PASSWORD in text
        for login in demo.logins:
            assert login.username in text
        assert district.WORKER["phone"] in text

    def test_demo_totp_prints_a_code_the_device_accepts(self, demo):
        out = StringIO()
        call_command("demo_totp", "chair", stdout=out)

        device = TOTPDevice.objects.get(user__username="chair")
        assert device.verify_token(out.getvalue().strip())

    def test_demo_totp_explains_when_an_account_has_no_device(self, demo):
        with pytest.raises(CommandError, match="没有"):
            call_command("demo_totp", "filing", stdout=StringIO())


class TestEveryDemoCasePageOpens:
    def test_each_sample_case_page_renders_for_a_handler_of_its_unit(self, demo, client):
        handler_of = {}
        for login in demo.logins:
            if login.role in {Role.FILING_OFFICER, Role.MEDIATOR} and not login.mfa:
                handler_of.setdefault(login.unit_key, login.username)
        failures = []
        for case in demo.cases:
            username = handler_of[demo.case_units[case.pk]]
            client.force_login(User.objects.get(username=username))
            response = client.get(f"/cases/{case.pk}/")
            if response.status_code != 200:
                failures.append((case.pk, case.status, username, response.status_code))

        assert not failures


class TestSeededClocks:
    def test_every_open_case_runs_the_clocks_its_state_implies(self, demo):
        from medarb.arbitration.models import Tribunal
        from medarb.demo.acts import path_to
        from medarb.procedure.declaration import procedure_for
        from medarb.procedure.models import Deadline, DeadlineState

        for case in demo.cases:
            procedure = procedure_for(case.kind)
            expected = set()
            for transition in path_to(procedure, case.status):
                expected = set() if "*" in transition.stops else expected - set(transition.stops)
                expected |= set(transition.starts)
            if Tribunal.objects.filter(case=case).exists():  # composing it met its clock
                expected.discard("compose_tribunal")
            live = set(
                Deadline.objects.filter(
                    case=case, state__in=[DeadlineState.RUNNING, DeadlineState.PAUSED]
                ).values_list("rule_code", flat=True)
            )
            if procedure.states[case.status].is_closed:
                assert not live, (case.status, live)
            else:
                assert expected <= live, (case.kind, case.status, expected - live)

    def test_an_accepted_arbitration_case_counts_its_45_days_from_acceptance(self, demo):
        from medarb.procedure.models import Deadline

        case = next(c for c in demo.cases if c.kind == "arbitration" and c.status == "accepted")
        limits = Deadline.objects.filter(case=case, rule_code="award")
        assert limits.count() == 1 and limits.get().started_on == case.accepted_on
