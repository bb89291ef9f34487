"""Command line: open the app on a document, or run a headless subcommand.

    tui-reader [PATH]                      read and annotate PATH (default: the sample article)
    tui-reader sections PATH [--json]
    tui-reader list [PATH] [--json]
    tui-reader search QUERY [--json]
    tui-reader export [PATH] [-o OUT]
    tui-reader import FILE [--json]        add a native export's annotations (all or nothing)
    tui-reader repair [--yes] [--json]     list damaged store files; --yes moves them aside

``--data-dir DIR`` is accepted anywhere. Errors: one line on stderr, exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import __version__
from .document import load_document
from .errors import UserError
from .store import Store

SUBCOMMANDS = ("sections", "list", "search", "export", "import", "repair")
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


def split_data_dir(argv: list[str]) -> tuple[list[str], str | None]:
    """Take ``--data-dir DIR`` / ``--data-dir=DIR`` out of argv, wherever it stands."""
    rest: list[str] = []
    data_dir = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            if i + 1 >= len(argv):
                raise CliError("--data-dir needs a folder")
            data_dir = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--data-dir="):
            data_dir = arg.split("=", 1)[1]
        elif arg == "--":
            rest.extend(argv[i:])
            break
        else:
            rest.append(arg)
        i += 1
    return rest, data_dir


def build_parser():
    import argparse  # only the subcommands need it: the app starts without it

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # one line, exit 2, no usage dump
            raise CliError(message)

    parser = _Parser(
        prog="tui-reader",
        usage="tui-reader [PATH] [--data-dir DIR]\n       tui-reader COMMAND ... [--data-dir DIR]",
        description="Read closely; tag actors, claims and dates. With no COMMAND, opens PATH "
        "(a .txt or .md file; default: the sample article) in the reader.",
        epilog="Annotations are stored under --data-dir DIR, else $TUI_READER_DATA_DIR, else the "
        "platform's user data folder (on Linux ~/.local/share/tui-reader).",
    )
    parser.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    sub = parser.add_subparsers(dest="command")
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
    p = sub.add_parser("export", help="export annotations to the native JSON format")
    p.add_argument("path", nargs="?")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p = sub.add_parser(
        "import",
        help="add the annotations of a native export file (all or nothing; duplicates are skipped)",
        description="Add the annotations of FILE (as tui-reader export writes it) to the store. "
        "Documents are matched by id, or by path when the file there still holds every quote. "
        "The whole file is checked first; nothing is written unless all of it is valid.",
    )
    p.add_argument("file")
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
    return parser


def _emit(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _documents_for(store: Store, path: str | None) -> list[dict]:
    """[{id, path, title, annotations}] for PATH's document, or for every stored one."""
    if path:
        doc = load_document(path)
        return [{"id": doc.id, "path": doc.path, "title": doc.title, "annotations": store.annotations(doc.id)}]
    return [
        {"id": r["id"], "path": r.get("path", ""), "title": r.get("title", ""), "annotations": store.annotations(r["id"])}
        for r in store.documents()
    ]


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
    docs = _documents_for(store, args.path)
    rows = [a for d in docs for a in d["annotations"]]
    titles = {d["id"]: d["title"] for d in docs}
    if args.json:
        _emit([a.to_dict() for a in rows])
    else:
        if not rows:
            print("No annotations yet.")
        for a in rows:
            note = f"  ✎ {a.note}" if a.note else ""
            print(f"{a.tag:<6} {a.start:>7}-{a.end:<7} {titles.get(a.document, '')[:30]} § {a.section[:30]}: “{a.quote}”{note}")
    return 0


def cmd_search(args, store: Store) -> int:
    from .search import search_annotations

    titles = {r["id"]: r.get("title", "") for r in store.documents()}
    hits = search_annotations(args.query, store.all_annotations(), limit=args.limit, titles=titles)
    if args.json:
        _emit([{**h.annotation.to_dict(), "score": round(h.score, 2), "document_title": h.document_title} for h in hits])
    else:
        if not hits:
            print("No matching annotations.")
        for h in hits:
            a = h.annotation
            print(f"{h.score:5.1f}  {a.tag:<6} {h.document_title[:30]} § {a.section[:30]}: “{a.quote}”")
    return 0


def cmd_export(args, store: Store) -> int:
    from .export import native_export, write_json

    data = native_export(_documents_for(store, args.path))
    if args.output:
        out = write_json(data, Path(args.output))
        n = sum(len(d["annotations"]) for d in data["documents"])
        print(f"Exported {n} annotation{'s' if n != 1 else ''} to {out}", file=sys.stderr)
    else:
        _emit(data)
    return 0


def cmd_import(args, store: Store) -> int:
    from .importer import import_plan, plan_import

    plan = plan_import(args.file)  # validates everything before the store is touched
    report = import_plan(store, plan)
    if args.json:
        _emit(report.to_dict())
    else:
        print(report.summary())
    return 0


def cmd_repair(args, store: Store) -> int:
    damaged = store.check()
    moved: list[dict] = []
    failed: list[str] = []
    if args.yes:
        for damage in damaged:
            try:
                backup = store.repair(damage.path)
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


def run_app(path: str | None, store: Store) -> int:
    document = load_document(path or sample_path())
    from .workspace import Workspace

    workspace = Workspace(document, store)  # reads the store before the screen takes over
    from .app import ReaderApp

    try:
        ReaderApp(workspace).run()
    finally:
        store.close()  # writes the catalogue counts that are behind
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv, data_dir = split_data_dir(argv)
        command = next((a for a in argv if not a.startswith("-")), None)
        if command in SUBCOMMANDS or any(a in ("-h", "--help", "--version") for a in argv):
            args = build_parser().parse_args(argv)
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
                "repair": cmd_repair,
            }
            return handler[args.command](args, store)
        paths = [a for a in argv if a != "--"]
        unknown = [a for a in paths if a.startswith("-")]
        if unknown:
            raise CliError(f"unknown option {unknown[0]} (see tui-reader --help)")
        if len(paths) > 1:
            raise CliError("give one file to open (see tui-reader --help)")
        return run_app(paths[0] if paths else None, Store(data_dir))
    except UserError as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
