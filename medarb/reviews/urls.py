from django.urls import path

from medarb.reviews import views

app_name = "reviews"

urlpatterns = [
    path("cases/<id:case_id>/request/", views.request_review, name="request"),
    path("<id:review_id>/", views.detail, name="detail"),
    path("<id:review_id>/decide/", views.decide, name="decide"),
    path("<id:review_id>/invite/", views.invite, name="invite"),
    path("<id:review_id>/opinion/", views.opinion, name="opinion"),
    path("<id:review_id>/close/", views.close, name="close"),
]
