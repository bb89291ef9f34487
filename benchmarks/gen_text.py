"""Generate a long, deterministic, English-ish plain text for the benchmarks.

Paragraphs are one line each, separated by blank lines; a Title Case headline (no final
punctuation, so tui-reader's plain-text headline detection takes it as a section
heading) comes every ~30 paragraphs; a few paragraphs are CJK or carry emoji (ZWJ
families, flags, skin tones) and combining marks, so wide and multi-code-point
clusters are part of what gets laid out.

    python benchmarks/gen_text.py OUT [--bytes N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

DEFAULT_SEED = 20260110
TITLE = "The Harbour Ledger: Collected Dispatches From a Coastal Town"

_NAMES = (
    "Amara Okafor", "Tomás Herrera", "Ingrid Solberg", "Wei Chen", "Priya Raman", "Jonas Becker",
    "Lucía Fernández", "Kofi Mensah", "Hannah Whitfield", "Mateo Ruiz", "Yuki Tanaka", "Olga Petrova",
    "Samuel Adeyemi", "Claire Dubois", "Rafael Moreno", "Noor Haddad", "Elena Kowalski", "Daniel Price",
)
_PLACES = (
    "the harbour", "the old quarter", "the river district", "the northern pier", "the market square",
    "the lighthouse road", "the customs house", "the fish market", "the town hall", "the railway yard",
    "the eastern cliffs", "the shipyard", "the grammar school", "the county archive", "the salt flats",
)
_ORGS = (
    "the port authority", "the town council", "the fishermen's cooperative", "the regional court",
    "the harbour police", "the chamber of commerce", "the weather office", "the ferry company",
    "the historical society", "the dock workers' union", "the planning committee", "the coast guard",
)
_ADJ = (
    "quiet", "long", "careful", "sudden", "narrow", "bitter", "early", "uncertain", "public", "formal",
    "brief", "heavy", "modest", "unusual", "steady", "costly", "familiar", "remote", "crowded", "late",
    "broad", "formal", "tentative", "detailed", "contested", "seasonal", "fragile", "local", "routine",
)
_NOUNS = (
    "report", "meeting", "storm", "budget", "ledger", "agreement", "shipment", "inquiry", "proposal",
    "season", "tide", "contract", "delay", "vote", "survey", "repair", "festival", "warning", "loan",
    "harvest", "complaint", "map", "archive", "license", "bridge", "catch", "crossing", "timetable",
    "schedule", "dispute", "witness", "letter", "manifest", "auction", "hearing", "forecast",
)
_VERBS = (
    "reviewed", "delayed", "approved", "questioned", "published", "rejected", "described", "defended",
    "announced", "postponed", "examined", "recorded", "welcomed", "disputed", "summarised", "revised",
    "confirmed", "challenged", "funded", "inspected", "noted", "praised", "criticised", "signed",
)
_ADVERBS = (
    "quietly", "eventually", "publicly", "carefully", "again", "formally", "reluctantly", "promptly",
    "once more", "in the end", "without comment", "after some debate",
)
_PREPS = ("before", "after", "during", "despite", "because of", "ahead of", "following", "without")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
_CONNECT = (
    "However,", "Meanwhile,", "Even so,", "By then,", "In response,", "For now,", "As a result,",
    "According to the minutes,", "Later that week,", "At the time,",
)
_HEAD_WORDS = (
    "Harbour", "Council", "Storm", "Ledger", "Tide", "Vote", "Market", "Ferry", "Archive", "Winter",
    "Summer", "Dispute", "Shipyard", "Budget", "Lighthouse", "Pier", "Season", "Court", "Festival",
    "Cliffs", "Records", "Crossing", "Inquiry", "Promise", "Return", "Letters", "Repairs", "Warning",
)
_HEAD_FORMS = (
    "The {a} of the {b}",
    "{a} and {b}",
    "A {c} {a}",
    "What the {a} Left Behind",
    "After the {a}",
    "Notes on the {a} {b}",
    "{a} at the {b}",
    "The Long {a}",
)
_CJK = (
    "港口管理局在周二的会议上宣布，新的航运时间表将从下个月开始实施。",
    "渔民合作社的代表表示，他们仍在等待市议会对修缮码头的最终决定。",
    "港町の古い税関は、冬の嵐のあとで三か月ぶりに一般公開された。",
    "地元の歴史協会によると、この台帳は百年以上前から保管されている。",
    "항구 위원회는 다음 주에 새로운 어업 규정에 대해 투표할 예정이다.",
)
_EMOJI = (
    "The festival committee posted its schedule with a row of symbols: 🎉 🎆 ⛵ 🐟 and a family 👨‍👩‍👧‍👦 waving from the pier.",
    "Visitors from abroad left notes in the guest book, some signed with flags 🇳🇴 🇯🇵 🇧🇷 🇬🇭 and a thumbs-up 👍🏽.",
    "Café owners near the quay wrote naïve, cheerful signs: “Fresh fish 🐟, coffee ☕, and no storms ⛈️ today!”",
    "The weather office issued its warning with a simple glyph ⚠️ and a forecast of wind 🌬️ and rain 🌧️ through the night.",
    "Children painted the lighthouse 🗼 and the ferry ⛴️ on the school wall, with a rainbow 🏳️‍🌈 above the harbour.",
)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Writer:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def subject(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.3:
            return r.choice(_NAMES)
        if roll < 0.6:
            return r.choice(_ORGS)
        adj = f"{r.choice(_ADJ)} " if r.random() < 0.5 else ""
        return f"the {adj}{r.choice(_NOUNS)}"

    def obj(self) -> str:
        r = self.r
        adj = f"{r.choice(_ADJ)} " if r.random() < 0.6 else ""
        noun = r.choice(_NOUNS)
        art = r.choice(("the", "a", "its", "their"))
        if art == "a" and (adj or noun)[:1] in "aeiou":
            art = "an"
        return f"{art} {adj}{noun}"

    def sentence(self) -> str:
        r = self.r
        parts = []
        if r.random() < 0.2:
            parts.append(r.choice(_CONNECT))
        parts.append(self.subject())
        parts.append(r.choice(_VERBS))
        parts.append(self.obj())
        roll = r.random()
        if roll < 0.35:
            parts.append(f"{r.choice(_PREPS)} {self.obj()}")
        elif roll < 0.55:
            parts.append(f"at {r.choice(_PLACES)}")
        elif roll < 0.7:
            parts.append(f"on {r.randint(1, 28)} {r.choice(_MONTHS)} {r.randint(1890, 2025)}")
        if r.random() < 0.25:
            parts.append(r.choice(_ADVERBS))
        if r.random() < 0.15:
            parts.append(f"({r.randint(2, 480)} tonnes, by one count)")
        s = " ".join(parts)
        end = "." if r.random() < 0.9 else r.choice(("!", "?", "."))
        if r.random() < 0.08:
            return f"“{_cap(s)}{end}” said {r.choice(_NAMES)}."
        return _cap(s) + end

    def paragraph(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.012:
            return r.choice(_CJK) + r.choice(_CJK)
        if roll < 0.024:
            return r.choice(_EMOJI) + " " + self.sentence()
        return " ".join(self.sentence() for _ in range(r.randint(2, 7)))

    def headline(self) -> str:
        r = self.r
        a, b = r.sample(_HEAD_WORDS, 2)
        return r.choice(_HEAD_FORMS).format(a=a, b=b, c=_cap(r.choice(_ADJ)))


def generate(size: int, seed: int = DEFAULT_SEED) -> str:
    """About ``size`` bytes of UTF-8 text (never less), ending at a paragraph's end."""
    w = _Writer(seed)
    out = [TITLE, ""]
    total = len(TITLE.encode()) + 1
    since_head = 30
    while total < size:
        if since_head >= w.r.randint(26, 34):
            line = w.headline()
            since_head = 0
        else:
            line = w.paragraph()
            since_head += 1
        out.append(line)
        out.append("")
        total += len(line.encode()) + 2
    return "\n".join(out)


def first_words(text: str, max_chars: int = 28) -> str:
    """The first few words of the first paragraph (the line after the first headline):
    the text the reading pane shows first that is in neither the header nor the contents."""
    lines = [ln for ln in text.split("\n", 12) if ln.strip()]
    para = lines[2]  # title, first headline, first paragraph
    words = para.split()
    out = words[0]
    for word in words[1:]:
        if len(out) + 1 + len(word) > max_chars:
            break
        out += " " + word
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--bytes", type=int, default=10 * 1024 * 1024)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = p.parse_args(argv)
    text = generate(args.bytes, args.seed)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"{len(text.encode())} bytes -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
