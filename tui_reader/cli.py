"""Command line: open the app on a document, or run a headless subcommand.

    tui-reader [PATH]                      read and annotate PATH (default: the sample article)
    tui-reader sections PATH [--json]
    tui-reader list [PATH] [--json]
    tui-reader search QUERY [--json]
    tui-reader export [PATH] [--format json|w3c|jsonl|brat|csv] [-o OUT]
    tui-reader import FILE [--unknown-tags refuse|keep|map:TAG] [--orphans refuse|keep] [--json]
                                           add an export's annotations (json, w3c, jsonl or brat; all or nothing)
    tui-reader agree A B [--text PATH] [--document ID] [--json]
                                           inter-annotator agreement of two exports of one document
    tui-reader repair [--yes] [--json]     list damaged store files; --yes moves them aside
    tui-reader copy-annotations FROM TO [--json]
                                           copy FROM's annotations to TO (FROM keeps its own)
    tui-reader meta PATH [--url U] [--outlet O] [--author A] [--published YYYY-MM-DD] [--title T] [--json]
    tui-reader ledger [PATH] [--format json|csv|md|html|claimreview] [-o OUT] [--review-url URL]
    tui-reader suggest [PATH] [--json]     dates, actors and claims with their speakers, by rules

``--data-dir DIR`` and ``--annotator NAME`` are accepted anywhere. Errors: one line on
stderr, exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import __version__
from .document import load_document
from .errors import CliError, UserError
from .store import Store
from .tagset import DEFAULT_TAGS, TagSet

SUBCOMMANDS = ("sections", "list", "search", "export", "import", "agree", "repair", "copy-annotations", "suggest", "meta", "ledger")
IMPORT_LOCK_TIMEOUT = 5.0  # seconds a headless import waits for another writer
SAMPLE_NAME = "us-ecuador-joint-operations.txt"


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
    p = sub.add_parser(
        "suggest",
        help="suggest dates, actors and claims (with their speakers) in PATH (default: the sample)",
        description="Dates (with their value when the publication date is known), named actors and "
        "their later mentions, and claims with their speakers, found by rules (no model); each names "
        "the rule that made it. Words already tagged (with any tag), and what was rejected in "
        "the reader, is left out.",
    )
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true")
    from .ledger_commands import add_parsers

    add_parsers(sub, tags)
    return parser


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
            if args.command == "suggest" and not args.path:
                args.path = str(sample_copy(store))  # the document the app opens by default
            # not needed to open the app
            from . import commands, ledger_commands

            module = ledger_commands if args.command in ledger_commands.SUBCOMMANDS else commands
            return getattr(module, "cmd_" + args.command.replace("-", "_"))(args, store)
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
