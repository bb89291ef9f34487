"""The ledger as JSON: ``{"claims": [...], "entities": [...]}`` in the issue's shape
(:func:`tui_reader.ledger.ledger_json`), several documents' claims and entities one after
the other. An entity belongs to one document: the same name in two documents is two
entities. Pure core: no Textual.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..ledger import ledger_json
from .model import LedgerDocument


def ledger_data(docs: Sequence[LedgerDocument]) -> dict:
    claims: list[dict] = []
    entities: list[dict] = []
    for doc in docs:
        part = ledger_json(doc.ledger)
        claims += part["claims"]
        entities += part["entities"]
    return {"claims": claims, "entities": entities}


def render(docs: Sequence[LedgerDocument], **_options) -> str:
    return json.dumps(ledger_data(docs), ensure_ascii=False, indent=2) + "\n"
