"""Templates belong to a unit: a commission's chair or admin writes the commission's own
wording, units below it use it, everyone else falls back to the platform's; nobody outside
the unit reads or changes it."""

import pytest
from django.urls import reverse

from medarb.core.errors import DomainError, NotAllowed
from medarb.documents import services
from medarb.documents.models import DocumentTemplate
from medarb.documents.testing import numbered_case
from medarb.orgs.models import Role
from medarb.testing import make_staff, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

OWN = "<p>{{ number }} 本院自己的开庭通知措辞</p>"


@pytest.fixture
def template():
    services.ensure_default_templates()
    return DocumentTemplate.objects.get(code="hearing_notice")


@pytest.fixture
def other_chair(cast):
    return make_staff("otherchair", "沈青山", cast.other_district, Role.CHAIR)


@pytest.fixture
def other_admin(cast):
    return make_staff("otheradmin", "秦青山", cast.other_district, Role.UNIT_ADMIN)


def _edit_url(unit) -> str:
    return reverse("documents:template_edit", args=["hearing_notice"]) + f"?unit={unit.pk}"


class TestAUnitsOwnVersion:
    def test_a_chairs_edit_becomes_the_commissions_own_version(self, cast, template):
        version = services.save_template_version(
            template=template, body=OWN, actor=cast.chair, unit=cast.district
        )
        assert version.unit == cast.district
        assert services.active_version("hearing_notice", unit=cast.district) == version
        assert services.active_version("hearing_notice").unit is None  # the platform's is untouched

    def test_units_below_fall_back_to_it_and_other_districts_to_the_platforms(self, cast, template):
        version = services.save_template_version(
            template=template, body=OWN, actor=cast.unit_admin, unit=cast.district
        )
        assert services.active_version("hearing_notice", unit=cast.enterprise_a) == version
        assert services.active_version("hearing_notice", unit=cast.other_district).unit is None

    def test_an_issued_paper_uses_the_wording_of_the_cases_unit(self, cast, template):
        services.save_template_version(template=template, body=OWN, actor=cast.chair, unit=cast.district)
        ours = services.issue_document(
            case=numbered_case(cast), template_code="hearing_notice", actor=cast.clerk, sign=False
        )
        theirs_case = register(actor=cast.other_arbitrator, unit=cast.other_district)
        theirs = services.issue_document(
            case=theirs_case, template_code="hearing_notice", actor=cast.other_arbitrator, sign=False
        )
        assert ours.template_version.unit == cast.district
        assert theirs.template_version.unit is None

    def test_a_streets_own_version_wins_over_its_commissions(self, cast, template):
        street_admin = make_staff("streetadmin", "街道管理", cast.street_a, Role.UNIT_ADMIN)
        services.save_template_version(template=template, body=OWN, actor=cast.chair, unit=cast.district)
        street = services.save_template_version(
            template=template, body="<p>{{ number }} 街道措辞</p>", actor=street_admin, unit=cast.street_a
        )
        assert services.active_version("hearing_notice", unit=cast.community_a) == street
        assert services.active_version("hearing_notice", unit=cast.street_b).unit == cast.district

    def test_a_new_version_replaces_only_the_same_units_active_one(self, cast, template, other_chair):
        ours = services.save_template_version(
            template=template, body=OWN, actor=cast.chair, unit=cast.district
        )
        services.save_template_version(
            template=template, body=OWN, actor=other_chair, unit=cast.other_district
        )
        ours.refresh_from_db()
        assert ours.is_active


class TestWhoEditsWhichUnit:
    @pytest.mark.parametrize("role", ["chair", "unit_admin"])
    def test_the_units_chair_and_admin_open_and_save_its_templates(self, client, cast, template, role):
        client.force_login(getattr(cast, role))
        assert client.get(_edit_url(cast.district)).status_code == 200
        response = client.post(_edit_url(cast.district), {"body": OWN, "note": "本院"})
        assert response.status_code == 302
        assert services.active_version("hearing_notice", unit=cast.district).body == OWN

    @pytest.mark.parametrize("who", ["other_chair", "other_admin"])
    def test_another_districts_chair_or_admin_gets_404(self, client, cast, template, who, request):
        services.save_template_version(template=template, body=OWN, actor=cast.chair, unit=cast.district)
        user = request.getfixturevalue(who)
        client.force_login(user)
        assert client.get(_edit_url(cast.district)).status_code == 404
        assert client.post(_edit_url(cast.district), {"body": "<p>改</p>", "note": ""}).status_code == 404
        preview = reverse("documents:template_preview", args=["hearing_notice"])
        assert client.post(preview, {"body": "<p>x</p>", "unit": cast.district.pk}).status_code == 404
        assert client.get(reverse("documents:template_list") + f"?unit={cast.district.pk}").status_code == 404
        assert services.active_version("hearing_notice", unit=cast.district).body == OWN
        with pytest.raises(NotAllowed):
            services.save_template_version(
                template=template, body="<p>改</p>", actor=user, unit=cast.district
            )

    def test_their_own_editor_shows_their_wording_not_ours(self, client, cast, template, other_chair):
        services.save_template_version(template=template, body=OWN, actor=cast.chair, unit=cast.district)
        client.force_login(other_chair)
        html = client.get(reverse("documents:template_edit", args=["hearing_notice"])).content.decode()
        assert "本院自己的开庭通知措辞" not in html and "青山区" in html

    @pytest.mark.parametrize("role", ["clerk", "arbitrator", "statistician", "supervisor"])
    def test_other_roles_cannot_edit(self, client, cast, template, role):
        user = getattr(cast, role)
        client.force_login(user)
        assert client.get(_edit_url(cast.district)).status_code == 403
        assert client.post(_edit_url(cast.district), {"body": OWN, "note": ""}).status_code == 403
        with pytest.raises(NotAllowed):
            services.save_template_version(template=template, body=OWN, actor=user, unit=cast.district)

    def test_a_district_chair_cannot_change_the_platforms_version(self, client, cast, template):
        client.force_login(cast.chair)
        url = reverse("documents:template_edit", args=["hearing_notice"]) + "?unit=platform"
        assert client.get(url).status_code == 404
        with pytest.raises(NotAllowed):
            services.save_template_version(template=template, body=OWN, actor=cast.chair)

    def test_a_platform_admin_edits_the_platforms_version(self, client, cast, template):
        root = make_staff("root", "平台管理员", cast.province, Role.STATISTICIAN)
        root.is_superuser = True
        root.save(update_fields=["is_superuser"])
        version = services.save_template_version(template=template, body=OWN, actor=root)
        assert (
            version.unit is None and services.active_version("hearing_notice", unit=cast.district) == version
        )

    def test_blank_forms_stay_the_platforms(self, cast):
        services.ensure_default_templates()
        blank = DocumentTemplate.objects.get(code="blank_power_of_attorney")
        with pytest.raises(DomainError):
            services.save_template_version(
                template=blank, body="<p>x</p>", actor=cast.chair, unit=cast.district
            )
