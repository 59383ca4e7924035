"""An action's refusal shown to the person: a view runs the action inside ``refusal_shown``."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def apply_errors(
    form: forms.BaseForm, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show an action's ValidationError on ``form``: per field where it has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, texts in error.message_dict.items():
        field = (aliases or {}).get(key, key)
        form.add_error(field if field in form.fields else None, texts)


class refusal_shown:  # lower case: read as a phrase after ``with``, like contextlib.suppress
    """Swallow a ``ValidationError`` raised in the block and show its messages.

    ``refusal_shown(request)`` shows them as one error message; ``refusal_shown(form=form)``
    puts them on the form's fields (``aliases`` maps the action's names to the form's). Any
    other exception passes through. When the block returns the success response, the code
    after it runs only after a refusal; elsewhere ``refused`` tells whether there was one::

        with refusal_shown(request):
            actions.delete_invoice(actor=actor, invoice=invoice)
            return redirect("web:invoices", slug=slug)
        return detail(invoice)
    """

    def __init__(
        self,
        request: HttpRequest | None = None,
        *,
        form: forms.BaseForm | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        if (request is None) == (form is None):
            raise TypeError("Show a refusal either as a message (request) or on a form.")
        self.request = request
        self.form = form
        self.aliases = aliases
        self.error: ValidationError | None = None

    @property
    def refused(self) -> bool:
        """Whether the block raised a ValidationError (known once the block has ended)."""
        return self.error is not None

    def __enter__(self) -> refusal_shown:
        self.error = None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if not isinstance(error, ValidationError):
            return False
        self.error = error
        if self.form is not None:
            apply_errors(self.form, error, self.aliases)
        elif self.request is not None:
            messages.error(self.request, " ".join(error.messages))
        return True
