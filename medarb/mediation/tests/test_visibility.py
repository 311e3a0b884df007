import pytest

from medarb.cases.models import Case
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import DomainError
from medarb.mediation import services
from medarb.mediation.models import MaterialKind
from medarb.mediation.scope import case_scope
from medarb.mediation.selectors import caucus_notes_for, materials_for
from medarb.mediation.tests.helpers import accepted, in_session, png, register


@pytest.fixture
def level_cases(cast):
    return {
        "district": register(cast.district_mediator, cast.district),
        "street_a": register(cast.street_mediator, cast.street_a),
        "street_b": register(cast.street_b_mediator, cast.street_b),
        "community": register(cast.community_mediator, cast.community_a),
        "enterprise": register(cast.enterprise_mediator, cast.enterprise_a),
        "enterprise2": register(cast.enterprise2_mediator, cast.enterprise_a2),
    }


def visible(user, cases) -> set[str]:
    ids = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, case in cases.items() if case.pk in ids}


class TestLevelVisibility:
    def test_a_community_sees_its_own_cases_and_those_of_its_enterprises(self, cast, level_cases):
        assert visible(cast.community_mediator, level_cases) == {"community", "enterprise", "enterprise2"}

    def test_the_street_sees_its_communities_cases(self, cast, level_cases):
        assert visible(cast.street_mediator, level_cases) == {
            "street_a",
            "community",
            "enterprise",
            "enterprise2",
        }

    def test_the_district_sees_all(self, cast, level_cases):
        assert visible(cast.district_mediator, level_cases) == set(level_cases)

    def test_one_enterprise_sees_nothing_of_another(self, cast, level_cases):
        assert visible(cast.enterprise_mediator, level_cases) == {"enterprise"}
        assert visible(cast.enterprise2_mediator, level_cases) == {"enterprise2"}

    def test_a_sibling_street_sees_nothing_of_the_other(self, cast, level_cases):
        assert visible(cast.street_b_mediator, level_cases) == {"street_b"}

    def test_a_higher_level_reads_but_does_not_act(self, cast, level_cases):
        case = level_cases["community"]
        with pytest.raises(Exception, match="read-only"):
            case_get_for_user(user=cast.street_mediator, case_id=case.pk, write=True)


class TestCaucusNotes:
    def test_only_the_author_ever_reads_a_caucus_note(self, cast):
        case, session = in_session(cast.street_mediator, cast.street_a)
        services.add_caucus_note(
            case=case, actor=cast.street_mediator, side="applicant", text="底线：7000元", session=session
        )
        assert [n.text for n in caucus_notes_for(user=cast.street_mediator, case=case)] == ["底线：7000元"]
        for other in (
            cast.district_mediator,
            cast.chair,
            cast.supervisor,
            cast.community_mediator,
            cast.worker,
        ):
            assert not caucus_notes_for(user=other, case=case).exists()

    def test_the_case_page_never_shows_anothers_caucus_note(self, cast, client):
        case, _session = in_session(cast.street_mediator, cast.street_a)
        services.add_caucus_note(
            case=case, actor=cast.street_mediator, side="respondent", text="公司愿付七成"
        )
        client.force_login(cast.district_mediator)
        assert "公司愿付七成" not in client.get(f"/cases/{case.pk}/").content.decode()
        client.force_login(cast.street_mediator)
        assert "公司愿付七成" in client.get(f"/cases/{case.pk}/").content.decode()

    def test_the_audit_entry_of_a_caucus_note_does_not_carry_its_text(self, cast):
        from medarb.audit.models import AuditEntry

        case, _ = in_session(cast.street_mediator, cast.street_a)
        services.add_caucus_note(case=case, actor=cast.street_mediator, side="applicant", text="秘密内容")
        assert not AuditEntry.objects.filter(summary__contains="秘密").exists()
        assert not AuditEntry.objects.filter(data__icontains="秘密").exists()


