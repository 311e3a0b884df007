from django.urls import path

from medarb.recording import views

app_name = "recording"
urlpatterns = [
    path("case/<int:case_id>/disc/", views.request_disc, name="request_disc"),
    path("disc/<int:export_id>/", views.progress, name="disc_progress"),
    path("disc/<int:export_id>/download/", views.download, name="disc_download"),
    path("disc/<int:export_id>/burn/", views.burn, name="disc_burn"),
]
