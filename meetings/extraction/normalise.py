"""Text folding and name keys shared by the extractor, the resolver, the models and the scorer.

A leaf module: standard library only, so that models may import it too.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into ASCII plus a combining mark.
_SPECIAL_FOLDS = str.maketrans(
    {
        "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
        "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ð": "d",
        "Ð": "D", "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H", "ŋ": "ng",
        "ʼ": "'", "ʻ": "'", "’": "'", "‘": "'", "`": "'", "ʿ": "'", "ʾ": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    }
)  # fmt: skip

# A plain, reversible-enough romanisation of Cyrillic so that "Лавров" and "Lavrov" can meet.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i ye yi g u".split(),
        strict=True,
    )
)
_CYRILLIC = {k: ("" if v == "_" else v) for k, v in _CYRILLIC.items()}
_CYRILLIC.update({k.upper(): v.capitalize() for k, v in list(_CYRILLIC.items())})
_CYRILLIC_FOLDS = str.maketrans(_CYRILLIC)

_NON_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Transliterate to ASCII where a plain mapping exists, keeping other letters as they are."""
    text = text.translate(_SPECIAL_FOLDS).translate(_CYRILLIC_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """Key for comparing names: ASCII-folded, lower-case, letters only, no spaces.

    "Al-Malik", "al Malik" and "AlMalik" share one key, as do "Çavuşoğlu" and "Cavusoglu".
    """
    return _NON_LETTERS.sub("", fold(text).casefold())


def name_words(text: str) -> list[str]:
    """Folded lower-case words of a name, splitting on spaces, hyphens and apostrophes."""
    return [w for w in _NON_LETTERS.split(fold(text).casefold()) if w]


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def org_key(text: str) -> str:
    """Key for organization names and acronyms: like name_key, but "and"/"&" and "the" do not count."""
    words = [w for w in name_words(text.replace("&", " and ")) if w not in {"and", "the", "of", "for"}]
    return "".join(words)
