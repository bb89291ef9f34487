"""The suggester in a process of its own, for long texts: the reading screen's keys then
never wait for it to let go of the interpreter, and it runs at a lower priority.

The parent writes one JSON line (the text, its sections' spans, Markdown or not, the
publication date, the furthest section wanted, the first one to send), then a line with a section's index whenever
the reader wants suggestions further on; the child answers one JSON line per section, in
order, ``[index, [suggestion, ...]]`` (Suggestion.to_dict), up to the last section wanted,
and stops when its input closes. ``python -m tui_reader.suggest.child``. Pure core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from ..doc_source import parse_day
from .by_section import SectionSuggestions
from .engine import Ref, Suggestion


class SuggesterFailed(RuntimeError):
    """The child process stopped before the sections wanted (its last words)."""


def ref_from_dict(data: dict | None) -> Ref | None:
    if data is None:
        return None
    return Ref(data["start"], data["end"], data["quote"], ref_from_dict(data.get("refers_to")))


def suggestion_from_dict(data: dict) -> Suggestion:
    return Suggestion(
        data["start"], data["end"], data["quote"], data["tag"], data["rule"], data.get("value", ""),
        ref_from_dict(data.get("said_by")), ref_from_dict(data.get("refers_to")),
    )


class SuggesterProcess:
    """The parent's side: starts the child, tells it how far to go, and reads each section
    it makes into ``made`` (one thread reads; any thread may call ``want``)."""

    def __init__(self, made: SectionSuggestions) -> None:
        self.made = made
        self._lock = threading.Lock()  # the header and later wants never interleave
        self._wanted = -1
        self._proc: subprocess.Popen | None = None

    def start(self, target: int) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tui_reader.suggest.child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        made = self.made
        header = {
            "published": made.published.isoformat() if made.published else None,
            "markdown": made.markdown,
            "spans": made.spans,
            "target": target,
            "from": made.ready,  # (the sections made already are not sent again)
            "text": made.text,
        }
        with self._lock:
            self._wanted = target
            self._write(json.dumps(header) + "\n")

    def want(self, target: int) -> None:
        """Go on up to section ``target`` (a no-op when asked already or stopped)."""
        with self._lock:
            if self._proc is None or target <= self._wanted:
                return
            self._wanted = target
            self._write(f"{target}\n")

    def _write(self, line: str) -> None:
        try:
            self._proc.stdin.write(line.encode("utf-8"))
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass  # it stopped: the reader finds out why

    def read_next(self) -> int:
        """Wait for the next section's suggestions and keep them; its index."""
        line = self._proc.stdout.readline() if self._proc is not None else b""
        if not line:
            raise SuggesterFailed(self._last_words())
        index, found = json.loads(line)
        self.made.take(index, [suggestion_from_dict(d) for d in found])
        return index

    def _last_words(self) -> str:
        proc = self._proc
        if proc is None:
            return "the suggester was stopped"
        try:
            proc.wait(timeout=2)
            err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, subprocess.TimeoutExpired, ValueError):
            err = []
        return err[-1] if err else f"the suggester stopped (exit status {proc.returncode})"

    def close(self) -> None:
        """Stop the child (the screen goes); what was made stays in ``made``."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc is not None:
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                try:
                    stream.close()
                except OSError:
                    pass


def main() -> int:
    if hasattr(os, "nice"):
        try:
            os.nice(10)  # the reader's keys first
        except OSError:
            pass
    source, out = sys.stdin.buffer, sys.stdout
    line = source.readline()
    if not line:
        return 0
    header = json.loads(line)
    published = parse_day(header.get("published", ""))
    made = SectionSuggestions(header["text"], [tuple(s) for s in header["spans"]], header["markdown"], published)
    target, first = header["target"], header.get("from", 0)
    while made.ready < made.total:
        while made.ready > target:
            line = source.readline()
            if not line:
                return 0
            target = max(target, int(line))
        index = made.advance()
        if index < first:
            continue
        out.write(json.dumps([index, [s.to_dict() for s in made.get(index)]]) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(0)
