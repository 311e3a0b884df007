from django.urls import path

from medarb.accounts import views, views_keys

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLogin.as_view(), name="login"),
    path("mfa/", views.mfa, name="mfa"),
    path("party/", views.party_login, name="party_login"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.security, name="security"),
    path("keys/register/options/", views_keys.register_options, name="key_register_options"),
    path("keys/register/", views_keys.register, name="key_register"),
    # under mfa/: the second step of a sign-in, open before the second factor is given
    path("mfa/keys/options/", views_keys.sign_in_options, name="key_sign_in_options"),
    path("mfa/keys/", views_keys.sign_in, name="key_sign_in"),
]
