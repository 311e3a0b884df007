from django.urls import path

from medarb.identity import views

app_name = "identity"
urlpatterns = [
    path("parties/<id:party_id>/face/", views.face, name="face"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<id:face_review_id>/", views.review, name="review"),
    path("reviews/<id:face_review_id>/<str:which>/", views.review_photo, name="review_photo"),
]
