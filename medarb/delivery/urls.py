from django.urls import path

from medarb.delivery import views

app_name = "delivery"
urlpatterns = [
    path("document/<id:document_id>/serve/", views.serve, name="serve"),
    path("party/<id:party_id>/address/", views.address, name="address"),
    path("s/<str:token>/", views.open_link, name="open"),
    path("s/<str:token>/file/", views.open_file, name="open_file"),
    path("inbox/", views.inbox, name="inbox"),
    path("service/<id:service_id>/postal/", views.postal_dispatch, name="postal"),
    path("service/<id:service_id>/receipt/", views.postal_receipt, name="postal_receipt"),
    path("attempt/<id:attempt_id>/retry/", views.retry, name="retry"),
]
