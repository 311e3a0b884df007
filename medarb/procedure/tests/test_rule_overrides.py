"""A unit's reading of the periods (本委规则): its scope, who keeps it, the law's bounds, the
audit trail, and the badge on every deadline it affects."""

from datetime import date

import pytest
from django.urls import reverse

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.cases.models import CaseKind
from medarb.core.errors import DomainError, NotAllowed
from medarb.orgs.models import Role
from medarb.procedure.calendar import add_period
from medarb.procedure.clocks import deadlines_for, start_deadline
from medarb.procedure.models import RuleOverride, Task, TaskState
from medarb.procedure.rules import RULES, DayType, bounds_error, rule
from medarb.procedure.services import remove_rule_override, set_rule_override
from medarb.testing import make_staff, register

URL = "/calendar/"
START = date(2025, 3, 3)  # a Monday with no holiday within 45 days


@pytest.fixture
def other_chair(cast):
    return make_staff("otherchair", "孔青山", cast.other_district, Role.CHAIR)


def natural_acceptance(cast, unit=None, days=7):
    return set_rule_override(
        actor=cast.unit_admin if unit is None else unit[1],
        unit=cast.district if unit is None else unit[0],
        code="acceptance_decision",
        days=days,
        day_type=DayType.NATURAL,
        note="本省规定按自然日计算",
    )


def due_of(case, code="acceptance_decision"):
    return start_deadline(case=case, rule_code=code, start=START).due_on


class TestOverrideScope:
    def test_an_override_in_one_district_leaves_another_district_s_deadlines_alone(self, cast):
        natural_acceptance(cast)
        mine = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        theirs = register(actor=cast.other_arbitrator, unit=cast.other_district, received_on=START)
        assert due_of(mine) == add_period(START, 7, DayType.NATURAL) == date(2025, 3, 10)
        theirs_clock = start_deadline(case=theirs, rule_code="acceptance_decision", start=START)
        assert (theirs_clock.days, theirs_clock.day_type) == (5, DayType.WORKING)
        assert rule("acceptance_decision", cast.other_district).overridden is False
        assert rule("acceptance_decision").days == 5  # the law itself never changes

    def test_a_street_below_the_district_inherits_its_override(self, cast):
        natural_acceptance(cast, days=9)
        street_case = register(
            actor=cast.street_mediator, unit=cast.street_a, kind=CaseKind.MEDIATION, received_on=START
        )
        deadline = start_deadline(case=street_case, rule_code="acceptance_decision", start=START)
        assert (deadline.days, deadline.day_type) == (9, DayType.NATURAL)
        assert deadline.due_on == add_period(START, 9, DayType.NATURAL)
        assert rule("acceptance_decision", cast.enterprise_a).override_unit == cast.district.name

    def test_the_nearest_override_on_the_unit_s_path_wins(self, cast):
        street_admin = make_staff("streetadmin", "东湖管理", cast.street_a, Role.UNIT_ADMIN)
        natural_acceptance(cast, days=9)
        natural_acceptance(cast, unit=(cast.street_a, street_admin), days=6)
        assert rule("acceptance_decision", cast.community_a).days == 6
        assert rule("acceptance_decision", cast.street_b).days == 9
        assert rule("acceptance_decision", cast.district).days == 9
        assert rule("acceptance_decision", cast.city).days == 5

    def test_a_case_s_unit_path_counts_as_its_unit(self, cast):
        natural_acceptance(cast, days=8)
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        assert rule("acceptance_decision", case.unit_path).days == 8


