import pytest

from medarb.core.sms import ConsoleBackend
from medarb.portal.models import Question, QuestionState
from medarb.portal.services import load_faq
from medarb.search.services import load_library


@pytest.fixture
def assistant(db):
    load_library()
    load_faq()


@pytest.mark.django_db
class TestAssistantPages:
    def test_the_portal_home_lists_the_faq_by_category(self, client, assistant):
        body = client.get("/portal/").content.decode()
        assert "仲裁" in body and "申请劳动仲裁要交费吗？" in body

    def test_a_confident_answer_cites_its_article_with_a_link(self, client, assistant):
        body = client.post("/portal/ask/", {"question": "劳动仲裁收费吗"}).content.decode()
        assert "劳动争议仲裁不收取任何费用" in body
        assert "《劳动争议调解仲裁法》第五十三条" in body

    def test_an_htmx_question_gets_only_the_answer(self, client, assistant):
        body = client.post(
            "/portal/ask/", {"question": "产假多少天"}, HTTP_HX_REQUEST="true"
        ).content.decode()
        assert "<html" not in body and "98天" in body

    def test_an_empty_question_gets_a_field_message(self, client, assistant):
        response = client.post("/portal/ask/", {"question": ""})
        assert response.status_code == 200
        assert "必填项" in response.content.decode()


@pytest.mark.django_db
class TestHandOverToTheFilingOffice:
    def test_an_unanswered_question_reaches_the_office_and_the_answer_reaches_the_asker(
        self, client, cast, assistant, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.worker)
        client.post("/portal/ask/hand-over/", {"question": "我在两个公司同时上班，工伤怎么算？"})
        question = Question.objects.get()
        assert question.asker == cast.worker and question.state == QuestionState.OPEN

        client.force_login(cast.filing_officer)
        assert "两个公司" in client.get("/portal/office/questions/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/portal/office/questions/{question.pk}/", {"answer": "请携带劳动合同到窗口咨询。"}
            )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.state == QuestionState.ANSWERED and question.asker_notified_at
        assert ConsoleBackend.outbox[-1]["phone"] == "13800138000"

        client.force_login(cast.worker)
        assert "请携带劳动合同" in client.get("/portal/my/questions/").content.decode()

    def test_only_filing_staff_see_the_queue(self, client, cast, assistant):
        for user in (cast.worker, cast.street_mediator, cast.supervisor):
            client.force_login(user)
            assert client.get("/portal/office/questions/").status_code == 403

    def test_a_question_cannot_be_answered_twice(self, client, cast, assistant):
        question = Question.objects.create(text="问题", state=QuestionState.ANSWERED, answer="已答")
        client.force_login(cast.filing_officer)
        response = client.post(f"/portal/office/questions/{question.pk}/", {"answer": "再答"})
        assert "已经答复" in response.content.decode()
        question.refresh_from_db()
        assert question.answer == "已答"

    def test_an_overlong_question_is_refused_with_a_message(self, client, assistant):
        response = client.post("/portal/ask/hand-over/", {"question": "问" * 600})
        assert response.status_code == 400
        assert Question.objects.count() == 0
