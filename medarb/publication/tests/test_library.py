"""The published-award library: the chair chooses, reviews and publishes; the public reads it masked."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from medarb.publication import services
from medarb.publication.models import PublicationState, PublishedAward
from medarb.publication.testing import case_with_award
from medarb.search import retrieval
from medarb.search.models import RecordEntry, RecordKind

ADDRESS = "广东省深圳市南山区科技园路88号3栋1201室"
FINDINGS = f"申请人刘德华（身份证号110101199003078515，电话13812345678，住{ADDRESS}）于2020年入职。工资打入其银行卡6222021234567890123。"


@pytest.fixture
def award_case(cast):
    return case_with_award(
        actor=cast.filing_officer,
        unit=cast.district,
        worker="刘德华",
        worker_address=ADDRESS,
        employer="鹭湖精密电子有限公司",
        findings=FINDINGS,
        reasoning="被申请人鹭湖精密电子有限公司应当向刘德华支付拖欠的工资。",
        signed_off=date(2025, 5, 6),
    )


def _draft(cast, case) -> PublishedAward:
    return services.choose_award(award=case.awards.get(), actor=cast.chair)


class TestChoosingAndReview:
    def test_a_chosen_award_is_anonymised_automatically_and_not_yet_public(self, cast, award_case):
        draft = _draft(cast, award_case)
        for secret in (
            "刘德华",
            "110101199003078515",
            "13812345678",
            "6222021234567890123",
            ADDRESS,
            "王老板",
        ):
            assert secret not in draft.text
        assert "刘某" in draft.text and "鹭湖精密电子有限公司" in draft.text  # the enterprise is kept
        assert draft.state == PublicationState.DRAFT
        assert not RecordEntry.objects.filter(kind=RecordKind.PUBLISHED_AWARD).exists()
        page = Client().get(reverse("publication:detail", args=[draft.pk]))
        assert page.status_code == 404

    def test_only_the_chair_of_the_case_unit_chooses_and_publishes(self, cast, award_case):
        award = award_case.awards.get()
        for person in (cast.arbitrator, cast.street_mediator, cast.other_arbitrator):
            with pytest.raises(services.NotAllowed):
                services.choose_award(award=award, actor=person)
        client = Client()
        client.force_login(cast.arbitrator)
        assert client.get(reverse("publication:reviews")).status_code == 403

    def test_the_chair_hides_an_enterprise_and_an_edit_cannot_bring_a_name_back(self, cast, award_case):
        draft = _draft(cast, award_case)
        services.save_review(
            publication=draft,
            actor=cast.chair,
            title="拖欠工资纠纷案",
            text=draft.text + "\n（刘德华补充：13900001111）",
            hidden_organisations=["鹭湖精密电子有限公司"],
        )
        draft.refresh_from_db()
        assert "鹭湖精密电子有限公司" not in draft.text and "某公司" in draft.text
        assert "刘德华" not in draft.text and "13900001111" not in draft.text


class TestPublishing:
    def test_the_chair_publishes_through_the_pages_and_the_public_sees_it_masked(self, cast, award_case):
        chair = Client()
        chair.force_login(cast.chair)
        listed = chair.get(reverse("publication:reviews"))
        assert "选入公开" in listed.content.decode()
        response = chair.post(reverse("publication:choose"), {"award": award_case.awards.get().pk})
        publication = PublishedAward.objects.get()
        assert response.url == reverse("publication:review", args=[publication.pk])
        preview = chair.get(response.url).content.decode()
        assert "刘某" in preview and "刘德华" not in preview.split("<textarea")[1]
        chair.post(
            response.url,
            {"action": "publish", "title": "拖欠工资纠纷案", "text": publication.text, "hide": []},
        )
        public = Client()
        found = public.get(reverse("publication:library"), {"q": "拖欠 工资"}).content.decode()
        assert "拖欠工资纠纷案" in found
        page = public.get(reverse("publication:detail", args=[publication.pk])).content.decode()
        assert "刘某" in page and "刘德华" not in page and "13812345678" not in page

    def test_a_withdrawn_award_leaves_the_library(self, cast, award_case):
        publication = services.publish(publication=_draft(cast, award_case), actor=cast.chair)
        services.withdraw(publication=publication, actor=cast.chair)
        assert Client().get(reverse("publication:detail", args=[publication.pk])).status_code == 404
        assert retrieval.published(text="工资")[1] == 0

    def test_hostile_choices_get_a_message(self, cast, award_case):
        chair = Client()
        chair.force_login(cast.chair)
        for value in ("abc", "", "99999999999999999999", "-1"):
            assert chair.post(reverse("publication:choose"), {"award": value}).status_code == 302
        publication = _draft(cast, award_case)
        response = chair.post(
            reverse("publication:review", args=[publication.pk]), {"action": "save", "title": ""}
        )
        assert response.status_code == 400


# (paraphrased question, the typical case that answers it)
RELEVANCE = [
    ("加班费的仲裁时效从什么时候起算", "加班费的仲裁时效应当如何认定"),
    ("签了放弃加班费的协议还能要加班费吗", "劳动者与用人单位订立放弃加班费协议，能否主张加班费"),
    ("离职时签字确认加班费已经结清，还能主张欠的加班费吗", "劳动者在离职文件上签字确认加班费已结清"),
    ("拒绝公司违法安排超时加班被解除劳动合同", "劳动者拒绝违法超时加班安排，用人单位能否解除劳动合同"),
    ("劳务派遣工超时加班发生工伤 连带赔偿", "劳动者超时加班发生工伤"),
    ("打卡记录能证明加班吗 举证责任", "处理加班费争议，如何分配举证责任"),
    ("工资里已经包含加班费的包薪制", "用人单位与劳动者约定实行包薪制"),
    ("公司规章制度规定加班不算加班", "用人单位以规章制度形式否认劳动者加班事实是否有效"),
    ("单位单方增加工作任务可以拒绝吗", "用人单位未与劳动者协商一致增加工作任务"),
    ("没有走加班审批手续能认定加班吗", "用人单位未按规章制度履行加班审批手续"),
]


class TestTypicalCases:
    @pytest.fixture
    def library(self, db):
        call_command("load_published_awards", verbosity=0)
        call_command("load_published_awards", verbosity=0)  # idempotent

    def test_the_typical_cases_seed_the_library(self, library):
        assert PublishedAward.objects.filter(state=PublicationState.PUBLISHED, award=None).count() == 10
        assert RecordEntry.objects.filter(kind=RecordKind.PUBLISHED_AWARD).count() == 10

    @pytest.mark.parametrize(("question", "answer"), RELEVANCE)
    def test_a_question_finds_the_case_that_answers_it_in_the_top_three(self, library, question, answer):
        hits, _total = retrieval.published(text=question)
        assert any(h.entry.title.startswith(answer) for h in hits[:3]), [h.entry.title for h in hits[:3]]
