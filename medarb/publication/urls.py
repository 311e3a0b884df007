from django.urls import path

from medarb.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.library, name="library"),
    path("<id:publication_id>/", views.library_detail, name="detail"),
    path("review/", views.review_list, name="reviews"),
    path("review/choose/", views.choose, name="choose"),
    path("review/<id:publication_id>/", views.review, name="review"),
]
