"""The ledger's subcommands: ``meta`` (a document's source: title, URL, outlet, author,
publication date) and ``ledger`` (who claimed what, when, and the verdict, as json, csv,
md, html or ClaimReview JSON-LD). Each takes the parsed arguments and the store, prints
its result and returns the exit status; errors are raised as one line.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import sys

from .errors import CliError
from .store import Store

SUBCOMMANDS = ("ledger", "meta")
MAX_FIELD = 2000  # characters of one source field, as the store keeps them


def add_parsers(sub, tags) -> None:
    """The ``ledger`` and ``meta`` subcommands, on the main parser's subparsers."""
    from .reports import REPORT_FORMATS, REPORTS

    p = sub.add_parser(
        "meta",
        help="show or set a document's source (title, URL, outlet, author, publication date)",
        description="With no option, print PATH's source: its Markdown front matter, each field "
        "overridden by the one you stored. With options, store those fields (an empty value removes "
        "the stored one, so the front matter's shows again). The publication date is what relative "
        "dates (\"Tuesday\", \"last September\") resolve against. A bad value stores nothing.",
    )
    p.add_argument("path")
    p.add_argument("--title", help="the article's title")
    p.add_argument("--url", help="where it was published (http:// or https://)")
    p.add_argument("--outlet", help="the publication or site")
    p.add_argument("--author", help="its author or authors")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="its publication date")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser(
        "ledger",
        help="the claim ledger (of PATH's document, or all): who claimed what, when, and the verdict",
        description="A row per claim: the claim, the entity it is said by (its said_by links; "
        "unattributed claims are listed as such), when (its dated links, each date with the value "
        "it resolves to against the document's publication date), section, verdict and note. Formats: "
        + "; ".join(f"{name}: {what}" for name, (_, what) in REPORTS.items()) + ".",
    )
    p.add_argument("path", nargs="?")
    p.add_argument("--format", "-f", choices=REPORT_FORMATS, default="json", help="default: json")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.add_argument(
        "--review-url",
        metavar="URL",
        help="claimreview: the page that publishes the fact check (each review's url is URL#claim-ID, "
        "the anchor of the claim in the html report); Google requires it. html: the address the report "
        "will be published at; it then carries the ClaimReview JSON-LD of its judged claims",
    )


def cmd_meta(args, store: Store) -> int:
    from .effective_source import SOURCE_FIELDS, effective_source, source_origins
    from .workspace import open_path

    given = {name: getattr(args, name) for name in SOURCE_FIELDS if getattr(args, name) is not None}
    _check_source(given)  # before anything is opened or stored
    ws = open_path(args.path, store)
    for line in ws.notices():
        print(f"tui-reader: {line}", file=sys.stderr)
    document = ws.document
    if given:
        stored = dict(store.source(document.id))
        for name, value in given.items():
            value = " ".join(value.split())
            if value:
                stored[name] = value
            else:
                stored.pop(name, None)
        store.set_source(document.id, stored)
        set_now = [name for name, value in given.items() if value.strip()]
        cleared = [name for name in given if name not in set_now]
        said = [f"{verb} {', '.join(names)}" for verb, names in (("stored", set_now), ("cleared", cleared)) if names]
        print(f"tui-reader: {'; '.join(said)} for {document.path}", file=sys.stderr)
    stored = store.source(document.id)
    source = effective_source(document, stored)
    origins = source_origins(document, stored)
    if args.json:
        data = {"document": document.id, "path": document.path, "title": document.title,
                "source": source.to_dict(), "origin": origins}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"{document.path} ({document.id[:12]}…)")
    for name in SOURCE_FIELDS:
        value = getattr(source, name)
        if not value and name == "title":
            shown, origin = f"(none; the text's own title: “{document.title}”)", ""
        else:
            shown, origin = value or "(none)", origins[name]
        print(f"  {name:<10} {shown}" + (f"   [{origin}]" if origin else ""))
    return 0


def _check_source(given: dict[str, str]) -> None:
    """CliError naming the option, for the first value that cannot be stored."""
    from .doc_source import Source

    for name, value in given.items():
        if len(value) > MAX_FIELD:
            raise CliError(f"--{name}: {len(value)} characters; at most {MAX_FIELD} (nothing was stored)")
    problem = Source(**{k: " ".join(v.split()) for k, v in given.items()}).check()
    if problem:
        raise CliError(f"--{problem} (nothing was stored)")


def cmd_ledger(args, store: Store) -> int:
    from .formats import write_text
    from .reports import render
    from .reports.model import ledger_documents

    options = {"default_verdict": args.tags.verdicts[0]}
    if args.format == "claimreview" or (args.format == "html" and args.review_url):
        options.update(_claimreview_options(args))
    elif args.review_url:
        raise CliError("--review-url is for --format claimreview or html")
    docs, notices = ledger_documents(store, args.path, args.tags)
    for line in notices:
        print(f"tui-reader: {line}", file=sys.stderr)
    text = render(args.format, docs, **options)
    if args.format == "claimreview":
        _claimreview_notes(docs, options)
    claims = sum(len(d.ledger.claims) for d in docs)
    if args.output:
        out = write_text(text, args.output, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        plural = "s" if claims != 1 else ""
        print(f"Wrote the ledger of {claims} claim{plural} ({len(docs)} document{'s' if len(docs) != 1 else ''}) to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _claimreview_options(args) -> dict:
    from .config import resolve_annotator
    from .reports.model import safe_url

    url = args.review_url or ""
    if url and not safe_url(url):
        raise CliError(f"--review-url: {url!r} is not a web address (http:// or https://)")
    return {"annotator": resolve_annotator(args.annotator), "review_url": url}


def _claimreview_notes(docs, options: dict) -> None:
    """One line on stderr for what keeps the array from being what Google reads."""
    from .reports.claimreview import claim_reviews

    reviews = claim_reviews(docs, **options)
    if not reviews:
        print(f"tui-reader: no claim has a verdict other than {options['default_verdict']}: the array is empty", file=sys.stderr)
    elif not options.get("review_url"):
        print(
            "tui-reader: the reviews have no url, which Google requires: give the page that will "
            "publish the fact check with --review-url URL",
            file=sys.stderr,
        )
