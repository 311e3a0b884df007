from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "medarb.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from medarb.accounts.hooks import register_party_linker
        from medarb.cases.party_links import link_parties_to_account

        register_party_linker(link_parties_to_account)
