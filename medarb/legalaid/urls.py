from django.urls import path

from medarb.legalaid import views

app_name = "legalaid"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("advice/", views.advice, name="advice"),
    path("applications/<id:application_id>/", views.detail, name="detail"),
    path("applications/<id:application_id>/refusal.pdf", views.refusal, name="refusal"),
    path("applications/<id:application_id>/supply/", views.portal_supply, name="portal_supply"),
    path("proofs/<id:proof_id>/", views.proof, name="proof"),
    path("cases/<id:case_id>/refer/", views.refer, name="refer"),
    path("cases/<id:case_id>/apply/", views.portal_apply, name="portal_apply"),
]
