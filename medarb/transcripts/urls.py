from django.urls import path

from medarb.transcripts import views

app_name = "transcripts"
urlpatterns = [
    path("sittings/<int:sitting_id>/", views.editor, name="editor"),
    path("sittings/<int:sitting_id>/save/", views.save, name="save"),
    path("sittings/<int:sitting_id>/finalise/", views.finalise, name="finalise"),
    path("segments/<int:segment_id>/accept/", views.accept, name="accept"),
    path("recordings/<int:recording_id>/recognise/", views.recognise, name="recognise"),
]
