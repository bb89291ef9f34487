"""Named actors: people (with or without a title), organisations and institutions, named
groups; and their later mentions (a surname alone, "the ministry").

A name is a run of capitalised words (with initials and the small words inside names:
"Ministry of Defense", "Los Lobos"). A run is an actor when a rule says why: a title
before it, an organisation word in it, a group's article, a known institution, or two or
more name words mid-sentence that are not a place. Headlines (title-case lines) are
skipped: every word there is capitalised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .lexicon import (
    COMPANY_WORDS, GROUP_ARTICLES, KNOWN_INSTITUTIONS, MONTHS, NOT_NAMES, ONE_WORD_INSTITUTIONS,
    ORGANISATION_WORDS, PLACE_WORDS, TITLES, WEEKDAYS,
)

# things with names that are not actors: "Operation Southern Spear", "the Paris Agreement"
NAMED_THINGS = frozenset((
    "Operation", "Plan", "Act", "Bill", "Law", "Treaty", "Agreement", "Accord", "Summit",
    "Conference", "Strategy", "Initiative", "Project", "Day", "Award", "Prize", "Street",
    "Highway", "Airport", "Port", "Palace", "Hall", "Building", "Station",
))
_NAME_WORD = r"(?:(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}\p{M}’'\-]*\.?|\p{Lu}\.|(?:al|bin|van|von|de|da|del|di|du|le)-?\p{Lu}[\p{L}’'\-]*)"
_DATE_WORD = r"(?:" + "|".join((*MONTHS, *WEEKDAYS)) + r")\b"
_JOINER = r"(?:\s+(?:(?:of|for|on)(?:\s+the)?|and|de|del|la|van|von|der|da|du|bin|y|the|&)(?=\s+(?!" + _DATE_WORD + r")\p{Lu}))?"
RUN = regex.compile(rf"{_NAME_WORD}(?:{_JOINER}\s+{_NAME_WORD}|-{_NAME_WORD})*")
_POSSESSIVE = regex.compile(r"(?:’s|'s)$")
_TITLE_WORDS = sorted(TITLES, key=len, reverse=True)
_ORG = frozenset(ORGANISATION_WORDS)
_COMPANY = frozenset(COMPANY_WORDS)
_NOT_NAMES = frozenset(NOT_NAMES) | frozenset(MONTHS) | frozenset(WEEKDAYS)
_PLACES = frozenset(PLACE_WORDS) | {"United", "States", "Kingdom", "Republic", "Union"}


_INSTITUTION = regex.compile(r"\b(?:" + "|".join(map(regex.escape, ONE_WORD_INSTITUTIONS)) + r")\b")


@dataclass
class Mention:
    start: int
    end: int
    rule: str  # why it is an actor: "actor:title", "actor:organisation" ...
    key: str  # what later mentions match: a person's surname, an organisation's head word
    kind: str  # "person" or "organisation"
    first: "Mention | None" = None  # the first named mention of the same entity
    words: list[str] = field(default_factory=list)


_SMALL_WORDS = frozenset(("a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "by", "with", "from", "as", "vs", "vs."))


def is_headline(line: str) -> bool:
    """A title-case line with no sentence end: a heading, whose capitals say nothing."""
    line = line.strip()
    if not line or line[-1] in ".!?”\"’:;" or "@" in line or ": " in line:
        return False
    words = [w for w in line.split() if w[:1].isalpha() and w not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    capital = sum(1 for w in words if w[:1].isupper())
    return capital / len(words) > 0.6


_TITLES_BY_FIRST: dict[str, list[list[str]]] = {}
for _title in _TITLE_WORDS:
    _TITLES_BY_FIRST.setdefault(_title.split()[0], []).append(_title.split())


def _strip_title(words: list[str]) -> tuple[str, int]:
    """(the title at the start of ``words``, how many words it takes), or ("", 0)."""
    for title in _TITLES_BY_FIRST.get(words[0], ()) if words else ():
        if words[: len(title)] == title:
            return " ".join(title), len(title)
    return "", 0


def classify(run: str, sentence_start: bool, prev_word: str) -> tuple[str, str, str, int, int] | None:
    """(rule, kind, key, first word, end word) of the actor in a capitalised run, or None."""
    words = run.split()
    drop = 0
    # a nationality or place adjective before a title: "Ecuadorian President Daniel Noboa";
    # another word before a title is part of it ("Data Commissioner Ruth Alm")
    if len(words) > 2 and _strip_title(words[1:])[1] and not _strip_title(words)[1]:
        if _NATIONALITY.search(words[0]) or words[0] in _NOT_NAMES:
            drop = 1
        elif len(words) > 2:
            title, n = _strip_title(words[1:])
            if len(words) > n + 1:
                return "actor:title", "person", words[-1].rstrip(".,"), 0, len(words)
    while drop < len(words) and _not_a_name(words, drop):
        drop += 1
    while drop < len(words) and words[drop].islower():  # "of" left by a dropped word
        drop += 1
    words = words[drop:]
    if not words:
        return None
    if len(words) > 2 and words[1] in ("of", "on", "for") and words[0].rstrip(".,") not in _ORG | _COMPANY:
        skip = 3 if words[2] == "the" else 2  # "Suspension of the Ostmark Rowing Association"
        rest = classify(" ".join(words[skip:]), False, words[skip - 1])
        if rest is None:
            return None
        return (*rest[:3], drop + skip + rest[3], drop + skip + rest[4])
    has_org = words[-1].rstrip(".,") in _ORG or words[-1].rstrip(".,") in _COMPANY  # its head
    if prev_word in NAMED_THINGS or not has_org and any(w.rstrip(".,") in NAMED_THINGS for w in words):
        return None
    stop = drop + len(words)
    plain = [w.rstrip(".,") for w in words]
    title, n = _strip_title(words)
    if title and len(words) > n:
        if "of" in words[n:]:  # "Mayor Dana Whitfield of Tolland": the place is not the name
            stop = drop + words.index("of", n)
            plain = plain[: stop - drop]
        return "actor:title", "person", plain[-1], drop, stop
    if words[0] in GROUP_ARTICLES and len(words) > 1:
        return "actor:group", "organisation", " ".join(plain), drop, stop
    joined = " ".join(words)
    if any(joined.endswith(k) or joined == k for k in KNOWN_INSTITUTIONS):
        return "actor:institution", "organisation", _short_name(plain), drop, stop
    if len(plain) == 1 and plain[0] in _ORG:
        return None  # "Senate", "Police" alone: a word, not yet a name
    if any(w in _ORG or w in _COMPANY for w in plain) or joined.endswith("Public Health"):
        return "actor:organisation", "organisation", _short_name(plain), drop, stop
    if len(words) == 1 and words[0] in ONE_WORD_INSTITUTIONS:
        return "actor:institution", "organisation", words[0], drop, stop
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]) and words[0] not in ("US", "UK", "EU", "UN", "OK", "TV", "AM", "PM"):
        return "actor:acronym", "organisation", words[0], drop, stop
    if len(words) >= 2:
        if "of" in words:  # "Dana Whitfield of Tolland"
            stop = drop + words.index("of")
            plain = plain[: stop - drop]
            if len(plain) < 2:
                return None
        if any(w in _PLACES for w in plain) or any(w in _NOT_NAMES and w not in _MONTHS for w in plain[1:]):
            return None
        if plain[-1] in WEEKDAYS or any(w.islower() for w in plain if w not in _NAME_PARTICLES):
            return None  # "Asked on Wednesday"; a month may end a name ("Nils August")
        if prev_word.lower() in _PLACE_PREPOSITIONS:
            return None  # "at Kessing Quay", "on the Harrow Estuary": a place
        if any(w.isupper() and len(w) > 1 for w in plain):
            return None
        return "actor:name", "person", plain[-1], drop, stop
    return None


_MONTHS = frozenset(MONTHS) | frozenset(WEEKDAYS)
#: words that are never a name on their own
NOT_NAME_WORDS = _NOT_NAMES | frozenset(ONE_WORD_INSTITUTIONS) | frozenset(PLACE_WORDS) | frozenset(ORGANISATION_WORDS) | frozenset(t for t in TITLES if " " not in t)
_NATIONALITY = regex.compile(r"(?:an|ian|ese|ish|ch|i|ic)$|(?:’s|'s)$")
_PLACE_PREPOSITIONS = frozenset(("at", "in", "near", "from", "across", "outside", "inside", "to", "toward", "towards", "into"))
_NAME_PARTICLES = frozenset(("de", "del", "la", "van", "von", "der", "da", "du", "bin", "y", "le", "di"))


def _not_a_name(words: list[str], i: int) -> bool:
    """Whether word ``i`` opens no name: a function word, or a month that is not a first
    name ("April Okonjo" is a name; "In April Okonjo" loses only "In")."""
    word = words[i].rstrip(",")
    if word in ONE_WORD_INSTITUTIONS or word in _TITLE_WORDS or " ".join(words[i : i + 2]).rstrip(".,") in KNOWN_INSTITUTIONS:
        return False
    if word in _MONTHS:
        after = words[i + 1] if i + 1 < len(words) else ""
        return not (after[:1].isupper() and after.rstrip(".,") not in _NOT_NAMES and not after[:1].isdigit())
    return word in _NOT_NAMES


def _short_name(plain: list[str]) -> str:
    """What an organisation is called for short: its first word when that is a name
    ("Penrose" for Penrose Polymers), else its organisation word."""
    first = plain[0]
    if first not in _ORG and first not in _PLACES and first not in _NOT_NAMES and first not in _COMPANY and "." not in first:
        return first
    return next((w for w in plain if w in _ORG), plain[-1])


def find_actors(text: str, start: int, end: int, sentence_starts: set[int]) -> list[Mention]:
    """The named actors of ``text[start:end]`` (first mentions and repeats alike)."""
    out: list[Mention] = []
    line_start = text.rfind("\n", 0, start) + 1
    for line_end in _line_ends(text, start, end):
        line = text[line_start:line_end]
        if is_headline(line):  # only what a headline's capitals cannot fake
            for m in _INSTITUTION.finditer(text, line_start, line_end):
                out.append(Mention(m.start(), m.end(), "actor:institution", m.group(), "organisation", words=[m.group()]))
            whole = _whole_line_organisation(text, line_start, line_end)
            if whole is not None and not out or whole is not None and out[-1].end <= whole.start:
                out.append(whole)
        else:
            for m in RUN.finditer(text, line_start, line_end):
                for s, e in _pieces(text, m.start(), m.end()):
                    mention = _mention(text, s, e, line_start, s in sentence_starts)
                    if mention is not None:
                        out.append(mention)
        line_start = line_end + 1
    return out


_SPLIT = regex.compile(r"\s+and\s+|\s+(?=(?:" + "|".join(regex.escape(t) for t in _TITLE_WORDS) + r")\s+\p{Lu})")


def _pieces(text: str, s: int, e: int):
    """A run cut where two names meet: at "and" ("Los Lobos and Los Choneros"), and
    before a title inside it ("U.S. Southern Command Commander Francis L. Donovan")."""
    cut = _TITLED_OF.match(text, s, e)
    if cut is not None:  # "Judge Alan Whitcombe of the Marlow County Circuit Court": two actors
        yield s, cut.end(1)
        yield from _pieces(text, cut.end(), e)
        return
    stop = _sentence_stop(text, s, e)
    if stop is not None:  # "CRU Integrity Unit. Moderator": a full stop ends a name
        yield from _pieces(text, s, stop)
        rest = stop + 1
        while rest < e and text[rest].isspace():
            rest += 1
        if rest < e:
            yield from _pieces(text, rest, e)
        return
    for cut in _SPLIT.finditer(text, s, e):
        left = text[s : cut.start()].split()
        if cut.group().strip() == "and" and _one_name_with_and(left, text[cut.end() : e].split()):
            continue
        if cut.group().strip() != "and" and classify(" ".join(left), False, "") is None:
            continue  # "Data Commissioner Priya Nandakumar": the word before the title is part of it
        if cut.start() > s:
            yield s, cut.start()
        s = cut.end()
    if s < e:
        yield s, e


def _one_name_with_and(left: list[str], right: list[str]) -> bool:
    """Whether "and" joins the words of one organisation's name ("Department of Health and
    Human Services", "Harbour and Transport Workers Union"), not two names."""
    if any(w.rstrip(".,") in _ORG for w in left):
        return True
    starts_a_name = right and (right[0] in GROUP_ARTICLES or _strip_title(right)[1])
    return len(left) == 1 and not starts_a_name and any(w.rstrip(".,") in _ORG or w.rstrip(".,") in _COMPANY for w in right)


