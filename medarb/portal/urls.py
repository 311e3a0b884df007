from django.urls import path

from medarb.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.assistant, name="assistant"),
    path("ask/hand-over/", views.hand_over, name="hand_over"),
    path("faq/<int:faq_id>/", views.faq_detail, name="faq"),
    path("my/questions/", views.my_questions, name="my_questions"),
    path("office/questions/", views.question_queue, name="question_queue"),
    path("office/questions/<int:question_id>/", views.answer_question, name="answer_question"),
]
