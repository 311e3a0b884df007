from django.urls import path

from medarb.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLogin.as_view(), name="login"),
    path("mfa/", views.mfa, name="mfa"),
    path("party/", views.party_login, name="party_login"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.security, name="security"),
]
