from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linkwork.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and practices"

    def ready(self) -> None:
        from linkwork.accounts import (  # noqa: F401  (connect the receiver, register the checks)
            checks,
            signals,
        )
