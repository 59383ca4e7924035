from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "strongroom.platform.accounts"
    label = "accounts"
    verbose_name = "Accounts"
