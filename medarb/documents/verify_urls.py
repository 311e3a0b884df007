"""The public verification routes under /verify/ (open to anyone, MFA-exempt)."""

from django.urls import path

from medarb.documents import views

app_name = "verify"
urlpatterns = [
    path("", views.verify, name="form"),
    path("<str:code>/", views.verify_code, name="code"),
]
