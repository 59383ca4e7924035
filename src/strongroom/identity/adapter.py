"""django-allauth adapter: sign-up is by invitation unless explicitly opened."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.STRONGROOM_OPEN_SIGNUP)
