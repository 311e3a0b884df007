from django.urls import path

from medarb.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("rules/", views.rules, name="rules"),
    path("<id:alert_id>/", views.detail, name="detail"),
    path("<id:alert_id>/<str:action>/", views.act, name="act"),
    path("follow-ups/<id:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("meetings/<id:meeting_id>/minutes.pdf", views.minutes, name="minutes"),
]
