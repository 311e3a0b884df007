"""The remote-guidance duty roster (远程指导值班表): the unit's admin or chair puts its
arbitrators and mediators on duty day by day; a call to the unit rings exactly those on duty
today; the person on duty sees it on the dashboard."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medarb.audit.models import AuditEntry
from medarb.cases.models import CaseKind
from medarb.core.errors import NotAllowed
from medarb.meetings import duty, selectors
from medarb.meetings.models import Duty
from medarb.meetings.testing import needs_janus
from medarb.testing import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def today():
    return timezone.localdate()


class TestRoster:
    def test_the_district_admin_sets_the_roster_of_the_district_and_the_rooms_below(self, cast, today):
        units = duty.roster_units(cast.unit_admin)
        assert cast.district in units and cast.street_a in units
        assert cast.other_district not in units and cast.legal_aid not in units  # no one to put on duty
        added, removed = duty.save_roster(
            actor=cast.unit_admin,
            unit=cast.district,
            start=today,
            chosen={(cast.arbitrator.pk, today), (cast.district_mediator.pk, today + timedelta(days=1))},
        )
        assert (added, removed) == (2, 0)
        assert selectors.duties_of(cast.arbitrator) == [cast.district]
        assert selectors.duties_of(cast.district_mediator) == []
        assert selectors.duties_of(cast.district_mediator, today + timedelta(days=1)) == [cast.district]
        entry = AuditEntry.objects.get(object_type="orgs.unit", object_id=str(cast.district.pk))
        assert entry.actor == cast.unit_admin and len(entry.data["added"]) == 2

    def test_saving_again_replaces_the_fortnight_and_keeps_what_is_past(self, cast, today):
        yesterday = today - timedelta(days=1)
        Duty.objects.create(unit=cast.district, user=cast.chair, day=yesterday, assigned_by=cast.unit_admin)
        duty.save_roster(
            actor=cast.unit_admin, unit=cast.district, start=today, chosen={(cast.arbitrator.pk, today)}
        )
        added, removed = duty.save_roster(
            actor=cast.unit_admin,
            unit=cast.district,
            start=yesterday,
            chosen={(cast.district_mediator.pk, today)},  # yesterday's duty unticked: it stays
        )
        assert (added, removed) == (1, 1)
        kept = set(Duty.objects.filter(unit=cast.district).values_list("user_id", "day"))
        assert kept == {(cast.chair.pk, yesterday), (cast.district_mediator.pk, today)}

    def test_nobody_but_the_units_people_is_put_on_duty_and_no_day_is_rewritten(self, cast, today):
        added, _ = duty.save_roster(
            actor=cast.unit_admin,
            unit=cast.district,
            start=today - timedelta(days=3),
            chosen={
                (cast.clerk.pk, today),  # a clerk answers no call
                (cast.street_mediator.pk, today),  # of another unit
                (cast.arbitrator.pk, today - timedelta(days=2)),  # past
                (cast.arbitrator.pk, today + timedelta(days=30)),  # outside the fortnight shown
            },
        )
        assert added == 0 and not Duty.objects.exists()

    def test_only_an_admin_or_chair_of_the_unit_or_above_sets_it(self, cast, today):
        for actor in (cast.street_mediator, cast.arbitrator, cast.other_arbitrator, cast.supervisor):
            with pytest.raises(NotAllowed):
                duty.save_roster(actor=actor, unit=cast.district, start=today, chosen=set())
        assert duty.roster_units(cast.chair)  # a chair sets it too


class TestRosterPage:
    def test_the_admin_ticks_days_and_saves(self, cast, today):
        page = signed_in(cast.unit_admin)
        url = f"{reverse('meetings:duty')}?unit={cast.district.pk}&from={today.isoformat()}"
        shown = page.get(url)
        assert shown.status_code == 200
        html = shown.content.decode()
        assert cast.arbitrator.full_name in html and cast.clerk.full_name not in html
        saved = page.post(url, {"duty": [f"{cast.arbitrator.pk}:{today.isoformat()}", "x:y", "7:not-a-day"]})
        assert saved.status_code == 302 and saved.url == url
        assert Duty.objects.get().user == cast.arbitrator
        assert "已保存" in page.get(saved.url).content.decode()

    def test_past_days_are_shown_but_cannot_be_ticked(self, cast, today):
        html = (
            signed_in(cast.unit_admin)
            .get(f"{reverse('meetings:duty')}?from={(today - timedelta(days=2)).isoformat()}")
            .content.decode()
        )
        assert html.count("disabled aria-label") == 3 * 2  # the chair, the arbitrator, the mediator

    def test_an_unknown_unit_or_date_shows_the_first_unit_from_today(self, cast, today):
        html = (
            signed_in(cast.unit_admin)
            .get(f"{reverse('meetings:duty')}?unit={cast.other_district.pk}&from=2026-13-40")
            .content.decode()
        )
        assert cast.other_district.name not in html and cast.district.name in html
        assert f"{cast.arbitrator.pk}:{today.isoformat()}" in html

    def test_staff_who_do_not_manage_a_unit_and_parties_are_refused(self, cast):
        for user in (cast.arbitrator, cast.street_mediator, cast.supervisor, cast.statistician):
            assert signed_in(user).get(reverse("meetings:duty")).status_code == 403
        assert signed_in(cast.worker).get(reverse("meetings:duty")).status_code in (403, 404)
        assert Client().get(reverse("meetings:duty")).status_code == 302


@pytest.fixture
def street_case(cast):
    return register(actor=cast.street_mediator, unit=cast.street_a, kind=CaseKind.MEDIATION)


def put_on_duty(cast, *users, day=None):
    for user in users:
        Duty.objects.create(
            unit=cast.district, user=user, day=day or timezone.localdate(), assigned_by=cast.unit_admin
        )


class TestCallingTheDuty:
    def test_the_call_page_shows_who_is_on_duty_today_first(self, cast, street_case, today):
        put_on_duty(cast, cast.district_mediator)
        put_on_duty(cast, cast.arbitrator, day=today + timedelta(days=1))
        groups = selectors.call_groups(street_case, cast.street_mediator)
        district = next(g for g in groups if g.unit == cast.district)
        assert [m.user for m in district.on_duty] == [cast.district_mediator]
        assert district.members[0].user == cast.district_mediator
        html = signed_in(cast.street_mediator).get(reverse("meetings:call", args=[street_case.pk]))
        assert "呼叫今日值班人员（郑调解）" in html.content.decode()

    @needs_janus
    def test_calling_the_unit_rings_exactly_those_on_duty(
        self, cast, street_case, janus_settings, janus_server
    ):
        janus_settings.MIDDLEWARE = [m for m in janus_settings.MIDDLEWARE if "StaffMfa" not in m]
        put_on_duty(cast, cast.district_mediator, cast.arbitrator)
        caller = signed_in(cast.street_mediator)
        placed = caller.post(reverse("meetings:call", args=[street_case.pk]), {"unit": cast.district.pk})
        meeting = street_case.meetings.get()
        assert placed.url == reverse("meetings:room", args=[meeting.pk])
        called = {a.user for a in meeting.attendees.exclude(user=cast.street_mediator)}
        assert called == {cast.district_mediator, cast.arbitrator}
        dashboard = signed_in(cast.arbitrator).get("/").content.decode()
        assert 'data-testid="answer-call"' in dashboard and 'data-testid="on-duty"' in dashboard
        polled = signed_in(cast.district_mediator).get(reverse("meetings:ringing")).content.decode()
        assert f'href="{reverse("meetings:room", args=[meeting.pk])}"' in polled
        assert selectors.calls_for(cast.chair) == []  # not on duty, not rung

    def test_a_unit_with_nobody_on_duty_rings_nobody(self, cast, street_case):
        caller = signed_in(cast.street_mediator)
        answer = caller.post(reverse("meetings:call", args=[street_case.pk]), {"unit": cast.district.pk})
        assert answer.status_code == 200 and "请选择要呼叫的人员" in answer.content.decode()
        assert not street_case.meetings.exists()

    def test_a_unit_off_the_cases_path_is_not_rung_through_its_duty(self, cast, street_case):
        Duty.objects.create(
            unit=cast.other_district,
            user=cast.other_arbitrator,
            day=timezone.localdate(),
            assigned_by=cast.chair,
        )
        caller = signed_in(cast.street_mediator)
        caller.post(reverse("meetings:call", args=[street_case.pk]), {"unit": cast.other_district.pk})
        assert not street_case.meetings.exists()

    def test_the_polled_panel_is_for_staff_only(self, cast):
        assert signed_in(cast.worker).get(reverse("meetings:ringing")).status_code in (403, 404)
        quiet = signed_in(cast.clerk).get(reverse("meetings:ringing"))
        assert quiet.status_code == 200 and 'data-testid="calls-panel"' not in quiet.content.decode()

    def test_the_person_on_duty_is_told_on_the_dashboard(self, cast):
        put_on_duty(cast, cast.district_mediator)
        assert "您今日在鹭湖区" in signed_in(cast.district_mediator).get("/").content.decode()
        assert 'data-testid="on-duty"' not in signed_in(cast.arbitrator).get("/").content.decode()
