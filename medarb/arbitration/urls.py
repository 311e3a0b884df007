from django.urls import path

from medarb.arbitration import views

app_name = "workflow"
urlpatterns = [
    path("cases/<int:case_id>/act/<slug:transition>/", views.act, name="act"),
    path("cases/<int:case_id>/approvals/<int:approval_id>/", views.decide, name="decide"),
    path("procedure/<slug:kind>/", views.procedure_page, name="procedure"),
]
