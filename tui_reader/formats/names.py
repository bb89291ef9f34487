"""File names for exports: a safe name from a document's title.

Pure core: no Textual.
"""

from __future__ import annotations

import re

_NAME_SUFFIX = "-annotations.json"
_FALLBACK_NAME = "annotations.json"
_MAX_NAME = 64  # characters, suffix included


def default_export_name(title: str) -> str:
    """A safe file name for exporting ``title``'s annotations.

    "U.S. Military Begins Joint Operations" -> "us-military-begins-joint-operations-annotations.json".
    Accents are folded to ASCII where they can be; letters with no ASCII form
    (CJK, Cyrillic...) are kept. At most 64 characters, cut at a word boundary.
    """
    slug = short_slug(title, _MAX_NAME - len(_NAME_SUFFIX))
    return f"{slug}{_NAME_SUFFIX}" if slug else _FALLBACK_NAME


def short_slug(title: str, room: int) -> str:
    """``title`` as a file-name slug of at most ``room`` characters, cut at a word
    boundary (and not on "with" or "of"); "" when nothing of it is usable."""
    slug = _slug(title or "")
    if len(slug) > room:
        cut = slug[: room + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:room]
        # A cut name should not end on "with" or "of".
        slug = re.sub(r"(?:-(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with))+$", "", slug)
        slug = slug.strip("-")
    return slug


def _slug(title: str) -> str:
    import unicodedata  # here: the command line loads this package for its help, and needs no slugs

    # "U.S." -> "us", "Ecuador's" -> "ecuadors": marks inside a word don't split it.
    title = re.sub(r"(?<=\w)[.'’](?=\w)", "", title)
    chars = []
    for ch in unicodedata.normalize("NFKC", title):
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", ch.casefold()) if not unicodedata.combining(c)
        )
        if folded.isascii():
            chars.append(folded)
        elif ch.isalnum():
            chars.append(ch)
        else:
            chars.append(" ")
    text = "".join(chars).lower()
    return re.sub(r"[^\w]+|_+", "-", text, flags=re.UNICODE).strip("-")
