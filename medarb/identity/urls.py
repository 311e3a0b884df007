from django.urls import path

from medarb.identity import views, views_fingerprint

app_name = "identity"
urlpatterns = [
    path("parties/<id:party_id>/face/", views.face, name="face"),
    path("parties/<id:party_id>/card-reading/", views.card_reading, name="card_reading"),
    path("parties/<id:party_id>/fingerprint/", views_fingerprint.page, name="fingerprint"),
    path(
        "parties/<id:party_id>/fingerprint/<str:mode>/options/",
        views_fingerprint.options,
        name="fingerprint_options",
    ),
    path(
        "parties/<id:party_id>/fingerprint/<str:mode>/", views_fingerprint.finish, name="fingerprint_finish"
    ),
    path("reviews/", views.reviews, name="reviews"),
    path("requirements/", views.requirements_page, name="requirements"),
    path("reviews/<id:face_review_id>/", views.review, name="review"),
    path("reviews/<id:face_review_id>/<str:which>/", views.review_photo, name="review_photo"),
]
