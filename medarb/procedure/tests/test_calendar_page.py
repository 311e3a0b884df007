"""The staff calendar page: everyone previews; chairs and unit admins keep holidays and periods."""

from datetime import date

from medarb.api.testing import sign_in
from medarb.procedure.calendar import is_working_day
from medarb.procedure.models import HolidayOverride, RuleOverride
from medarb.procedure.rules import rule

URL = "/calendar/"


class TestCalendarPage:
    def test_staff_preview_a_due_date_with_its_explanation(self, client, cast):
        sign_in(client, cast.clerk)
        response = client.get(URL, {"rule": "award", "start": "2025-08-17"})
        assert response.status_code == 200
        text = response.content.decode()
        assert "2025年10月9日" in text
        assert "顺延" in text
        assert 'data-testid="holiday-form"' not in text  # a clerk does not keep the calendar

    def test_an_htmx_preview_returns_only_the_partial(self, client, cast):
        sign_in(client, cast.clerk)
        response = client.get(
            URL, {"rule": "acceptance_decision", "start": "2025-01-24"}, HTTP_HX_REQUEST="true"
        )
        text = response.content.decode()
        assert "2025年2月7日" in text
        assert "<html" not in text

    def test_a_bad_date_is_a_message_not_an_error(self, client, cast):
        sign_in(client, cast.clerk)
        response = client.get(URL, {"rule": "award", "start": "3000-01-01"})
        assert response.status_code == 200
        assert "日期应在2004年至2100年之间" in response.content.decode()

    def test_parties_and_strangers_are_kept_out(self, client, cast):
        assert client.get(URL).status_code == 302  # to the login page
        client.force_login(cast.worker)
        assert client.get(URL).status_code in (302, 403)

    def test_a_unit_admin_adds_and_removes_a_holiday_of_an_unknown_year(self, client, cast):
        sign_in(client, cast.unit_admin)
        response = client.post(
            URL + "holidays/", {"day": "2027-03-08", "is_working_day": "0", "note": "2027年临时调整"}
        )
        assert response.status_code == 302
        assert not is_working_day(date(2027, 3, 8))
        client.post(URL + "holidays/2027-03-08/remove/")
        assert not HolidayOverride.objects.exists()
        assert is_working_day(date(2027, 3, 8))

    def test_a_chair_changes_how_a_period_is_counted_and_resets_it(self, client, cast):
        sign_in(client, cast.chair)
        client.post(
            f"{URL}units/{cast.district.pk}/rules/",
            {"code": "acceptance_decision", "days": "5", "day_type": "natural", "note": "本省规定"},
        )
        assert rule("acceptance_decision", cast.district).day_type == "natural"
        assert rule("acceptance_decision", cast.district).overridden
        assert rule("acceptance_decision").day_type == "working"  # the law itself is unchanged
        override = RuleOverride.objects.get()
        client.post(f"{URL}rules/{override.pk}/reset/")
        assert not RuleOverride.objects.exists()
        assert rule("acceptance_decision", cast.district).day_type == "working"

    def test_bad_override_input_is_a_message_and_changes_nothing(self, client, cast):
        sign_in(client, cast.unit_admin)
        response = client.post(
            f"{URL}units/{cast.district.pk}/rules/",
            {"code": "award", "days": "0", "day_type": "natural"},
            follow=True,
        )
        assert response.status_code == 200
        assert not RuleOverride.objects.exists()
        response = client.post(URL + "holidays/", {"day": "not a date", "is_working_day": "0"}, follow=True)
        assert response.status_code == 200
        assert not HolidayOverride.objects.exists()

    def test_only_chairs_and_unit_admins_of_a_commission_may_change_the_calendar(self, client, cast):
        for person in (cast.arbitrator, cast.street_mediator):
            sign_in(client, person)
            assert (
                client.post(URL + "holidays/", {"day": "2027-02-08", "is_working_day": "0"}).status_code
                == 403
            )
        assert not HolidayOverride.objects.exists()
