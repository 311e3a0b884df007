from django.urls import path

from medarb.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("register/", views.case_register, name="register"),
    path("<id:case_id>/", views.case_detail, name="detail"),
    path("<id:case_id>/audit/", views.case_audit, name="audit"),
]
