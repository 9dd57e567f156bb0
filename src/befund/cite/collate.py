"""A language-neutral alphabetic sort key, so „Åkerblom“ files under A and „Özdemir“ under O."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus marks.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def collation_key(text: str) -> tuple[str, str]:
    """Sort key: base letters first (DIN 5007-1 style: ä = a, Å = A), the exact text only to break ties.

    Python compares code points, which puts every accented capital after „Z“. PyICU would collate per
    locale but is a heavy C dependency; for the author and title keys of a bibliography on German and
    English pages, folding to base letters is what readers expect.
    """
    folded = text.casefold().translate(_FOLD)
    base = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return base, text
