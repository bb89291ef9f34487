"""Where the store's files are: the data folder, the names in it, and the rule for
valid document ids (they become file names; the importer uses the same rule)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import platformdirs

from .errors import StoreError, os_error_text

ENV_DATA_DIR = "TUI_READER_DATA_DIR"
APP_NAME = "tui-reader"

CATALOG_FILE = "catalog.json"
JOURNAL_FILE = "journal.json"
DOCS_DIR = "docs"
LOCK_FILE = ".lock"

# Document ids become file names: allow only what cannot escape the docs folder.
DOCUMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
# Our temp files: ".<target name>.<pid>.<12 hex>.tmp", next to the target.
TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.(?P<token>[0-9a-f]{12})\.tmp")
# Targets our temp files may stand for, per folder.
_DATA_TARGET = re.compile(r"(?:catalog|journal)\.json(?:\.schema[0-9]+(?:\.[0-9]+)?\.bak)?")
_DOCS_TARGET = re.compile(r"[A-Za-z0-9_-]{1,128}(?:\.json(?:\.schema[0-9]+(?:\.[0-9]+)?\.bak)?|\.log)")


def is_document_id(doc_id: object) -> bool:
    """Whether ``doc_id`` is an id the store accepts (it names the document's files)."""
    return isinstance(doc_id, str) and DOCUMENT_ID.fullmatch(doc_id) is not None


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the store lives: ``explicit``, else $TUI_READER_DATA_DIR, else the
    platform's user data folder. Nothing is created here."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME))


class StoreLayout:
    """The paths of one data folder's files."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.catalog_path = data_dir / CATALOG_FILE
        self.journal_path = data_dir / JOURNAL_FILE
        self.lock_path = data_dir / LOCK_FILE
        self.docs_dir = data_dir / DOCS_DIR

    def document_path(self, doc_id: str) -> Path:
        """The annotation file of ``doc_id`` (which may not exist yet)."""
        if not is_document_id(doc_id):
            raise ValueError(f"invalid document id {doc_id!r}")
        return self.docs_dir / f"{doc_id}.json"

    def log_path(self, doc_id: str) -> Path:
        """The change log of ``doc_id`` (changes not yet folded into its file)."""
        return self.document_path(doc_id).with_suffix(".log")

    def files_state(self, doc_id: str) -> tuple:
        """(inode, mtime, size) of the document's file and of its log (None where absent)."""
        state = []
        for path in (self.document_path(doc_id), self.log_path(doc_id)):
            try:
                st = path.stat()
            except OSError:
                state.append(None)
            else:
                state.append((st.st_ino, st.st_mtime_ns, st.st_size))
        return tuple(state)

    def document_ids_on_disk(self) -> list[str]:
        """Documents with a file or a change log in docs/."""
        try:
            names = {p.stem for p in self.docs_dir.iterdir() if p.suffix in (".json", ".log") and not p.name.startswith(".")}
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read {self.docs_dir}: {os_error_text(exc)}") from exc
        return sorted(n for n in names if is_document_id(n))

    def temp_files(self) -> Iterator[Path]:
        """Our temp files in the data folder and docs/ (only names we make)."""
        for folder, targets in ((self.data_dir, _DATA_TARGET), (self.docs_dir, _DOCS_TARGET)):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                m = TEMP_NAME.fullmatch(entry.name)
                if m and targets.fullmatch(m.group("name")):
                    yield folder / entry.name

    def inside(self, rel: str, ending: str) -> Path | None:
        """The store file a journal names by ``rel``: the catalogue, or a document's
        file or log (by ``ending``, ".json" or ".log"); None for anything else."""
        if rel == CATALOG_FILE and ending == ".json":
            return self.catalog_path
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == DOCS_DIR and parts[1].endswith(ending):
            if is_document_id(parts[1][: -len(ending)]):
                return self.docs_dir / parts[1]
        return None

    def classify(self, path: str | os.PathLike[str]) -> tuple[str, str | None]:
        """("catalog" | "journal" | "doc" | "log", document id) of one of our files."""
        p = Path(path)
        if not p.is_absolute():
            p = Path.cwd() / p
        for kind, known in (("catalog", self.catalog_path), ("journal", self.journal_path)):
            if os.path.abspath(p) == os.path.abspath(known):
                return kind, None
        if os.path.abspath(p.parent) == os.path.abspath(self.docs_dir) and p.suffix in (".json", ".log"):
            if is_document_id(p.stem):
                return ("doc" if p.suffix == ".json" else "log"), p.stem
        raise StoreError(f"{path} is not a file of the store at {self.data_dir}")