class TestWhoKeepsTheOverrides:
    def test_a_chair_of_another_district_cannot_set_or_reset_this_district_s_rules(
        self, client, cast, other_chair
    ):
        override = natural_acceptance(cast)
        sign_in(client, other_chair)
        response = client.post(
            f"{URL}units/{cast.district.pk}/rules/",
            {"code": "award", "days": "60", "day_type": "natural"},
        )
        assert response.status_code == 404
        assert client.post(f"{URL}rules/{override.pk}/reset/").status_code == 404
        assert RuleOverride.objects.get().days == 7
        assert not RuleOverride.objects.filter(code="award").exists()

    def test_the_service_refuses_an_actor_who_does_not_keep_that_unit(self, cast, other_chair):
        with pytest.raises(NotAllowed):
            set_rule_override(
                actor=other_chair, unit=cast.district, code="award", days=60, day_type=DayType.NATURAL
            )
        override = natural_acceptance(cast)
        with pytest.raises(NotAllowed):
            remove_rule_override(actor=other_chair, override=override)
        for person in (cast.arbitrator, cast.street_mediator):
            with pytest.raises(NotAllowed):
                set_rule_override(
                    actor=person, unit=cast.district, code="award", days=60, day_type=DayType.NATURAL
                )

    def test_the_page_lists_only_the_admin_s_own_unit_s_overrides(self, client, cast, other_chair):
        set_rule_override(
            actor=other_chair,
            unit=cast.other_district,
            code="revoke_case",
            days=9,
            day_type=DayType.NATURAL,
            note="青山区规则",
        )
        natural_acceptance(cast)
        sign_in(client, cast.unit_admin)
        text = client.get(URL).content.decode()
        assert "本省规定按自然日计算" in text
        assert "青山区规则" not in text
        assert client.get(URL, {"unit": cast.other_district.pk}).status_code == 404

    def test_staff_without_a_rule_role_see_the_rules_but_no_form(self, client, cast):
        sign_in(client, cast.clerk)
        text = client.get(URL).content.decode()
        assert 'data-testid="rules"' in text and 'data-testid="rule-form"' not in text


class TestTheLawsBounds:
    def test_a_period_that_protects_a_party_cannot_be_shortened(self, client, cast):
        sign_in(client, cast.chair)
        response = client.post(
            f"{URL}units/{cast.district.pk}/rules/",
            {"code": "defence", "days": "7", "day_type": "working"},
            follow=True,
        )
        text = response.content.decode()
        assert "不少于10日" in text and "不得缩短至7日" in text
        assert not RuleOverride.objects.exists()

    @pytest.mark.parametrize(
        ("code", "floor"),
        [
            ("defence", 10),
            ("hearing_notice", 5),
            ("court_suit", 15),
            ("revocation_suit", 30),
            ("judicial_confirmation", 30),
            ("arbitral_review", 15),
            ("publication_service", 30),
        ],
    )
    def test_each_floor_holds_and_the_floor_itself_is_allowed(self, cast, code, floor):
        with pytest.raises(DomainError, match="不得缩短"):
            set_rule_override(
                actor=cast.chair, unit=cast.district, code=code, days=floor - 1, day_type=DayType.NATURAL
            )
        # Counting the same number of days the other way (Art. 80's reading) stays allowed.
        set_rule_override(
            actor=cast.chair, unit=cast.district, code=code, days=floor, day_type=DayType.NATURAL
        )
        assert rule(code, cast.district).days == floor

    @pytest.mark.parametrize("code", ["award_extension", "mediation_extension"])
    def test_a_cap_the_law_says_may_not_be_exceeded_cannot_be_raised(self, cast, code):
        with pytest.raises(DomainError, match="不得超过15日"):
            set_rule_override(
                actor=cast.chair, unit=cast.district, code=code, days=20, day_type=DayType.NATURAL
            )
        set_rule_override(actor=cast.chair, unit=cast.district, code=code, days=10, day_type=DayType.NATURAL)
        assert rule(code, cast.street_a).days == 10

    def test_every_bounded_rule_names_its_article(self):
        bounded = [r for r in RULES.values() if r.floor_days or r.ceiling_days]
        assert {r.code for r in bounded} >= {"defence", "hearing_notice", "court_suit", "award_extension"}
        for r in bounded:
            assert bounds_error(r.code, r.days) is None  # the law's own reading is lawful
            assert r.article


