from django.urls import path

from medarb.procedure import views

app_name = "procedure"

urlpatterns = [
    path("", views.overview, name="calendar"),
    path("holidays/", views.add_holiday, name="add-holiday"),
    path("arrangements/", views.add_arrangement, name="add-arrangement"),
    path("holidays/<str:day>/remove/", views.remove_holiday, name="remove-holiday"),
    path("units/<id:unit_id>/rules/", views.set_rule, name="set-rule"),
    path("rules/<id:override_id>/reset/", views.reset_rule, name="reset-rule"),
]
