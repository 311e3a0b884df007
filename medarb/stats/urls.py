from django.urls import path

from medarb.stats import views

app_name = "stats"
urlpatterns = [
    path("causes/", views.causes, name="causes"),
]
