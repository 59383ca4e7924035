"""The one rule for free text typed by people, for the API's input schemas and the web forms.

Text is put in Unicode NFC and loses its format characters (category Cf: zero-width spaces and
joiners, bidi marks, overrides and isolates, the byte-order mark, soft hyphens), so a value made
only of such characters is empty and the usual required and length rules then apply to what is
left. The zero-width joiner (U+200D) is kept only between two emoji, where it builds one emoji
out of several; everywhere else it is removed too.
"""

from __future__ import annotations

import unicodedata

ZERO_WIDTH_JOINER = "\u200d"
VARIATION_SELECTOR_16 = "\ufe0f"


def _is_emoji(char: str) -> bool:
    """A pictograph (So, outside Latin-1) or the emoji variation selector ending one."""
    return char == VARIATION_SELECTOR_16 or (
        ord(char) > 0xFF and unicodedata.category(char) == "So"
    )


def clean_text(value: str) -> str:
    """``value`` in NFC without format characters (a ZWJ between emoji stays)."""
    text = unicodedata.normalize("NFC", value)
    kept: list[str] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) != "Cf" or (
            char == ZERO_WIDTH_JOINER
            and kept and _is_emoji(kept[-1])
            and index + 1 < len(text) and _is_emoji(text[index + 1])
        ):
            kept.append(char)
    return "".join(kept)
