"""A supervisor's dashboard is the jurisdiction's overview: open cases by unit and state, clocks
past their due date, and today's sittings with the way to watch the live ones; all of it
through the visibility policy and at a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medarb.accounts.models import User
from medarb.cases import selectors
from medarb.cases.models import Case, CaseKind
from medarb.hearings import timing
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Role, Unit, UnitKind
from medarb.orgs.services import create_unit, grant_role
from medarb.procedure import clocks
from medarb.procedure.models import Deadline, DeadlineState
from medarb.recording.models import Broadcast, BroadcastState, CaptureDevice
from medarb.recording.today import sittings_today

pytestmark = pytest.mark.django_db


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _neighbour_supervisor(demo) -> User:
    """A discipline group whose jurisdiction is the neighbouring district (青山), not ours."""
    body = create_unit(
        name="青山区纪检监察组",
        kind=UnitKind.DISCIPLINE,
        parent=demo.units["city"],
        jurisdiction=demo.units["neighbour"],
    )
    user = User.objects.create(username="qs_supervisor", full_name="青山监督员", kind="staff")
    grant_role(user=user, unit=body, role=Role.SUPERVISOR)
    return user


def _dashboard(client, user):
    client.force_login(user)
    return client.get("/")


class TestTheOverviewFigures:
    def test_open_cases_by_unit_and_state_add_up_to_the_open_cases_the_supervisor_reads(self, demo):
        supervisor = _user("supervisor")
        today = timezone.localdate()

        overview = selectors.supervision_overview(user=supervisor, today=today)

        visible_open = Case.objects.visible_to(supervisor).filter(closed_on__isnull=True)
        assert overview.open_total == visible_open.count() > 0
        assert sum(row.count for row in overview.open_cases) == overview.open_total
        by_unit = {}
        for case in visible_open.select_related("unit"):
            by_unit[case.unit.pk] = by_unit.get(case.unit.pk, 0) + 1
        assert {unit.pk: n for unit, n in overview.units} == by_unit

    def test_overdue_lists_the_running_clocks_past_their_due_date(self, demo):
        supervisor = _user("supervisor")
        today = timezone.localdate()
        visible = Case.objects.visible_to(supervisor)
        neighbours = Case.objects.exclude(pk__in=visible.values("pk")).filter(closed_on__isnull=True)
        clocks.start_deadline(case=neighbours.first(), rule_code="award", start=today - timedelta(days=90))

        overview = selectors.supervision_overview(user=supervisor, today=today)

        late = Deadline.objects.filter(state=DeadlineState.RUNNING, due_on__lt=today)
        ours = late.filter(case__in=visible)
        assert overview.overdue_total == ours.count() > 0
        assert late.exclude(case__in=visible).exists()  # not counted: outside the jurisdiction
        assert all(item.due_on < today and item.days_over > 0 for item in overview.overdue)

    def test_sittings_today_are_those_of_the_jurisdiction_today(self, demo):
        supervisor = _user("supervisor")
        today = timezone.localdate()

        rows = sittings_today(user=supervisor, today=today)

        expected = [
            s.pk
            for s in Sitting.objects.order_by("starts_at", "id")
            if timing.local(s.starts_at).date() == today
        ]
        assert [r.sitting.pk for r in rows] == expected
        assert rows and not any(r.on_air for r in rows)


class TestWhoSeesTheOverview:
    def test_the_district_supervisor_sees_our_units_and_not_the_neighbours(self, demo):
        overview = selectors.supervision_overview(user=_user("supervisor"), today=timezone.localdate())

        paths = {row.unit.path for row in overview.open_cases}
        assert all(p.startswith(demo.units["district"].path) for p in paths)

    def test_the_city_supervisor_sees_both_districts(self, demo):
        overview = selectors.supervision_overview(user=_user("city_supervisor"), today=timezone.localdate())

        paths = {row.unit.path for row in overview.open_cases}
        assert demo.units["neighbour"].path in paths
        assert any(p.startswith(demo.units["district"].path) for p in paths)

    def test_a_supervisor_of_another_district_sees_nothing_of_ours(self, client, demo):
        outsider = _neighbour_supervisor(demo)
        today = timezone.localdate()

        overview = selectors.supervision_overview(user=outsider, today=today)
        rows = sittings_today(user=outsider, today=today)

        ours = demo.units["district"].path
        assert overview.open_total > 0  # the neighbour's own cases
        assert not [r for r in overview.open_cases if r.unit.path.startswith(ours)]
        assert not [o for o in overview.overdue if o.case.unit_path.startswith(ours)]
        assert not [r for r in rows if r.sitting.case.unit_path.startswith(ours)]
        page = _dashboard(client, outsider).content.decode()
        assert "鹭湖区仲裁院" not in page and "滨鹭" not in page

    @pytest.mark.parametrize("username", ["filing", "chair", "donghu_mediator"])
    def test_people_who_do_not_supervise_get_no_overview(self, client, demo, username):
        page = _dashboard(client, _user(username)).content.decode()

        assert 'data-testid="supervision-overview"' not in page
        assert 'data-testid="sittings-today"' not in page


class TestTheDashboardPage:
    def test_the_supervisor_sees_the_figures_the_tables_and_todays_sittings(self, client, demo):
        response = _dashboard(client, _user("supervisor"))
        page = response.content.decode()

        overview = response.context["overview"]
        assert f'data-testid="figure-open">{overview.open_total}<' in page
        assert 'data-testid="open-by-unit"' in page and 'data-testid="overdue-clocks"' in page
        assert 'data-testid="sittings-today"' in page and "数字仲裁庭" in page  # one of the courts

    def test_a_live_sitting_today_gets_a_link_to_watch_it(self, client, demo):
        sitting = next(
            r.sitting for r in sittings_today(user=_user("supervisor"), today=timezone.localdate())
        )
        device = CaptureDevice.objects.filter(room=sitting.room).first()
        Broadcast.objects.create(device=device, sitting=sitting, state=BroadcastState.LIVE)

        page = _dashboard(client, _user("supervisor")).content.decode()

        assert f'href="/recording/sittings/{sitting.pk}/live/"' in page

    def test_the_page_costs_the_same_queries_however_much_there_is_to_show(self, client, demo):
        supervisor = _user("supervisor")
        client.force_login(supervisor)
        client.get("/")  # warm the per-process caches (rules, calendar)
        with CaptureQueriesContext(connection) as before:
            client.get("/")

        self._add_more_of_everything(demo)
        with CaptureQueriesContext(connection) as after:
            client.get("/")

        assert len(after) == len(before), [q["sql"] for q in after.captured_queries]

    @staticmethod
    def _add_more_of_everything(demo) -> None:
        """More open cases in more units, more overdue clocks, more sittings today, one live."""
        today = timezone.localdate()
        open_cases = Case.objects.filter(
            closed_on__isnull=True, unit__path__startswith=demo.units["district"].path
        )
        for case in open_cases.exclude(deadlines__state=DeadlineState.RUNNING)[:5]:
            clocks.start_deadline(case=case, rule_code="award", start=today - timedelta(days=120))
        for case in open_cases.filter(kind=CaseKind.MEDIATION, sittings__isnull=True)[:3]:
            room = Unit.objects.get(pk=demo.units["district"].pk).rooms.get(name="远程会审中心")
            start = timing.at(today, timing.working_hours().start) + timedelta(hours=case.pk % 8)
            sitting = Sitting.objects.create(
                case=case,
                kind=SittingKind.OTHER,
                room=room,
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
            )
            sitting.members.set([case.handler])
        sitting = Sitting.objects.filter(starts_at__date__gte=today).exclude(room=None).first()
        device = CaptureDevice.objects.filter(room=sitting.room).first()
        if device:
            Broadcast.objects.create(device=device, sitting=sitting, state=BroadcastState.LIVE)
