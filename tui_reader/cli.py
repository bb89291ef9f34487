"""Command line: open the app on a document, or run a headless subcommand.

    tui-reader [PATH]                      read and annotate PATH (default: the sample article)
    tui-reader sections PATH [--json]
    tui-reader list [PATH] [--json]
    tui-reader search QUERY [--json]
    tui-reader export [PATH] [--format json|w3c|jsonl|brat|csv] [-o OUT]
    tui-reader import FILE [--unknown-tags refuse|keep|map:TAG] [--orphans refuse|keep] [--json]
                                           add an export's annotations (json, w3c or brat; all or nothing)
    tui-reader agree A B [--text PATH] [--document ID] [--json]
                                           inter-annotator agreement of two exports of one document
    tui-reader repair [--yes] [--json]     list damaged store files; --yes moves them aside
    tui-reader copy-annotations FROM TO [--json]
                                           copy FROM's annotations to TO (FROM keeps its own)

``--data-dir DIR`` and ``--annotator NAME`` are accepted anywhere. Errors: one line on
stderr, exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import __version__
from .document import load_document
from .doclabels import document_labels
from .errors import UserError
from .oneline import note_line, one_line
from .store import Store
from .tagset import DEFAULT_TAGS, TagSet

SUBCOMMANDS = ("sections", "list", "search", "export", "import", "agree", "repair", "copy-annotations")
IMPORT_LOCK_TIMEOUT = 5.0  # seconds a headless import waits for another writer
SAMPLE_NAME = "us-ecuador-joint-operations.txt"


class CliError(UserError):
    """A user error: printed as one line, exit status 2."""


def sample_path() -> Path:
    """The sample article: package data when installed, sample_docs/ in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_docs" / SAMPLE_NAME, here.parent / "sample_docs" / SAMPLE_NAME):
        if candidate.is_file():
            return candidate
    raise CliError("the sample article is missing from this installation; give a PATH to open")


def sample_copy(store: Store) -> Path:
    """The sample as the reader opens it: a copy in the data folder, so that its stored
    path is the same whatever installation or virtual environment opened it (the package's
    own file lives inside site-packages). Written once; where the data folder cannot take
    it, the package's file."""
    packaged = sample_path()
    copy = Path(store.data_dir) / "sample" / SAMPLE_NAME
    if copy.is_file():
        return copy
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        tmp = copy.with_name(copy.name + ".tmp")
        tmp.write_bytes(packaged.read_bytes())
        tmp.replace(copy)
    except OSError:
        return packaged
    return copy


GLOBAL_OPTIONS = {"--data-dir": "a folder", "--annotator": "a name"}


def split_global_options(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """Take ``--data-dir DIR`` and ``--annotator NAME`` (or ``--option=VALUE``) out of
    argv, wherever they stand: {"--data-dir": DIR, ...} for those given."""
    rest: list[str] = []
    found: dict[str, str] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in GLOBAL_OPTIONS:
            if i + 1 >= len(argv):
                raise CliError(f"{arg} needs {GLOBAL_OPTIONS[arg]}")
            found[arg] = argv[i + 1]
            i += 2
            continue
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and "=" in arg:
            found[name] = arg.split("=", 1)[1]
        elif arg == "--":
            rest.extend(argv[i:])
            break
        else:
            rest.append(arg)
        i += 1
    return rest, found


def build_parser(tags: TagSet = DEFAULT_TAGS):
    import argparse  # only the subcommands need it: the app starts without it

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # one line, exit 2, no usage dump
            raise CliError(message)

    parser = _Parser(
        prog="tui-reader",
        usage="tui-reader [PATH] [--data-dir DIR] [--annotator NAME]\n       tui-reader COMMAND ... [--data-dir DIR]",
        description=f"Read closely; tag spans ({tags.listing()}; [[tags]] in config.toml sets "
        "others). With no COMMAND, opens PATH (a .txt or .md file; default: the sample article) in the reader.",
        epilog="Annotations are stored under --data-dir DIR, else $TUI_READER_DATA_DIR, else the "
        "platform's user data folder (on Linux ~/.local/share/tui-reader). New annotations record "
        "--annotator NAME, else annotator = \"...\" from config.toml in $TUI_READER_CONFIG_DIR or the "
        "platform's user config folder (on Linux ~/.config/tui-reader), else the login name.",
    )
    parser.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    # prog: a subcommand's usage reads "tui-reader list ...", not the main usage glued to it
    sub = parser.add_subparsers(dest="command", prog="tui-reader")
    p = sub.add_parser("sections", help="list a document's sections")
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("list", help="list annotations (of one document, or all)")
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("search", help="fuzzy-search annotations in all documents")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    from .formats.registry import FORMATS, READABLE, REGISTRY, listing

    p = sub.add_parser(
        "export",
        help=f"export annotations (of PATH's document, or all): {listing(FORMATS)}",
        description="Formats: " + "; ".join(f"{f.name}: {f.description}" for f in REGISTRY) + ".",
    )
    p.add_argument("path", nargs="?")
    p.add_argument("--format", "-f", choices=FORMATS, default="json", help="default: json")
    p.add_argument("-o", "--output", help="file to write (brat: a folder; default: stdout)")
    p = sub.add_parser(
        "import",
        help=f"add the annotations of an export file: {listing(READABLE)} (all or nothing; duplicates are skipped)",
        description="Add the annotations of FILE to the store: a native export, W3C Web Annotation "
        "JSON-LD, or brat standoff (the .ann file, its .txt beside it); the format is detected. "
        "Documents are matched by id, else by path (the annotations are placed in the text the file "
        "there holds now). A quote that is not at its offsets is re-anchored by its words and context. "
        "The whole file is checked first; nothing is written unless all of it is valid. An annotation "
        "with an id already stored replaces it only if modified later; the same span and tag is skipped. "
        "--annotator NAME is recorded on annotations that name no annotator.",
    )
    p.add_argument("file")
    p.add_argument(
        "--unknown-tags",
        default="refuse",
        metavar="refuse|keep|map:TAG",
        help=f"a tag other than {tags.listing()}: refuse the file (default), keep it as it is "
        "(shown in a neutral colour), or map it to TAG",
    )
    p.add_argument(
        "--orphans",
        default="refuse",
        metavar="refuse|keep",
        help="an annotation whose quote has no place in the text: refuse the file (default), "
        "or keep it as orphaned (attached to nothing, tried again when the text changes)",
    )
    p.add_argument("--json", action="store_true")
    p = sub.add_parser(
        "agree",
        help="inter-annotator agreement between two exports of the same document",
        description="Exact-span F1, overlap F1 and Cohen's kappa on tokens, per tag and overall, "
        f"and the list of disagreements, between exports A and B ({listing(READABLE)}) of one document. "
        "The text is read from --text PATH, else the document's path in the exports or the store.",
    )
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--text", help="the document's file (when the exports' path is not at hand)")
    p.add_argument("--document", help="the document's id (or its start) when the exports share several")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser(
        "repair",
        help="list damaged store files; with --yes move each aside to a dated backup",
        description="Check every store file. Without --yes nothing is changed. With --yes each "
        "damaged file is moved aside to NAME.damaged-<UTC time>.json next to it (nothing is "
        "deleted) and the document starts again empty; a damaged catalogue is rebuilt.",
    )
    p.add_argument("--yes", action="store_true", help="move the damaged files aside")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser(
        "copy-annotations",
        help="copy the annotations of one file's text to another's (the first keeps its own)",
        description="Copy the annotations of FROM's document to TO's document (a copy of FROM "
        "that was edited, say), each placed in TO's text by its quote and context as for an "
        "edited file; one with no place there is copied as orphaned. FROM keeps its annotations; "
        "copying again adds nothing. Annotations are never moved from a file that still holds "
        "their text: this is how a copy gets them.",
    )
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    p.add_argument("--json", action="store_true")
    return parser


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


