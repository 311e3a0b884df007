from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "medarb.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from medarb.accounts import receivers  # noqa: F401 (connects the audit receiver)
