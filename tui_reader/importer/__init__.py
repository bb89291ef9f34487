"""Import into the store: the native format, W3C Web Annotation JSON-LD and brat standoff.

Two steps, so that nothing is written unless everything is right:

* :func:`plan_import` reads the file, detects its format (a ``.ann`` file, or a
  ``.txt`` with a ``.ann`` beside it, is brat; JSON is W3C when it is an
  AnnotationCollection, AnnotationPage, Annotation or a list of them, else the
  native format: :mod:`tui_reader.formats` reads each), validates all of it and returns an :class:`ImportPlan`, or
  raises :class:`ImportFileError` naming the first few items at fault
  (``documents[0].annotations[3].tag: unknown tag 'person'``, ``items[2].target.source: …``,
  ``notes.ann line 7 (T3): …``).
* :func:`import_plan` matches the plan's documents to the store and adds the
  annotations it does not hold yet, in one all-or-nothing
  :meth:`Store.apply_many <tui_reader.store.Store.apply_many>`.

Where the document's text is at hand (the brat ``.txt``; a ``file://`` W3C source;
or the file at the document's path, when it still has the document's id), every
quote is checked against the text at its offsets. A quote that is not there, or a
W3C quote with no offsets, is placed (:mod:`.place`) with the anchoring rules
(:func:`tui_reader.anchoring.locate`: the exact quote where its context agrees, else
the quote found approximately, never one of two equally good places): it gets its
new offsets, context and status (``reanchored``, or ``fuzzy`` with the imported
quote kept as ``old_quote``). One that has no such place is reported, naming the
item, and nothing is imported; with ``orphans="keep"`` it is imported as orphaned
instead. Orphaned annotations in the file are imported as they are: their offsets
are in a text that has changed.

Documents are matched by id (the sha256 of the normalized text). A document
whose id the store does not know, but whose path a catalogue record has, goes
to the document the file at that path now holds, its annotations placed in that
text as above (the file may have been edited since the export); a file that is
gone, or an annotation with no place in it, refuses the import. Anything else
becomes a new document.

An annotation whose id the target document already has is the same annotation:
it replaces the stored one when the file's copy has the same creation time, was
modified later and differs (a format without times, like brat, never replaces
one), and is skipped otherwise; one with another id but the same start, end and
tag as a stored annotation is skipped too. So importing a file twice adds nothing.

Tags are checked against the tag set (``tag_set``: actor, claim and date unless the
config names others): an unknown tag is refused, or with ``unknown_tags="map:TAG"``
mapped to TAG, or with ``unknown_tags="keep"`` stored as it is (one word).

The package: :mod:`.plan` (read and validate), :mod:`.validate` (each record),
:mod:`.place` (quotes in the text), :mod:`.merge` (into the store), :mod:`.report`
(the plan, the report and the errors).

Pure core: no Textual.
"""

from __future__ import annotations

from .merge import import_plan
from .plan import orphans_option, plan_import, tag_mapping
from .report import (
    DocumentOutcome,
    ImportFileError,
    ImportOptionError,
    ImportPlan,
    ImportReport,
    PlannedDocument,
    placement_notes,
)

__all__ = [
    "DocumentOutcome",
    "ImportFileError",
    "ImportOptionError",
    "ImportPlan",
    "ImportReport",
    "PlannedDocument",
    "import_plan",
    "orphans_option",
    "placement_notes",
    "plan_import",
    "tag_mapping",
]
