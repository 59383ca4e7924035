"""The free-text rule: NFC, no format characters, a ZWJ only between emoji."""

from __future__ import annotations

import unicodedata

import pytest

from strongroom.platform.text import clean_text

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\u200b", ""),
        ("\u200b\u200e\u200f\ufeff", ""),
        ("\u202a\u202b\u202c\u202d\u202e", ""),
        ("\u2066\u2067\u2068\u2069", ""),
        ("\ufeffAcme AS", "Acme AS"),
        ("Ac\u200bme", "Acme"),
        ("invoice\u202eexe.pdf", "invoiceexe.pdf"),
        ("a\u200db", "ab"),
        (FAMILY, FAMILY),
        ("\u200d\U0001f468", "\U0001f468"),
        ("Kari Nordmann", "Kari Nordmann"),
        ("", ""),
    ],
)
def test_format_characters_are_removed(typed: str, kept: str) -> None:
    assert clean_text(typed) == kept


def test_text_is_put_in_nfc() -> None:
    decomposed = "Bjo\u0308rn A\u030angstro\u0308m"
    assert clean_text(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert clean_text(decomposed) == "Bj\u00f6rn \u00c5ngstr\u00f6m"


def test_no_format_character_survives_except_the_emoji_joiner() -> None:
    every_cf = "".join(
        chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"
    )
    assert clean_text(every_cf) == ""