class TestAudit:
    def test_setting_and_resetting_are_audited_with_the_old_and_the_new_reading(self, cast):
        override = natural_acceptance(cast)
        natural_acceptance(cast, days=8)
        first, second = AuditEntry.objects.filter(object_type="procedure.ruleoverride").order_by("seq")
        assert first.actor == cast.unit_admin
        assert first.data["old"] == {"days": 5, "day_type": "working", "overridden": False}
        assert first.data["new"] == {"days": 7, "day_type": "natural"}
        assert first.data["unit"] == cast.district.pk
        assert "5工作日 → 7自然日" in first.summary and cast.district.name in first.summary
        assert second.data["old"]["days"] == 7 and second.data["new"]["days"] == 8
        override.refresh_from_db()
        remove_rule_override(actor=cast.chair, override=override)
        reset = AuditEntry.objects.filter(object_type="procedure.ruleoverride").order_by("-seq").first()
        assert reset.action == "delete" and reset.actor == cast.chair
        assert reset.data["old"]["days"] == 8 and reset.data["new"] == {
            "days": 5,
            "day_type": "working",
            "overridden": False,
        }


class TestBadges:
    def test_the_calendar_marks_the_unit_s_own_rules(self, client, cast, other_chair):
        natural_acceptance(cast)
        sign_in(client, cast.clerk)
        text = client.get(URL).content.decode()
        assert text.count('data-testid="local-rule"') == 1 and "本委规则" in text
        sign_in(client, other_chair)
        assert 'data-testid="local-rule"' not in client.get(URL).content.decode()

    def test_a_preview_counts_as_the_viewer_s_unit_does(self, client, cast):
        natural_acceptance(cast)
        sign_in(client, cast.clerk)
        text = client.get(URL, {"rule": "acceptance_decision", "start": "2025-03-03"}).content.decode()
        assert "2025年3月10日" in text and "本委规则" in text

    def test_the_case_page_marks_a_deadline_counted_under_the_unit_s_rule(self, client, cast):
        natural_acceptance(cast)
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        start_deadline(case=case, rule_code="acceptance_decision", start=START)
        (view,) = [d for d in deadlines_for(case) if d.code == "acceptance_decision"]
        assert view.local_rule and view.local_unit == cast.district.name
        assert "本委规则" in view.explanation
        sign_in(client, cast.chair)
        text = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert 'data-testid="local-rule"' in text

    def test_the_party_s_case_list_marks_the_next_deadline_too(self, client, cast):
        from medarb.cases.party_links import link_parties_to_account

        natural_acceptance(cast)
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        start_deadline(case=case, rule_code="acceptance_decision", start=START)
        link_parties_to_account(user=cast.worker, phone_index=cast.worker.phone_index)
        client.force_login(cast.worker)
        text = client.get(reverse("portal:my_cases")).content.decode()
        assert case.display_number in text and 'data-testid="local-rule"' in text

    def test_the_dashboard_to_do_answering_to_that_clock_is_marked_too(self, client, cast):
        natural_acceptance(cast)
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        deadline = start_deadline(case=case, rule_code="acceptance_decision", start=START)
        Task.objects.filter(case=case, state=TaskState.OPEN).update(deadline=deadline, due_on=deadline.due_on)
        sign_in(client, cast.filing_officer)
        text = client.get(reverse("dashboard")).content.decode()
        tasks = text[text.index('data-testid="my-tasks"') :]
        assert 'data-testid="local-rule"' in tasks and "按本委规则计为" in tasks

    def test_a_deadline_counted_by_the_law_has_no_badge(self, client, cast):
        case = register(actor=cast.filing_officer, unit=cast.district, received_on=START)
        start_deadline(case=case, rule_code="acceptance_decision", start=START)
        natural_acceptance(cast)  # made after the clock started: it keeps the law's count
        (view,) = [d for d in deadlines_for(case) if d.code == "acceptance_decision"]
        assert not view.local_rule
        sign_in(client, cast.chair)
        text = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert 'data-testid="local-rule"' not in text