def configured_tags() -> TagSet:
    """The tag set config.toml asks for; when it cannot be, one line on stderr and the
    default set. (Colours are checked by the app, which draws them.)"""
    from .config import load_tags_and_keys

    tags, _keymap, problem = load_tags_and_keys()
    if problem:
        print(f"tui-reader: {problem}", file=sys.stderr)
    return tags


def run_app(path: str | None, store: Store, annotator: str | None = None) -> int:
    # No cyclic garbage collection until the first frames are out (ReaderApp turns it
    # back on, after gc.freeze): start-up builds objects that live as long as the app,
    # and walking them again and again only delays the first frame.
    import gc

    gc.disable()
    try:
        document = load_document(path or sample_copy(store))
        from .config import resolve_annotator, resolve_text_width
        from .workspace import Workspace

        text_width = resolve_text_width()
        # reads the store before the screen takes over; the annotations of an earlier
        # version of the file are re-attached by the screen, after its first frame
        workspace = Workspace(
            document, store, annotator=resolve_annotator(annotator), defer_catalogue=True, reanchor=False
        )
        from .app import ReaderApp

        try:
            ReaderApp(workspace, text_width=text_width).run()
        finally:
            try:
                workspace.write_catalogue_record()  # if the app ended before it did (quit at once)
            finally:
                store.close()  # writes the catalogue counts that are behind
    finally:
        gc.enable()  # if the app ended before ReaderApp turned it back on, or never began
    return 0


def _suggest_subcommand(name: str) -> None:
    """A first argument that is no file but looks like a misspelt subcommand ("lsit"):
    one line that names the subcommand meant."""
    import difflib

    close = difflib.get_close_matches(name, SUBCOMMANDS, n=1)
    if close:
        raise CliError(f"{name}: no such file; did you mean '{close[0]}'? (see tui-reader --help)")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv, options = split_global_options(argv)
        data_dir, annotator = options.get("--data-dir"), options.get("--annotator")
        command = next((a for a in argv if not a.startswith("-")), None)
        if command in SUBCOMMANDS or any(a in ("-h", "--help", "--version") for a in argv):
            tags = configured_tags()
            args = build_parser(tags).parse_args(argv)
            args.annotator, args.tags = annotator, tags
            if args.command is None:
                return 0
            if args.command == "import":
                store = Store(data_dir, lock_timeout=IMPORT_LOCK_TIMEOUT)
            else:
                store = Store(data_dir)
            handler = {
                "sections": cmd_sections,
                "list": cmd_list,
                "search": cmd_search,
                "export": cmd_export,
                "import": cmd_import,
                "agree": cmd_agree,
                "repair": cmd_repair,
                "copy-annotations": cmd_copy_annotations,
            }
            return handler[args.command](args, store)
        paths = [a for a in argv if a != "--"]
        if command is not None and "--" not in argv[: argv.index(command)] and not Path(command).exists():
            _suggest_subcommand(command)
        unknown = [a for a in paths if a.startswith("-")]
        if unknown:
            raise CliError(f"unknown option {unknown[0]} (see tui-reader --help)")
        if len(paths) > 1:
            raise CliError("give one file to open (see tui-reader --help)")
        return run_app(paths[0] if paths else None, Store(data_dir), annotator)
    except UserError as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
