from django.urls import path

from medarb.court import views

app_name = "court"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<id:case_id>/<str:action>/", views.act, name="act"),
    path("filings/<id:filing_id>/judgment.pdf", views.judgment, name="judgment"),
    path("transfers/<id:transfer_id>/package.zip", views.package, name="package"),
    path("manage/<str:action>/", views.manage, name="manage"),
    path("meetings/<id:meeting_id>/minutes.pdf", views.minutes, name="minutes"),
]