class TestGuidanceShare:
    def test_a_share_grants_exactly_what_was_shared_and_can_be_revoked(self, cast):
        case = accepted(cast.street_b_mediator, cast.street_b)
        chosen = services.add_material(
            case=case,
            actor=cast.street_b_mediator,
            data=png(seed=5),
            name="工资条.png",
            title="工资条",
            kind=MaterialKind.EVIDENCE,
        )
        kept = services.add_material(
            case=case,
            actor=cast.street_b_mediator,
            data=png(seed=6),
            name="身份证.png",
            title="身份证",
            kind=MaterialKind.IDENTITY,
        )
        # The other district's arbitrators see nothing before the request.
        assert not case_scope(cast.other_arbitrator, case).any
        referral = services.request_guidance(
            case=case,
            actor=cast.street_b_mediator,
            to_unit=cast.district,
            question="加班费如何计算？",
            scope=["claims", f"material:{chosen.pk}"],
        )
        assert referral.share.scope == sorted(["claims", f"material:{chosen.pk}"])
        assert f"material:{kept.pk}" not in referral.share.scope
        # The district reads the whole subtree anyway; a legal-aid-like outsider reads only the share.
        from medarb.cases.models import CaseShare

        assert CaseShare.objects.get(pk=referral.share.pk).unit == cast.district

    def test_a_scoped_viewer_sees_only_the_chosen_items(self, cast):
        from medarb.cases.services import share_case

        case = accepted(cast.street_mediator, cast.street_a)
        chosen = services.add_material(
            case=case,
            actor=cast.street_mediator,
            data=png(seed=7),
            name="a.png",
            title="工资条",
            kind="evidence",
        )
        hidden = services.add_material(
            case=case,
            actor=cast.street_mediator,
            data=png(seed=8),
            name="b.png",
            title="身份证",
            kind="identity",
        )
        share = share_case(
            actor=cast.street_mediator,
            case=case,
            reason="guidance",
            unit=cast.other_district,
            scope=["claims", f"material:{chosen.pk}"],
        )
        scope = case_scope(cast.other_arbitrator, case)
        assert scope.allows("claims") and not scope.allows("parties") and not scope.allows("sessions")
        assert [m.pk for m in materials_for(case=case, scope=scope)] == [chosen.pk]
        assert hidden.pk not in [m.pk for m in materials_for(case=case, scope=scope)]
        from medarb.cases.services import revoke_share

        revoke_share(actor=cast.street_mediator, share=share)
        assert not case_scope(cast.other_arbitrator, case).any
        assert not Case.objects.visible_to(cast.other_arbitrator).filter(pk=case.pk).exists()

    def test_the_guidance_request_can_be_answered_and_then_revoked(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        referral = services.request_guidance(
            case=case,
            actor=cast.street_mediator,
            to_unit=cast.district,
            question="能否调解？",
            scope=["facts"],
        )
        services.answer_guidance(referral=referral, actor=cast.arbitrator, answer="可以，注意时效。")
        assert case.timeline.filter(kind="guidance_answered").exists()
        services.revoke_guidance(referral=referral, actor=cast.street_mediator)
        referral.share.refresh_from_db()
        assert referral.share.revoked_at is not None

    def test_a_guidance_request_to_a_unit_that_is_not_above_is_refused(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        with pytest.raises(DomainError):
            services.request_guidance(
                case=case, actor=cast.street_mediator, to_unit=cast.street_b, question="?", scope=["facts"]
            )

    def test_an_unknown_scope_item_is_refused(self, cast):
        case = accepted(cast.street_mediator, cast.street_a)
        with pytest.raises(DomainError, match="共享内容无效"):
            services.request_guidance(
                case=case,
                actor=cast.street_mediator,
                to_unit=cast.district,
                question="?",
                scope=["material:99999"],
            )

    def test_every_share_is_audited(self, cast):
        from medarb.audit.models import AuditAction, AuditEntry

        case = accepted(cast.street_mediator, cast.street_a)
        referral = services.request_guidance(
            case=case, actor=cast.street_mediator, to_unit=cast.district, question="?", scope=["facts"]
        )
        services.revoke_guidance(referral=referral, actor=cast.street_mediator)
        assert AuditEntry.objects.filter(case_id=case.pk, action=AuditAction.SHARE).count() == 2
