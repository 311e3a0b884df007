from django.urls import path

from medarb.portal import views, views_apply, views_calculator, views_display, views_guide, views_my

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.assistant, name="assistant"),
    path("ask/hand-over/", views.hand_over, name="hand_over"),
    path("faq/<id:faq_id>/", views.faq_detail, name="faq"),
    path("my/questions/", views.my_questions, name="my_questions"),
    path("office/questions/", views.question_queue, name="question_queue"),
    path("office/questions/<id:question_id>/", views.answer_question, name="answer_question"),
    path("my/", views_my.my_cases, name="my_cases"),
    path("my/<id:case_id>/", views_my.my_case, name="my_case"),
    path("display/elder/", views_display.elder_mode, name="elder_mode"),
    path("guide/", views_guide.guide, name="guide"),
    path("guide/competent/", views_guide.competent, name="guide_competent"),
    path("calculator/", views_calculator.calculator_page, name="calculator"),
    path("apply/", views_apply.start, name="apply"),
    path("apply/send-code/", views_apply.send_code, name="apply_send_code"),
    path("apply/done/<id:case_id>/", views_apply.done, name="apply_done"),
    path("apply/check/<id:submission_id>/", views_apply.check, name="apply_check"),
    path("apply/check/<id:submission_id>/retry/", views_apply.retry, name="apply_retry"),
    path("apply/<slug:step>/", views_apply.step_view, name="apply_step"),
    path("evidence/<id:evidence_id>/", views_apply.evidence_file, name="evidence_file"),
]
