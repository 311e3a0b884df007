"""Guides: the two procedure diagrams, the statutory periods, which street room and commission
are competent (with Law Art. 21 from the library), what to bring, links to the other services."""

import pytest
from django.urls import reverse

from medarb.orgs.models import Unit
from medarb.procedure.rules import all_rules
from medarb.search.services import load_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_library()


class TestGuidePage:
    def test_anyone_sees_both_procedure_diagrams_in_scrollable_boxes(self, client, cast):
        page = client.get(reverse("portal:guide")).content.decode()

        assert page.count('data-testid="procedure-diagram"') == 2
        assert page.count('class="overflow-x-auto mb-3"') == 2

    def test_every_statutory_period_is_listed_with_its_days_day_type_and_article(self, client, cast):
        page = client.get(reverse("portal:guide")).content.decode()

        for rule in all_rules():
            assert str(rule.title) in page
            assert f"{rule.days} {rule.day_type_label}" in page
            assert rule.article in page

    def test_the_guide_links_templates_laws_calculator_booking_and_application(self, client, cast):
        page = client.get(reverse("portal:guide")).content.decode()

        for name in (
            "documents:template_centre",
            "search:laws",
            "portal:calculator",
            "appointments:points",
            "portal:apply",
        ):
            assert reverse(name) in page

    def test_it_says_what_to_bring(self, client, cast):
        page = client.get(reverse("portal:guide")).content.decode()

        assert "身份证原件" in page and "证据清单" in page

    def test_the_street_choice_lists_only_street_mediation_rooms(self, client, cast):
        page = client.get(reverse("portal:guide")).content.decode()

        assert f'<option value="{cast.street_a.pk}"' in page
        assert f'<option value="{cast.community_a.pk}"' not in page


class TestCompetentBody:
    def test_choosing_a_street_shows_its_room_and_its_district_commission_with_contacts(
        self, client, cast, library
    ):
        Unit.objects.filter(pk=cast.street_a.pk).update(address="东湖路1号", phone="0591-1234567")
        Unit.objects.filter(pk=cast.district.pk).update(address="鹭湖大道100号", phone="0591-7654321")

        response = client.get(
            reverse("portal:guide_competent"), {"street": cast.street_a.pk}, HTTP_HX_REQUEST="true"
        )
        page = response.content.decode()

        assert "<html" not in page  # the htmx partial only
        assert "东湖街道调解室" in page and "东湖路1号" in page and "0591-1234567" in page
        assert cast.district.name in page and "鹭湖大道100号" in page and "0591-7654321" in page

    def test_the_answer_cites_article_21_from_the_law_library(self, client, cast, library):
        page = client.get(
            reverse("portal:guide_competent"), {"street": cast.street_b.pk}, HTTP_HX_REQUEST="true"
        ).content.decode()

        assert "第二十一条" in page
        assert "劳动争议仲裁委员会负责管辖本区域内发生的劳动争议" in page

    def test_without_javascript_the_whole_guide_comes_back_with_the_answer(self, client, cast, library):
        page = client.get(reverse("portal:guide_competent"), {"street": cast.street_a.pk}).content.decode()

        assert "<html" in page and "办理流程" in page
        assert cast.district.name in page
        assert f'<option value="{cast.street_a.pk}" selected' in page

    @pytest.mark.parametrize("street", ["abc", "999999", "-1"])
    def test_an_unknown_street_gets_a_clear_message_not_an_error(self, client, cast, street):
        response = client.get(reverse("portal:guide_competent"), {"street": street}, HTTP_HX_REQUEST="true")

        assert response.status_code == 200
        assert "没有找到这个街道" in response.content.decode()

    def test_a_unit_that_is_not_a_street_is_not_answered(self, client, cast):
        response = client.get(
            reverse("portal:guide_competent"), {"street": cast.community_a.pk}, HTTP_HX_REQUEST="true"
        )

        assert "没有找到这个街道" in response.content.decode()
