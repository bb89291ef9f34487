"""Reading and validating an export into an :class:`ImportPlan`, before anything is
written: the format found in the registry, each document's records checked and placed.

Pure core: no Textual.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from ..annotations import Annotation
from ..formats.reading import ExportFile, ReadError
from ..formats.registry import reader_for
from .place import QuotePlacer, document_at, section_finder
from ..tagset import DEFAULT_TAGS, TagSet
from .report import ImportFileError, ImportOptionError, ImportPlan, PlannedDocument
from .links import check_links
from .validate import UnknownTags, check_annotation, check_source

ORPHANS = ("refuse", "keep")  # what to do with an annotation that has no place in the text


def tag_mapping(option: str | None, tag_set: TagSet = DEFAULT_TAGS) -> str | None:
    """``--unknown-tags``: "refuse" or "keep" (None) or "map:TAG" (TAG, one of the tags)."""
    if option in (None, "", "refuse", "keep"):
        return None
    if option.startswith("map:") and option[4:] in tag_set:
        return option[4:]
    raise ImportOptionError(
        f"--unknown-tags: expected 'refuse', 'keep' or 'map:TAG' with TAG one of {tag_set.listing()}, found {option!r}"
    )


def orphans_option(option: str | None) -> bool:
    """``--orphans``: "refuse" (False, the default) or "keep" (True)."""
    if option in (None, "", "refuse"):
        return False
    if option == "keep":
        return True
    raise ImportOptionError(f"--orphans: expected 'refuse' or 'keep', found {option!r}")


def plan_import(
    path_or_data: str | os.PathLike[str] | dict | list,
    *,
    unknown_tags: str | None = None,
    annotator: str | None = None,
    orphans: str | None = None,
    keep_unknown_tags: bool = False,
    tag_set: TagSet = DEFAULT_TAGS,
) -> ImportPlan:
    """Read and validate an export (a file, or its already parsed JSON).

    Checks everything before anything is written: the format, each document and
    each annotation's fields and types (id, offsets with 0 <= start < end, a quote
    as long as its span and, where the text is at hand, the quote at its offsets or
    re-anchored, a known tag or one mapped by ``unknown_tags``, a known status...).
    ``orphans="keep"`` imports an annotation that cannot be placed as orphaned
    instead of refusing the file. ``annotator`` is recorded on annotations that name
    none. ``tag_set`` holds the known tags; ``unknown_tags="keep"`` (or
    ``keep_unknown_tags``, for ``agree``) lets any other one-word tag through. Raises
    ImportFileError listing the items at fault."""
    tag_map = tag_mapping(unknown_tags, tag_set)
    stored_as_is = unknown_tags == "keep"  # (agree keeps any tag: it stores nothing)
    keep_unknown_tags = keep_unknown_tags or stored_as_is
    keep_orphans = orphans_option(orphans)
    problems: list[str] = []
    if isinstance(path_or_data, (dict, list)):
        file = ExportFile(data=path_or_data)
    else:
        file = ExportFile(Path(path_or_data).expanduser())
    source = file.source
    try:
        fmt = reader_for(file)
        read = fmt.read(file, problems.append)
    except ReadError as exc:
        raise ImportFileError(exc.source or source, exc.problems) from None
    if problems:
        raise ImportFileError(source, problems)

    planned: list[PlannedDocument] = []
    seen: dict[str, str] = {}
    mapped = [0]
    placed: Counter[str] = Counter()
    tags = UnknownTags(tag_map, keep_unknown_tags, mapped, tag_set, stored_as_is)
    for src in read.documents:
        document = src.document if src.document is not None else document_at(src.path, src.id)
        placer = None
        if document is not None:
            placer = QuotePlacer(document.text, section_finder(document), keep_orphans, placed, same_text=True)
        good: list[Annotation] = []
        places: list[str] = []
        link_places: dict[tuple[str, str], str] = {}
        before = len(problems)
        for where, record in src.records:
            ann = check_annotation(record, where, src.id, seen, problems.append, placer, tags, annotator, link_places)
            if ann is not None:
                good.append(ann)
                places.append(where)
        if len(problems) == before:  # (with a record refused, its links' targets would be missing too)
            lenient = keep_unknown_tags and not stored_as_is
            check_links(good, places, link_places, tag_set, problems.append, lenient)
        doc_source = check_source(src.source, f"{src.name + '.' if src.name else ''}source", problems.append)
        if src.id is not None:
            text = document.text if document is not None else None
            planned.append(
                PlannedDocument(
                    src.index, src.id, src.path, src.title, tuple(good), text, tuple(places), src.name, doc_source
                )
            )
    if problems:
        raise ImportFileError(source, problems)
    return ImportPlan(
        source, tuple(planned), fmt.name, mapped[0], tag_map or "", tuple(sorted(read.ignored.items())),
        tuple(sorted(placed.items())), keep_orphans,
    )
