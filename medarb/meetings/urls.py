from django.urls import path

from medarb.meetings import views, views_evidence

app_name = "meetings"

urlpatterns = [
    path("sittings/<id:sitting_id>/", views.sitting_meeting, name="sitting"),
    path("sittings/<id:sitting_id>/<str:act>/", views.sitting_act, name="sitting_act"),
    path("cases/<id:case_id>/call/", views.call, name="call"),
    path("duty/", views.duty_roster, name="duty"),
    path("ringing/", views.ringing, name="ringing"),
    path("<id:meeting_id>/room/", views.room, name="room"),
    path("<id:meeting_id>/end/", views.end, name="end"),
    path("<id:meeting_id>/recording.mp4", views.recording, name="recording"),
    path("attend/<uuid:key>/presence/", views.presence, name="presence"),
    path("attend/<uuid:key>/status/", views.status, name="status"),
    path("attend/<uuid:key>/evidence/events/", views_evidence.evidence_events, name="evidence_events"),
    path("attend/<uuid:key>/evidence/state/", views_evidence.evidence_state, name="evidence_state"),
    path(
        "attend/<uuid:key>/evidence/<id:presentation_id>/", views_evidence.evidence_file, name="evidence_file"
    ),
    path("attend/<uuid:key>/to/<str:where>/", views.move, name="move"),
    path("m/<str:token>/", views.link, name="link"),
]
