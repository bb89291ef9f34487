"""Actors that are not runs of capitalised names: a country's institutions ("Ecuador's armed
forces", "the Trump administration"), a transcript's speaker labels ("SEN. JUNE:"), and
descriptions that stand for an organisation or person named before ("the company").
"""

from __future__ import annotations

import regex

from .actors import Mention, is_headline
from .lexicon import DESCRIPTION_HEADS, NATIONAL_INSTITUTIONS

_HEADS = "|".join(sorted(map(regex.escape, NATIONAL_INSTITUTIONS), key=len, reverse=True))
_NATIONAL = regex.compile(
    r"\b(?:U\.S\.|United\s+States|\p{Lu}\p{Ll}+(?:’s|'s)|American|British|French|Chinese|Russian)"
    r"\s+(?:(?i:federal|national|central|interim|new|own)\s+)?(?i:" + _HEADS + r")\b"
    r"|\b\p{Lu}\p{Ll}+\s+administration\b"
)
# a speaker label at the start of a transcript's line: "SEN. LINDQVIST:", "DR. ABERNATHY:"
_LABEL = regex.compile(r"(?m)^((?:\p{Lu}[\p{Lu}.’'\-]*\s+){0,3}\p{Lu}[\p{Lu}’'\-]+)(?=:\s)")
_DESCRIPTION = regex.compile(
    r"\b(?:[Tt]he|[Tt]his|[Ii]ts)\s+((?:military\s+|state\s+|county\s+|federal\s+)?("
    + "|".join(sorted(map(regex.escape, DESCRIPTION_HEADS), key=len, reverse=True))
    + r"))\b(?!\s+(?:of|for)\s+\p{Lu})"
)
# generic words that alone name nobody: a description must point at an entity named before
BUSINESS_HEADS = frozenset(("company", "firm"))
GROUP_HEADS = frozenset(("group", "coalition", "association", "foundation"))


def national_institutions(text: str, start: int, end: int) -> list[Mention]:
    out = []
    for m in _NATIONAL.finditer(text, start, end):
        words = m.group().split()
        out.append(Mention(m.start(), m.end(), "actor:national-institution", m.group().lower(), "organisation", words=words))
    return out


def speaker_labels(text: str, start: int, end: int) -> list[Mention]:
    """Speaker labels of a transcript; the key is the surname as written in prose."""
    out = []
    for m in _LABEL.finditer(text, start, end):
        words = m.group(1).split()
        if len(words) == 1 and len(words[0]) < 3:
            continue
        key = words[-1].rstrip(".").capitalize()
        out.append(Mention(m.start(1), m.end(1), "actor:speaker-label", key, "person", words=words))
    return out


def descriptions(text: str, start: int, end: int) -> list[tuple[Mention, str]]:
    """Descriptions ("the company", "this committee"), without their article, each with its
    head word; whether one stands for an entity is the engine's to say."""
    out = []
    for m in _DESCRIPTION.finditer(text, start, end):
        s, e = m.span(1)
        mention = Mention(s, e, "actor:description", m.group(2).lower(), "description", words=m.group(1).split())
        out.append((mention, m.group(2).lower()))
    return out


def headline_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each headline line in ``text[start:end]``."""
    out = []
    i = start
    while i < end:
        j = text.find("\n", i, end)
        j = end if j < 0 else j
        if is_headline(text[i:j]):
            out.append((i, j))
        i = j + 1
    return out
