from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "medarb.accounts"
    label = "accounts"
    verbose_name = "账户"
