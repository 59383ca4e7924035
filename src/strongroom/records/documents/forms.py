"""Forms of documents. They parse input; the actions validate it."""

from __future__ import annotations

from django import forms

from strongroom.platform.files.kinds import ALLOWED_EXTENSIONS
from strongroom.records.documents.selectors import SORTS
from strongroom.web.input import InputForm

ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
FILE_HELP = "PDF, images (PNG, JPEG, WebP, GIF), text or CSV, Word or Excel (docx, xlsx)."


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="File", help_text=FILE_HELP, allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class DocumentUploadForm(InputForm):
    file = _file_field()
    title = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to use the file's name."
    )
    description = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label="Version note", max_length=300, required=False)
    target_type = forms.CharField(required=False, widget=forms.HiddenInput)
    target_id = forms.CharField(required=False, widget=forms.HiddenInput)


class VersionForm(InputForm):
    file = _file_field()
    note = forms.CharField(label="What changed", max_length=300, required=False)


class DocumentEditForm(InputForm):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentFilterForm(InputForm):
    q = forms.CharField(label="Search", required=False, max_length=100)
    attached = forms.ChoiceField(label="Attached to", required=False)
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key.lstrip("-").capitalize() + (" (descending)" if key[0] == "-" else ""))
                 for key in SORTS],
    )

    def __init__(self, *args: object, type_choices: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["attached"].choices = [  # type: ignore[attr-defined]
            ("", "Anything"), ("company", "The company"), *type_choices,
        ]
