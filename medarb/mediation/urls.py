from django.urls import path

from medarb.mediation import views, views_meeting, views_stats, views_training

app_name = "mediation"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("<id:case_id>/sessions/<id:session_id>/record/", views.session_record, name="session_record"),
    path("<id:case_id>/caucus/", views.caucus_add, name="caucus_add"),
    path("<id:case_id>/materials/add/", views.material_add, name="material_add"),
    path("<id:case_id>/materials/<id:material_id>/", views.material_file, name="material_file"),
    path("<id:case_id>/agreement/", views.agreement_draft, name="agreement_draft"),
    path("<id:case_id>/agreement/sign/", views.agreement_sign, name="agreement_sign"),
    path("meetings/<uuid:key>/sign/", views_meeting.sign, name="sign_in_meeting"),
    path("<id:case_id>/agreement/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("<id:case_id>/signatures/<id:signature_id>/", views.signature_image, name="signature_image"),
    path("<id:case_id>/terms/<id:term_id>/performed/", views.term_performed, name="term_performed"),
    path("<id:case_id>/guidance/", views.guidance_request, name="guidance_request"),
    path("guidance/<id:referral_id>/answer/", views.guidance_answer, name="guidance_answer"),
    path("guidance/<id:referral_id>/revoke/", views.guidance_revoke, name="guidance_revoke"),
    path("<id:case_id>/routes/", views.route_add, name="route_add"),
    path("<id:case_id>/routes/<id:route_id>/", views.route_decide, name="route_decide"),
    path("<id:case_id>/shared/", views.shared_view, name="shared_view"),
    path("stats/", views_stats.statistics, name="stats"),
    path("stats/export.xlsx", views_stats.statistics_xlsx, name="stats_xlsx"),
    path("training/", views_training.course_list, name="courses"),
    path("training/<id:course_id>/", views_training.course_detail, name="course"),
    path("training/lessons/<id:lesson_id>/", views_training.lesson, name="lesson"),
    path("training/lessons/<id:lesson_id>/<str:which>/", views_training.lesson_file, name="lesson_file"),
    path("training/<id:course_id>/quiz/", views_training.quiz, name="quiz"),
    path("training/<id:course_id>/certificate.pdf", views_training.certificate, name="certificate"),
    path("training/<id:course_id>/assign/", views_training.assign, name="assign"),
    path("training/report/", views_training.report, name="training_report"),
]
