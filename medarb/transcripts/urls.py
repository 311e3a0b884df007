from django.urls import path

from medarb.transcripts import views

app_name = "transcripts"
urlpatterns = [
    path("sittings/<id:sitting_id>/", views.editor, name="editor"),
    path("sittings/<id:sitting_id>/save/", views.save, name="save"),
    path("sittings/<id:sitting_id>/finalise/", views.finalise, name="finalise"),
    path("segments/<id:segment_id>/accept/", views.accept, name="accept"),
    path("recordings/<id:recording_id>/recognise/", views.recognise, name="recognise"),
]
