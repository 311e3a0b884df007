from django.urls import path

from medarb.arbitration import views

app_name = "workflow"
urlpatterns = [
    path("cases/<id:case_id>/act/<slug:transition>/", views.act, name="act"),
    path("cases/<id:case_id>/approvals/<id:approval_id>/", views.decide, name="decide"),
    path("cases/<id:case_id>/award/preview/", views.award_preview, name="award_preview"),
    path("procedure/<slug:kind>/", views.procedure_page, name="procedure"),
]
