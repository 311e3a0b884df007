"""Who sees the review pages (403/404), that the parties see nothing of it, the minutes PDF,
and the query counts of the pages that list reviews."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medarb.api.testing import api_client_for, sign_in
from medarb.cases.models import Party
from medarb.documents.testing import pdf_text, poppler_available
from medarb.reviews.tests.conftest import vote_all

MARKS = ("会审", "加班费计算基数", "蒋青山", "钱市级")


def page(user, url):
    return sign_in(Client(), user).get(url)


@pytest.fixture
def closed(cast, with_experts, city_expert):
    from medarb.reviews import services

    vote_all(with_experts, cast.arbitrator, "agree", "应按约定工资计算。")
    vote_all(with_experts, city_expert, "agree", "同意仲裁庭意见。")
    vote_all(with_experts, cast.other_arbitrator, "disagree", "应按实际发放的工资计算。")
    return services.close_review(review=with_experts, actor=cast.chair)


@pytest.fixture
def parties_linked(cast, case):
    Party.objects.filter(case=case, kind="worker").update(user=cast.worker)
    Party.objects.filter(case=case, kind="employer").update(user=cast.employer)
    return case


class TestWhoSeesTheReview:
    @pytest.mark.parametrize("who", ["chair", "arbitrator", "clerk", "supervisor"])
    def test_the_unit_and_its_supervisors_see_it(self, cast, with_experts, who):
        assert page(getattr(cast, who), reverse("reviews:detail", args=[with_experts.pk])).status_code == 200

    @pytest.mark.parametrize(
        "who", ["street_b_mediator", "legal_aid_officer", "court_liaison", "worker", "employer"]
    )
    def test_others_get_a_404(self, cast, with_experts, parties_linked, who):
        assert page(getattr(cast, who), reverse("reviews:detail", args=[with_experts.pk])).status_code == 404

    def test_an_invited_expert_sees_it_while_open_and_not_after(self, cast, with_experts, city_expert):
        url = reverse("reviews:detail", args=[with_experts.pk])
        response = page(cast.other_arbitrator, url)
        assert response.status_code == 200 and response.context["opinion_form"] is not None
        vote_all(with_experts, city_expert, "agree", "同意。")
        from medarb.reviews import services

        closed = services.close_review(review=with_experts, actor=cast.chair)
        assert page(cast.other_arbitrator, url).status_code == 404
        # What is left to them is the minutes, to read and sign, until their share expires.
        sign = reverse("documents:sign", args=[closed.minutes_id])
        assert page(cast.other_arbitrator, sign).status_code == 200
        with time_machine.travel(closed.participants.get(user=cast.other_arbitrator).share.expires_at):
            assert page(cast.other_arbitrator, sign).status_code == 404
            case_page = reverse("cases:detail", args=[with_experts.case_id])
            assert page(cast.other_arbitrator, case_page).status_code == 404


class TestSigningTheMinutes:
    """会审纪要 are signed on screen by the participants, never by (or shown to) a party."""

    def test_an_expert_of_another_commission_signs_as_themself_and_reads_nothing_else(
        self, cast, closed, parties_linked
    ):
        from medarb.documents.signers import signers_for

        minutes = closed.minutes
        (only,) = signers_for(document=minutes, actor=cast.other_arbitrator)
        assert only.user == cast.other_arbitrator and only.label.startswith("特邀专家")
        response = page(cast.other_arbitrator, reverse("documents:sign", args=[minutes.pk]))
        assert response.status_code == 200 and "特邀专家" in response.content.decode()
        others = closed.case.documents.exclude(pk=minutes.pk)
        for document in others:
            assert (
                page(cast.other_arbitrator, reverse("documents:file", args=[document.pk])).status_code == 404
            )

    def test_the_chair_collects_every_participants_signature_and_no_partys(
        self, cast, closed, parties_linked
    ):
        from medarb.documents.signers import signers_for

        signers = signers_for(document=closed.minutes, actor=cast.chair)
        participants = {p.user_id for p in closed.participants.all()}
        assert participants <= {s.user.pk for s in signers if s.user}
        assert not any(s.party for s in signers)

    def test_a_signature_drawn_by_the_expert_is_sealed_into_the_minutes(self, cast, closed):
        from medarb.documents.services import sign_on_screen
        from medarb.documents.testing import drawn_signature

        signed = sign_on_screen(
            document=closed.minutes,
            actor=cast.other_arbitrator,
            signer=f"staff:{cast.other_arbitrator.pk}",
            image_png=drawn_signature(),
        )
        assert signed.files.count() == 2
        assert signed.hand_signatures.get().signer_label.endswith(str(cast.other_arbitrator))
        from medarb.cases.models import TimelineEntry

        # signing a paper of the internal volume is itself internal: no party reads of it
        assert TimelineEntry.objects.get(case=closed.case, kind="document_signed").is_internal

    def test_the_dashboard_asks_each_participant_to_sign_until_they_have(self, cast, closed):
        from medarb.documents.services import sign_on_screen
        from medarb.documents.testing import drawn_signature

        sign = reverse("documents:sign", args=[closed.minutes_id])
        assert sign in page(cast.other_arbitrator, "/").content.decode()
        with time_machine.travel(closed.participants.get(user=cast.other_arbitrator).share.expires_at):
            assert sign not in page(cast.other_arbitrator, "/").content.decode()  # cannot open them now
        sign_on_screen(
            document=closed.minutes,
            actor=cast.other_arbitrator,
            signer=f"staff:{cast.other_arbitrator.pk}",
            image_png=drawn_signature(),
        )
        assert sign not in page(cast.other_arbitrator, "/").content.decode()
        assert sign in page(cast.arbitrator, "/").content.decode()  # not signed yet

    def test_a_participant_cannot_sign_for_another(self, cast, closed):
        from medarb.core.errors import NotAllowed
        from medarb.documents.services import sign_on_screen
        from medarb.documents.testing import drawn_signature

        with pytest.raises(NotAllowed):
            sign_on_screen(
                document=closed.minutes,
                actor=cast.other_arbitrator,
                signer=f"staff:{cast.arbitrator.pk}",
                image_png=drawn_signature(),
            )

    def test_an_expired_share_ends_access(self, cast, with_experts):
        url = reverse("reviews:detail", args=[with_experts.pk])
        with time_machine.travel(with_experts.access_until + timedelta(minutes=1), tick=False):
            assert page(cast.other_arbitrator, url).status_code == 404

    def test_an_expert_sees_only_the_shared_items_of_the_case(self, cast, with_experts):
        response = page(cast.other_arbitrator, reverse("cases:detail", args=[with_experts.case_id]))
        assert response.status_code == 200
        assert response.context["shows"] == {
            "parties": False,
            "claims": True,
            "facts": True,
            "timeline": False,
        }

    def test_an_expert_cannot_approve_invite_or_close(self, cast, with_experts, city_expert):
        client = sign_in(Client(), cast.other_arbitrator)
        for name, data in (
            ("reviews:decide", {"decision": "refuse", "note": "x"}),
            ("reviews:invite", {"user": city_expert.pk}),
            ("reviews:close", {}),
        ):
            response = client.post(reverse(name, args=[with_experts.pk]), data)
            assert response.status_code == 400
        with_experts.refresh_from_db()
        assert with_experts.state == "open" and with_experts.participants.count() == 3

    def test_a_clerk_cannot_open_the_request_form(self, cast, case):
        assert page(cast.clerk, reverse("reviews:request", args=[case.pk])).status_code == 403

    def test_a_party_cannot_open_the_request_form(self, cast, parties_linked):
        assert page(cast.worker, reverse("reviews:request", args=[parties_linked.pk])).status_code in (
            403,
            404,
        )

    def test_the_review_page_read_is_audited(self, cast, with_experts):
        from medarb.audit.models import AuditEntry

        page(cast.supervisor, reverse("reviews:detail", args=[with_experts.pk]))
        assert AuditEntry.objects.filter(actor=cast.supervisor, summary__contains="疑案会审").exists()


class TestThePartiesSeeNothing:
    def test_the_portal_case_page_shows_no_trace(self, cast, closed, parties_linked):
        response = page(cast.worker, reverse("portal:my_case", args=[closed.case_id]))
        assert response.status_code == 200
        text = response.content.decode()
        assert not any(mark in text for mark in MARKS)

    def test_the_portal_case_list_shows_no_trace(self, cast, closed, parties_linked):
        text = page(cast.worker, reverse("portal:my_cases")).content.decode()
        assert not any(mark in text for mark in MARKS)

    def test_the_case_page_for_a_party_shows_no_trace(self, cast, closed, parties_linked):
        response = page(cast.employer, reverse("cases:detail", args=[closed.case_id]))
        text = response.content.decode()
        assert response.status_code == 200 and not any(mark in text for mark in MARKS)

    def test_a_meeting_of_the_review_is_not_among_the_partys_sittings(
        self, cast, with_experts, parties_linked
    ):
        from medarb.hearings.models import Sitting, SittingKind

        case = with_experts.case
        starts = timezone.now() + timedelta(days=2)
        meeting = Sitting.objects.create(
            case=case,
            kind=SittingKind.JOINT_REVIEW,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            created_by=cast.chair,
        )
        marks = ("会审", meeting.get_kind_display())
        for url in (reverse("portal:my_case", args=[case.pk]), reverse("portal:my_cases")):
            text = page(cast.worker, url).content.decode()
            assert not any(mark in text for mark in marks), url
        text = page(cast.employer, reverse("cases:detail", args=[case.pk])).content.decode()
        assert not any(mark in text for mark in marks)
        assert page(cast.worker, reverse("hearings:sitting", args=[meeting.pk])).status_code == 404
        assert page(cast.arbitrator, reverse("hearings:sitting", args=[meeting.pk])).status_code == 200

    def test_the_minutes_file_is_a_404_for_a_party(self, cast, closed, parties_linked):
        assert page(cast.worker, reverse("documents:file", args=[closed.minutes_id])).status_code == 404

    def test_the_api_refuses_a_party_and_hides_it_from_a_scoped_reader(
        self, cast, with_experts, parties_linked
    ):
        assert api_client_for(cast.worker).get(f"/api/v1/cases/{with_experts.case_id}/").status_code in (
            401,
            403,
            404,
        )
        data = api_client_for(cast.other_arbitrator).get(f"/api/v1/cases/{with_experts.case_id}/").json()
        assert data["timeline"] == [] and not any(mark in str(data) for mark in ("会审",))

    def test_the_minutes_cannot_be_served(self, cast, closed):
        from medarb.core.errors import DomainError
        from medarb.delivery.services import serve_document

        with pytest.raises(DomainError, match="副卷"):
            serve_document(document=closed.minutes, actor=cast.clerk)


@pytest.mark.skipif(not poppler_available(), reason="pdftotext is not installed")
def test_the_minutes_are_sealed_and_carry_every_opinion(cast, closed, tmp_path):
    document = closed.minutes
    from medarb.core.files import read_bytes

    data = read_bytes(document.current.pdf)
    text = pdf_text(data, tmp_path).replace(" ", "")
    assert document.is_signed and b"/ByteRange" in data
    for expected in (
        "疑难案件会审纪要",
        "加班费计算基数如何确定",
        "应按约定工资计算",
        "同意仲裁庭意见",
        "应按实际发放的工资计算",
        "少数意见",
        "蒋青山",
        "副卷",
    ):
        assert expected in text, expected


class TestQueryCounts:
    def test_the_review_page_does_not_grow_with_participants(self, cast, with_experts, city_expert):
        url = reverse("reviews:detail", args=[with_experts.pk])
        client = sign_in(Client(), cast.chair)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        vote_all(with_experts, cast.arbitrator, "agree", "同意。")
        vote_all(with_experts, city_expert, "agree", "同意。")
        vote_all(with_experts, cast.other_arbitrator, "disagree", "不同意。")
        with CaptureQueriesContext(connection) as more:
            client.get(url)
        assert len(more) == len(few)

    def test_the_dashboard_entry_does_not_grow_with_reviews(self, cast, with_experts, city_expert, today):
        from medarb.arbitration import services as arbitration
        from medarb.reviews import services
        from medarb.reviews.tests.conftest import QUESTIONS
        from medarb.testing import register

        client = sign_in(Client(), city_expert)
        client.get(reverse("dashboard"))
        with CaptureQueriesContext(connection) as one:
            response = client.get(reverse("dashboard"))
        assert response.content.decode().count("待发表意见") == 1
        second = arbitration.accept_case(
            case=register(actor=cast.filing_officer, unit=cast.district, received_on=today),
            actor=cast.filing_officer,
            on=today,
        )
        arbitration.compose_tribunal(
            case=second,
            actor=cast.arbitrator,
            kind="sole",
            presiding=cast.arbitrator,
            clerk=cast.clerk,
            on=today,
        )
        review = services.request_review(
            case=second,
            actor=cast.arbitrator,
            ground="major",
            reason="重大",
            questions=QUESTIONS,
            scope=["claims"],
        )
        now = timezone.now()
        services.approve_review(
            review=review, actor=cast.chair, meeting_at=now, access_until=now + timedelta(days=3)
        )
        services.invite_expert(review=review, actor=cast.chair, user=city_expert)
        with CaptureQueriesContext(connection) as two:
            response = client.get(reverse("dashboard"))
        assert response.content.decode().count("待发表意见") == 2
        assert len(two) == len(one)
