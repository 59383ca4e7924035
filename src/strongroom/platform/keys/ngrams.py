"""Keyed n-gram tokens: substring search on encrypted fields without storing plain text (P-C2).

A value is normalised (:func:`normalize`: case, diacritics and whitespace folded), then cut into
*grams*: every trigram of each word, and the first one and two characters of each run of
letters and digits (so that "Li" and "B" find "Linnea Berg"). Each gram becomes a **token**, the
first 8 bytes of ``HMAC-SHA256(index key, "strongroom:ngram:v1" 0x00 record type 0x00 gram)``
as a signed 64-bit integer: the same company's blind-index key as :func:`fields.blind_index`,
so nothing about a gram can be learnt without that key. A query is cut the same way; the
records holding all its tokens are *candidates*, which the caller decrypts and checks with
:func:`matches` (a truncated token may collide, a gram may come from another word or field: the
check removes every false positive).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC

from strongroom.platform.keys import store
from strongroom.platform.keys.models import Purpose

_DOMAIN = b"strongroom:ngram:v1\x00"
GRAM = 3  # a word of at least GRAM characters is found by its grams; shorter, by word prefix
# Letters NFKD does not take apart into a base letter and a mark.
_FOLD = str.maketrans({
    "ø": "o", "æ": "ae", "å": "a", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "œ": "oe", "\u0131": "i", "ŋ": "n", "ħ": "h",  # \u0131: dotless i
})
_RUNS = re.compile(r"[^\W_]+")


def normalize(value: str) -> str:
    """Casefolded, without diacritics (é→e, ø→o, æ→ae, ß→ss), whitespace collapsed."""
    folded = unicodedata.normalize("NFKD", value.casefold().translate(_FOLD))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(plain.translate(_FOLD).split())


def digits(value: str) -> str:
    """Only the digits of ``value`` (a phone number as dialled)."""
    return "".join(ch for ch in value if ch.isdigit())


def _word_grams(word: str) -> set[str]:
    grams = {"g" + word[i:i + GRAM] for i in range(len(word) - GRAM + 1)}
    for run in _RUNS.findall(word):
        grams.update("p" + run[:n] for n in (1, 2) if len(run) >= n)
    return grams


def grams(forms: Iterable[str]) -> set[str]:
    """The grams of already normalised values (one record's searchable forms)."""
    found: set[str] = set()
    for form in forms:
        for word in form.split():
            found |= _word_grams(word)
    return found


def query_grams(query: str) -> set[str]:
    """What a record must hold to match ``query``: each word's trigrams, or for a word shorter
    than a trigram, its prefix gram. Empty for an empty query."""
    needed: set[str] = set()
    for word in normalize(query).split():
        if len(word) >= GRAM:
            needed.update("g" + word[i:i + GRAM] for i in range(len(word) - GRAM + 1))
        else:
            needed.update("p" + start for start in (_short(word),) if start)
    return needed


def _short(word: str) -> str:
    """The part of a short query word that must start a run: its first run ("+4" → "4")."""
    runs = _RUNS.findall(word)
    return runs[0][:2] if runs else ""


def _has(word: str, text: str) -> bool:
    if len(word) >= GRAM:
        return word in text
    start = _short(word)
    return not start or any(run.startswith(start) for run in _RUNS.findall(text))


def matches(query: str, forms: Iterable[str]) -> bool:
    """Whether every word of ``query`` is in one of the normalised ``forms`` (a word shorter
    than a trigram must start a run of letters or digits there). ``forms`` is read only as
    far as needed, so a lazy one decrypts only what the answer needs."""
    seen: list[str] = []
    pending = iter(forms)
    for word in normalize(query).split():
        if any(_has(word, text) for text in seen):
            continue
        for text in pending:
            seen.append(text)
            if _has(word, text):
                break
        else:
            return False
    return True


def tokens(record_type: str, company_id: int, found: Iterable[str]) -> list[int]:
    """The tokens of ``found`` grams under the company's blind-index key, sorted."""
    key = store.encryption_key(int(company_id), Purpose.INDEX)
    base = HMAC(key.material, hashes.SHA256())
    base.update(_DOMAIN + record_type.encode() + b"\x00")
    out = set()
    for gram in found:
        mac = base.copy()
        mac.update(gram.encode())
        out.add(int.from_bytes(mac.finalize()[:8], "big", signed=True))
    return sorted(out)