_ABBREVIATED = frozenset(t for t in TITLES if t.endswith(".")) | {"Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "Sr.", "St.", "Mt.", "Bros."}


def _sentence_stop(text: str, s: int, e: int) -> int | None:
    """The offset of a full stop inside a run that ends a word which is no initial or
    abbreviation, when a word follows it: there the run is two."""
    if "." not in text[s:e]:
        return None
    for m in _STOP_IN_RUN.finditer(text[s:e]):
        word = m.group(1) + "."
        if not (len(word) == 2 or word in _ABBREVIATED or _DOTTED.fullmatch(word)):
            return s + m.end() - 1
    return None


_TITLED_OF = regex.compile(
    r"((?:" + "|".join(regex.escape(t) for t in _TITLE_WORDS) + r")\s+[^\n]*?)\s+of(?:\s+the)?\s+(?=\p{Lu})"
)
_ACRONYM = regex.compile(r"\p{Lu}{2,6}")
_STOP_IN_RUN = regex.compile(r"(\S+)\.(?=\s+\S)")
_DOTTED = regex.compile(r"(?:\p{Lu}\.)+")
_LEADING_JOINER = regex.compile(r"(?:of|for|and|on|the|y)\s+")


def _mention(text: str, s: int, e: int, line_start: int, at_start: bool) -> Mention | None:
    run = text[s:e]
    possessive = _POSSESSIVE.search(run)
    prev = text[max(line_start, s - 30) : s].split()
    got = classify(run[: possessive.start()] if possessive else run, at_start, prev[-1] if prev else "")
    if got is None:
        return None
    rule, kind, key, drop, stop = got
    words = run.split()
    if stop < len(words):  # cut before "of <place>"
        cut = s
        for word in words[:stop]:
            cut = text.index(word, cut) + len(word)
        e = cut
        possessive = None
    for word in words[:drop]:
        s = text.index(word, s) + len(word)
    while s < e and text[s].isspace():
        s += 1
    lead = _LEADING_JOINER.match(text, s, e)
    if lead:
        s = lead.end()
    if possessive and rule != "actor:organisation":
        e -= len(possessive.group())
    while e > s and text[e - 1] in ",.;:" and not _ends_in_abbreviation(text[s:e]):
        e -= 1
    if s >= e:
        return None
    return Mention(s, e, rule, key, kind, words=text[s:e].split())


def _whole_line_organisation(text: str, start: int, end: int) -> Mention | None:
    """A heading that is an organisation's name and nothing else ("# Senate Committee on
    Health and Human Services")."""
    s = start
    while s < end and text[s] in "#= \t":
        s += 1
    m = RUN.fullmatch(text, s, end)
    if m is None:
        return None
    got = classify(m.group(), True, "")
    words = m.group().split()
    if got is None or got[0] != "actor:organisation" or got[3] != 0 or got[4] != len(words):
        return None
    if words[-1] not in _ORG and words[-1] not in _COMPANY:
        return None  # "Southern Command Highlights Regional Cooperation" is a sentence
    return Mention(s, end, "actor:organisation", got[2], "organisation", words=m.group().split())


def _ends_in_abbreviation(span: str) -> bool:
    last = span.split()[-1] if span.split() else ""
    return last.endswith(".") and (len(last) <= 3 or last in ("Inc.", "Corp.", "Ltd.", "Jr.", "Sr."))


def _line_ends(text: str, start: int, end: int):
    i = start
    while True:
        j = text.find("\n", i, end)
        if j < 0:
            yield end
            return
        yield j
        i = j + 1
