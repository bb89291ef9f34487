"""The real program in a real terminal: tmux runs ``tui-reader``, keys go in, the store is checked.

Pilot tests drive the app in-process; this one goes through everything they skip: the command
line, the Linux driver, key decoding from a terminal, quitting, and the store being on disk by
the time the process is gone. The result is read back by the headless ``list --json`` command in
a second process.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

import pytest

from tui_reader.cli import sample_path
from tui_reader.document import load_document

TMUX = shutil.which("tmux")
WAIT_SECONDS = 30.0  # per step; a cold start on a slow CI machine takes a few seconds
POLL_SECONDS = 0.05
QUOTE = "Francis L. Donovan"
SECTION = "Military Leaders Praise"

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it: see .ci/run)")


class Terminal:
    """One tmux server on its own socket, with one detached 120x40 session named "reader".

    The program's exit status is written to a file by the pane's shell rather than read from
    ``#{pane_dead_status}``: Debian's tmux is built with libutempter, whose own SIGCHLD handler
    can swallow the child's exit, and then tmux never records a status (the pane stays dead
    with an empty status and a zombie process). About half the runs on this machine did so.
    """

    def __init__(self, env: dict[str, str], status_file: Path) -> None:
        self.socket = f"tui-reader-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.status_file = status_file
        self.socket_path = ""

    def start(self, command: str) -> None:
        wrapped = f"{command}; echo $? > {shlex.quote(str(self.status_file))}"
        # remain-on-exit keeps the last screen after the program ends, so a traceback can be
        # shown in the failure message; it is set before the session starts.
        self.tmux("set-option", "-g", "remain-on-exit", "on", ";",
                  "new-session", "-d", "-s", "reader", "-x", "120", "-y", "40", wrapped)
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}", check=False).stdout.strip()

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env, capture_output=True, text=True, timeout=15, check=check,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "reader", check=False).stdout

    def ended(self) -> bool:
        """True once the pane's shell has gone (its pty closed), whether or not tmux reaped it."""
        out = self.tmux("display-message", "-p", "-t", "reader", "#{pane_dead}", check=False)
        return out.returncode != 0 or out.stdout.strip() == "1"

    def exit_status(self) -> str:
        try:
            return self.status_file.read_text().strip() or "unknown"
        except FileNotFoundError:
            return "unknown"

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "reader", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "reader", "-l", text)

    def wait_for(self, what: str, ok: Callable[[str], bool], timeout: float = WAIT_SECONDS) -> str:
        """Poll the screen until ``ok(screen)`` holds; fail showing the screen if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ok(screen):
                return screen
            if self.ended():
                why = f"tui-reader ended (exit status {self.exit_status()})"
            elif time.monotonic() > deadline:
                why = f"nothing after {timeout:.0f} s"
            else:
                time.sleep(POLL_SECONDS)
                continue
            pytest.fail(f"waiting for {what}: {why}; the screen shows:\n{self.screen()}", pytrace=False)

    def wait_for_exit(self, timeout: float = WAIT_SECONDS) -> str:
        deadline = time.monotonic() + timeout
        while not self.ended():
            if time.monotonic() > deadline:
                pytest.fail(f"tui-reader was still running {timeout:.0f} s after q; the screen shows:\n"
                            f"{self.screen()}", pytrace=False)
            time.sleep(POLL_SECONDS)
        return self.exit_status()

    def kill(self) -> None:
        self.tmux("kill-server", check=False)
        if self.socket_path:  # tmux leaves its socket file behind
            Path(self.socket_path).unlink(missing_ok=True)


@pytest.mark.timeout(240)
def test_find_tag_quit_then_list(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {**os.environ, "TERM": "xterm-256color", "TUI_READER_DATA_DIR": str(data_dir),
           "SHELL": "/bin/sh"}  # tmux runs the command with $SHELL -c; the wrapper is POSIX sh
    env.pop("TMUX", None)  # a test run from inside tmux still gets its own server
    # The pane's TERM would be tmux's default-terminal, which varies by tmux version.
    command = " ".join(shlex.quote(part) for part in (
        "env", "TERM=xterm-256color", f"TUI_READER_DATA_DIR={data_dir}",
        sys.executable, "-m", "tui_reader.cli", "--data-dir", str(data_dir),
    ))

    term = Terminal(env, tmp_path / "exit-status")
    try:
        term.start(command)
        term.wait_for("the sample article", lambda s: "U.S. Military Begins Joint Operations" in s
                      and "New Security Effort Announced by the Pentagon" in s)

        term.keys("/")
        term.wait_for("the find dialog", lambda s: "Find in the document" in s)
        term.type(QUOTE)
        term.wait_for("the query in the find dialog", lambda s: QUOTE in s)
        term.keys("Enter")
        # The reading pane's border title names the current section; the contents list shows
        # every title from the start, so look for the title on the border.
        term.wait_for(f"the find dialog to close on the section {SECTION!r}",
                      lambda s: "Find in the document" not in s and f"─ {SECTION}" in s)

        term.keys("a")
        term.wait_for("the actor tag to be confirmed",
                      lambda s: f"Tagged “{QUOTE}” as actor" in s or f"actor  {QUOTE}" in s)

        term.keys("q")
        status = term.wait_for_exit()
        assert status == "0", f"tui-reader exited with status {status}; the screen shows:\n{term.screen()}"
    finally:
        term.kill()

    listed = subprocess.run(
        [sys.executable, "-m", "tui_reader.cli", "list", "--json", "--data-dir", str(data_dir)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert listed.returncode == 0, f"tui-reader list failed ({listed.returncode}):\n{listed.stderr}"
    annotations = json.loads(listed.stdout)
    assert len(annotations) == 1, f"expected one annotation, got {len(annotations)}:\n{listed.stdout}"
    (ann,) = annotations
    assert ann["quote"] == QUOTE
    assert ann["tag"] == "actor"

    document = load_document(sample_path())
    assert ann["document"] == document.id
    assert document.text[ann["start"]:ann["end"]] == ann["quote"]
    # Find starts at the cursor (offset 0 on opening), so it lands on the first occurrence.
    assert ann["start"] == document.text.index(QUOTE)
