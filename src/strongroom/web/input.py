"""The base of every web form: free text follows ``platform/text.py``'s rule, as in the API.

A bound form cleans the submitted values of its text fields (NFC, no format characters) before
any field sees them, so a name of only zero-width characters is empty and "required" refuses
it. Passwords and one-time codes are left exactly as typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from strongroom.platform.text import clean_text


def _is_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.PasswordInput
    )


class InputForm(forms.Form):
    """A form whose text fields receive cleaned text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        names = [self.add_prefix(name) for name, field in self.fields.items() if _is_text(field)]
        if isinstance(self.data, QueryDict):
            submitted = self.data.copy()
            for name in names:
                submitted.setlist(name, [_clean(value) for value in submitted.getlist(name)])
            self.data = submitted
        else:
            self.data = {
                key: _clean(value) if key in names else value for key, value in self.data.items()
            }


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value
