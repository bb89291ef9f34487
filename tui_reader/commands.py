"""The headless subcommands: sections, list, search, export, import, agree, repair,
copy-annotations and suggest. Each takes the parsed arguments and the store, prints its result
(plain, or JSON with --json) and returns the exit status; errors are raised as one line.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .document import load_document
from .doclabels import document_labels
from .errors import CliError, UserError
from .oneline import note_line, one_line
from .store import Store


def _emit(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_sections(args, store: Store | None) -> int:
    doc = load_document(args.path)
    if args.json:
        _emit({
            "title": doc.title,
            "sections": [{"index": s.index, "title": s.title, "start": s.start, "end": s.end} for s in doc.sections],
        })
    else:
        print(doc.title)
        for s in doc.sections:
            print(f"{s.index + 1:>4}  {s.title}  [{s.start}..{s.end})")
    return 0


def cmd_list(args, store: Store) -> int:
    from .export import gather

    # PATH's document is opened as the app opens it (an earlier version's annotations
    # re-attached first, and said so); without PATH, every stored document
    docs, notices = gather(store, args.path)
    for line in notices:
        print(f"tui-reader: {line}", file=sys.stderr)
    rows = [a for d in docs for a in d.annotations]
    if args.json:
        _emit([a.to_dict() for a in rows])
    elif not rows:
        print("No annotations yet.")
    else:
        print_grouped(docs)
    return 0


def print_grouped(docs) -> None:
    """Annotations under their document's title and path, then under their section: each
    title said once, whole."""
    first = True
    for d in docs:
        if not d.annotations:
            continue
        if not first:
            print()
        first = False
        n = len(d.annotations)
        print(d.title or Path(d.path).name or d.id[:12])
        print(f"  {d.path or d.id[:12] + '…'} · {n} annotation{'s' if n != 1 else ''}")
        section = None
        for a in d.annotations:
            if a.section != section:
                section = a.section
                print(f"  § {section or '(no section)'}")
            note = f"  ✎ {note_line(a.note)}" if a.note else ""
            status = ""
            if a.status != "anchored":
                was = f", was “{one_line(a.old_quote)}”" if a.old_quote else ""
                status = f"  [{a.status}{was}]"
            print(f"    {a.tag:<5} {a.start:>7}-{a.end:<7} “{one_line(a.quote)}”{note}{status}")


def cmd_search(args, store: Store) -> int:
    from .search import search_annotations

    records = store.documents()
    titles = {r["id"]: r.get("title", "") for r in records}
    paths = {r["id"]: r.get("path", "") for r in records}
    hits = search_annotations(args.query, store.all_annotations(), limit=args.limit, titles=titles)
    if args.json:
        _emit([
            {**h.annotation.to_dict(), "score": round(h.score, 2), "document_title": h.document_title,
             "document_path": paths.get(h.annotation.document, "")}
            for h in hits
        ])
    else:
        if not hits:
            print("No matching annotations.")
        # two documents of one title (a copy at another path) are told apart by their paths
        labels = document_labels(records)
        for h in hits:
            a = h.annotation
            # the quote first; where it is from, whole, on the line under it
            mark = "  [orphaned]" if a.orphaned else ""
            print(f"{h.score:5.1f}  {a.tag:<5}  “{one_line(a.quote)}”{mark}")
            print(f"{'':13}{labels.get(a.document) or h.document_title} · § {a.section}")
    return 0


def cmd_export(args, store: Store) -> int:
    from . import formats
    from .export import gather

    fmt = formats.get(args.format)
    docs, notices = gather(store, args.path, need_text=fmt.needs_text)
    for notice in notices:
        print(f"tui-reader: {notice}", file=sys.stderr)
    if args.output:
        result = fmt.write(docs, Path(args.output))
    else:
        text, result = fmt.text(docs)
        sys.stdout.write(text)
    print(result.summary(), file=sys.stderr)
    return 0


def cmd_import(args, store: Store) -> int:
    from .config import check_name
    from .importer import import_plan, plan_import

    # someone else's work names its own annotator: only --annotator fills in a missing one
    annotator = check_name(args.annotator, "--annotator") if args.annotator is not None else None
    # validates everything before the store is touched
    plan = plan_import(
        args.file, unknown_tags=args.unknown_tags, orphans=args.orphans, annotator=annotator, tag_set=args.tags
    )
    report = import_plan(store, plan)
    if args.json:
        _emit(report.to_dict())
    else:
        print(report.summary())
    return 0


def cmd_agree(args, store: Store) -> int:
    from .agree import agreement, report_lines
    from .importer import ImportFileError, plan_import

    plans = []
    for name in (args.a, args.b):
        try:  # any tag counts; an annotation with no place in the text is left out as orphaned
            plans.append(plan_import(name, orphans="keep", keep_unknown_tags=True))
        except ImportFileError as exc:
            raise exc.doing("read") from None
    shared = [d for d in plans[0].documents if any(o.id == d.id for o in plans[1].documents)]
    if args.document:
        shared = [d for d in shared if d.id.startswith(args.document)]
    if len(shared) != 1:
        if not shared:
            raise CliError(f"{args.a} and {args.b} have no document in common" + (f" starting {args.document!r}" if args.document else ""))
        ids = ", ".join(d.id[:12] for d in shared)
        raise CliError(f"{args.a} and {args.b} share {len(shared)} documents ({ids}); choose one with --document ID")
    doc_a = shared[0]
    doc_b = next(d for d in plans[1].documents if d.id == doc_a.id)
    text = _agreement_text(args, store, doc_a, doc_b)
    result = agreement(text, doc_a.annotations, doc_b.annotations, args.tags)
    annotators = [sorted({a.annotator for a in d.annotations if a.annotator}) for d in (doc_a, doc_b)]
    head = {
        "document": {"id": doc_a.id, "title": doc_a.title or doc_b.title},
        "a": {"file": args.a, "annotators": annotators[0], "annotations": len(doc_a.annotations)},
        "b": {"file": args.b, "annotators": annotators[1], "annotations": len(doc_b.annotations)},
    }
    if args.json:
        _emit({**head, **result})
        return 0
    print(f"Agreement on “{head['document']['title']}” ({doc_a.id[:12]}…), {result['tokens']} tokens")
    for key, d in (("A", head["a"]), ("B", head["b"])):
        who = f" by {', '.join(d['annotators'])}" if d["annotators"] else ""
        print(f"  {key}: {d['file']} ({d['annotations']} annotation{'s' if d['annotations'] != 1 else ''}{who})")
    for line in report_lines(result):
        print(line)
    return 0


def _agreement_text(args, store: Store, *docs) -> str:
    """The document's text: --text, or the text that came with an export, or the file at
    the path an export or the store gives, if it is still that document."""
    from .export import TextUnavailable, document_text

    doc_id = docs[0].id
    if args.text:
        document = load_document(args.text)
        if document.id != doc_id:
            raise CliError(f"--text {args.text} is not the text the exports annotate (its id is {document.id[:12]}…, theirs {doc_id[:12]}…)")
        return document.text
    for d in docs:
        if d.text is not None:
            return d.text
    candidates = [{"id": doc_id, "title": d.title, "path": d.path} for d in docs if d.path]
    record = store.document_record(doc_id) if store.has_document(doc_id) else None
    if record:
        candidates.append(record)
    reason = f"document {doc_id[:12]}…: no path is known"
    for candidate in candidates:
        try:
            return document_text(candidate)
        except TextUnavailable as exc:
            reason = str(exc)
    raise CliError(f"the text is needed for kappa and is not at hand ({reason}); give it with --text PATH")


def cmd_repair(args, store: Store) -> int:
    from .export import TextUnavailable, document_text

    # the texts at hand: an annotation attached past the end of its text is damage too
    lengths = {}
    for record in store.documents(errors=[]):
        if record.get("path") and store.document_path(record["id"]).exists():
            try:
                lengths[record["id"]] = len(document_text(record))
            except TextUnavailable:
                pass
    damaged = store.check(lengths)
    moved: list[dict] = []
    failed: list[str] = []
    if args.yes:
        for damage in damaged:
            try:
                backup = store.repair(damage.path, lengths.get(Path(damage.path).name[: -len(".json")]))
            except UserError as exc:
                failed.append(str(exc))
            else:
                moved.append({"path": str(damage.path), "reason": damage.reason, "backup": str(backup)})
    if args.json:
        _emit({
            "data_dir": str(store.data_dir),
            "damaged": [{"path": str(d.path), "reason": d.reason} for d in damaged],
            "moved": moved,
            "failed": failed,
        })
    elif not damaged:
        print(f"No damaged files in {store.data_dir}.")
    elif not args.yes:
        for d in damaged:
            print(f"damaged: {d.path}: {d.reason}")
        n = len(damaged)
        print(
            f"{n} damaged file{'s' if n != 1 else ''}; nothing was changed. Run tui-reader repair --yes "
            "to move each aside to NAME.damaged-<time>.json (nothing is deleted; the document starts "
            "again empty)."
        )
    else:
        for m in moved:
            print(f"moved aside: {m['path']} ({m['reason']}) -> {m['backup']}")
    for message in failed:
        print(f"tui-reader: {message}", file=sys.stderr)
    if failed:
        return 2
    return 1 if damaged and not args.yes else 0


def cmd_copy_annotations(args, store: Store) -> int:
    from .formats import counted
    from .workspace import open_path

    # each opened as the app opens it: an edited FROM first gets its own earlier
    # version's annotations back
    source = open_path(args.source, store)
    target = open_path(args.target, store)
    for line in source.notices() + [n for n in target.notices() if "copy-annotations" not in n]:
        print(f"tui-reader: {line}", file=sys.stderr)
    if source.document.id == target.document.id:
        raise CliError(f"{args.source} and {args.target} hold the same text: they share their annotations already")
    added, report, skipped = target.copy_from(source.document.id)
    if args.json:
        _emit({"from": source.document.path, "to": target.document.path, "copied": len(added),
               "already_there": skipped, **report.to_dict()})
        return 0
    line = f"Copied {counted(len(added), 'annotation')} from {args.source} to {args.target}"
    if added:
        line += f" ({report.summary()})"
    if skipped:
        line += f"; {skipped} already there"
    print(line)
    return 0


def cmd_suggest(args, store: Store) -> int:
    from .suggest.command import run

    return run(args, store)
