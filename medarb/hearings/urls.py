from django.urls import path

from medarb.hearings import views

app_name = "hearings"
urlpatterns = [
    path("", views.index, name="index"),
    path("rooms/<id:room_id>/week/", views.room_week, name="room_week"),
    path("rooms/<id:room_id>/day/", views.room_day, name="room_day"),
    path("rooms/<id:room_id>.ics", views.room_ics, name="room_ics"),
    path("people/<id:person_id>/week/", views.person_week, name="person_week"),
    path("people/<id:person_id>/day/", views.person_day, name="person_day"),
    path("people/<id:person_id>.ics", views.person_ics, name="person_ics"),
    path("cases/<id:case_id>/schedule/", views.schedule, name="schedule"),
    path("sittings/<id:sitting_id>/", views.sitting_detail, name="sitting"),
    path("sittings/<id:sitting_id>/<str:act>/", views.sitting_act, name="sitting_act"),
    path("feed/issue/", views.feed_issue, name="feed_issue"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>/rooms/<id:room_id>.ics", views.feed_room_ics, name="feed_room"),
    path("feed/<str:token>/people/<id:person_id>.ics", views.feed_person_ics, name="feed_person"),
]
