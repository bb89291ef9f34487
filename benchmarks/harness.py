"""What every benchmark script shares: programs run for real in a pseudo-terminal (Session),
launched with their own data folders (Runner), and the small helpers around them."""

from __future__ import annotations

import fcntl
import math
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BARE_APP = HERE / "bare_app.py"

COLS, ROWS = 120, 40
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
# DECRPM "mode 2026 is supported, currently reset": what kitty, WezTerm, foot, iTerm2,
# Windows Terminal... answer. Textual then wraps each frame in SYNC_START ... SYNC_END.
SYNC_REPLY = b"\x1b[?2026;2$y"

KEYS = {"j": b"j", "k": b"k", "l": b"l", "h": b"h", "w": b"w", "b": b"b",
        "up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D"}

ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"        # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[PX^_][^\x1b]*\x1b\\"      # DCS / SOS / PM / APC
    r"|\x1b[@-Z\\-_]"                 # two-byte escapes
    r"|[\r\n]"
)

QUIET_S = 0.12          # no output for this long: the program is idle
SETTLE_FIRST_S = 0.3    # idle this long after the first paint before pressing keys
GAP_S = 0.004           # without synchronized output, a frame ends at a gap this long


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def strip_ansi(data: bytes) -> str:
    return ANSI.sub("", data.decode("utf-8", "replace"))


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


class BenchError(RuntimeError):
    pass


class Session:
    """One program in a pseudo-terminal, its output read into a buffer with arrival times."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str, name: str) -> None:
        self.name = name
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.master = master
        self.buf = bytearray()
        self.chunk_times: list[float] = []  # arrival time of each chunk
        self.chunk_ends: list[int] = []     # buffer length after each chunk
        self.frame_ends: list[tuple[float, int]] = []  # (time, buffer index) of SYNC_END
        self.sync_starts = 0
        self.eof = False
        self._answered = False
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
            start_new_session=True, close_fds=True, preexec_fn=_controlling_tty,
        )
        os.close(slave)

    @property
    def sync(self) -> bool:
        return self.sync_starts > 0

    def read(self, timeout: float) -> bool:
        """Read one chunk if one comes within ``timeout``; False if none came."""
        if self.eof:
            return False
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        now = time.perf_counter()
        if not data:
            self.eof = True
            return False
        before = len(self.buf)
        self.buf += data
        self.chunk_times.append(now)
        self.chunk_ends.append(len(self.buf))
        scan = max(0, before - len(SYNC_QUERY))
        if not self._answered and self.buf.find(SYNC_QUERY, scan) >= 0:
            self._answered = True
            os.write(self.master, SYNC_REPLY)
        self.sync_starts += self.buf.count(SYNC_START, max(0, before - len(SYNC_START) + 1))
        i = self.buf.find(SYNC_END, max(0, before - len(SYNC_END) + 1))
        while i >= 0:
            self.frame_ends.append((now, i + len(SYNC_END)))
            i = self.buf.find(SYNC_END, i + 1)
        return True

    def _frame_open(self) -> bool:
        last_start = self.buf.rfind(SYNC_START)
        last_end = self.buf.rfind(SYNC_END)
        return last_start > last_end

    def _alive_or_fail(self, what: str) -> None:
        if self.eof or self.proc.poll() is not None:
            tail = strip_ansi(bytes(self.buf[-2000:]))[-600:]
            raise BenchError(f"{self.name}: exited while waiting for {what}; output ends: {tail!r}")

    def wait_for_text(self, marker: str, timeout: float) -> float:
        """Seconds from launch to the end of the first frame whose text shows ``marker``."""
        deadline = time.perf_counter() + timeout
        while True:
            if self.read(0.05):
                if marker in strip_ansi(bytes(self.buf)):
                    break
            else:
                self._alive_or_fail(repr(marker))
            if time.perf_counter() > deadline:
                raise BenchError(f"{self.name}: {marker!r} not painted within {timeout:.0f} s")
        t = self.chunk_times[-1]
        # With synchronized output, the paint is done when its frame is closed.
        while self.sync and self._frame_open():
            if not self.read(min(1.0, deadline - time.perf_counter())):
                self._alive_or_fail("the end of the first frame")
            if time.perf_counter() > deadline:
                raise BenchError(f"{self.name}: first frame never closed")
            t = self.chunk_times[-1]
        self.paint_cpu_s = self.cpu_s()  # a little after the paint: read as soon as seen
        return t - self.t0

    def wait_quiet(self, quiet: float, timeout: float = 20.0) -> None:
        deadline = time.perf_counter() + timeout
        while self.read(quiet):
            if time.perf_counter() > deadline:
                raise BenchError(f"{self.name}: output never went quiet")
        self._alive_or_fail("quiet")

    def press(self, key: str, quiet: float = QUIET_S, timeout: float = 10.0) -> tuple[float, float]:
        """Write ``key`` to an idle program; return (seconds to the end of the first
        frame written after it, seconds to the end of its last output before quiet)."""
        self.wait_quiet(quiet)
        mark = len(self.buf)
        n_frames = len(self.frame_ends)
        t_key = time.perf_counter()
        os.write(self.master, KEYS[key])
        deadline = t_key + timeout
        first = None
        while first is None:
            if not self.read(min(0.5, max(0.0, deadline - time.perf_counter()))):
                self._alive_or_fail(f"a frame after {key!r}")
                if time.perf_counter() > deadline:
                    raise BenchError(f"{self.name}: no frame within {timeout:.0f} s of {key!r}")
                continue
            if self.sync:
                if len(self.frame_ends) > n_frames:
                    first = self.frame_ends[n_frames][0]
            else:  # no synchronized output: a frame ends where the output pauses
                while self.read(GAP_S):
                    pass
                first = self.chunk_times[-1]
        # everything the key caused (later frames: status line, panels...)
        while self.read(quiet):
            if time.perf_counter() > deadline:
                raise BenchError(f"{self.name}: output after {key!r} never went quiet")
        settle = self.chunk_times[-1] if len(self.buf) > mark else first
        return first - t_key, settle - t_key

    def wait_idle(self, window: float = 0.1, busy: float = 0.003, timeout: float = 10.0) -> None:
        """Until the program uses less than ``busy`` seconds of CPU in ``window`` (reading
        its output meanwhile, so it never blocks on a full terminal)."""
        deadline = time.perf_counter() + timeout
        before = self.cpu_s()
        while time.perf_counter() < deadline:
            end = time.perf_counter() + window
            while (left := end - time.perf_counter()) > 0:
                self.read(left)
            self._alive_or_fail("idle")
            now = self.cpu_s()
            if now - before < busy:
                return
            before = now
        raise BenchError(f"{self.name}: still busy after {timeout:.0f} s")

    def cpu_s(self) -> float:
        """CPU time the program has used so far, all threads (ns-resolution schedstat)."""
        total = 0
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total / 1e9

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        m = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.M)
        if not m:
            raise BenchError(f"{self.name}: no VmHWM in /proc/{self.proc.pid}/status")
        return int(m.group(1)) / 1024

    def quit(self, timeout: float = 10.0) -> int | None:
        """Press q and wait for the exit; kill the process group if it does not exit."""
        try:
            if self.proc.poll() is None and not self.eof:
                os.write(self.master, b"q")
            deadline = time.perf_counter() + timeout
            while self.proc.poll() is None and time.perf_counter() < deadline:
                self.read(0.05)
            if self.proc.poll() is None:
                log(f"  {self.name}: did not quit within {timeout:.0f} s; killing it")
                self.kill()
            return self.proc.wait(timeout=5)
        finally:
            self.close()

    def kill(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                return
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                continue

    def close(self) -> None:
        if self.master >= 0:
            try:
                os.close(self.master)
            except OSError:
                pass
            self.master = -1


def _controlling_tty() -> None:
    """In the child (after setsid): make the pty its controlling terminal, as a shell would."""
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError:
        pass


def app_argv() -> list[str]:
    """The real program: the console script beside this interpreter, else the module."""
    script = Path(sys.executable).with_name("tui-reader")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "tui_reader.cli"]


class Runner:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.n = 0
        self.live: list[Session] = []

    def env(self, data_dir: Path) -> dict[str, str]:
        drop = ("TERM_PROGRAM", "COLORTERM", "NO_COLOR", "TMUX", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in drop}
        env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS),
                   TUI_READER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
        # Byte-code as an installed program has it (pip compiles on install), kept in
        # this run's temp dir: no __pycache__ is written into the project. The warm-up
        # launches fill it, even where PYTHONDONTWRITEBYTECODE is set for the shell.
        env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        # a checkout that is not installed: let `python -m tui_reader.cli` find the package
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        return env

    def launch(self, which: str, doc: Path | None = None) -> Session:
        self.n += 1
        data_dir = self.workdir / f"data-{self.n}"
        data_dir.mkdir()
        if which == "bare":
            argv = [sys.executable, str(BARE_APP)]
        else:
            argv = app_argv() + [str(doc), "--data-dir", str(data_dir)]
        s = Session(argv, self.env(data_dir), cwd=str(data_dir), name=f"{which}#{self.n}")
        self.live.append(s)
        return s

    def finish(self, s: Session) -> None:
        code = s.quit()
        self.live.remove(s)
        if code not in (0, None):
            log(f"  {s.name}: exit status {code}")

    def kill_all(self) -> None:
        for s in list(self.live):
            s.kill()
            s.close()
        self.live.clear()


def check_targets(out: dict, most: dict, least: dict | None = None) -> dict:
    """Which of ``out``'s figures meet their targets: at most ``most``, at least ``least``."""
    met = {k: out[k] <= v for k, v in most.items() if k in out}
    met.update({k: out[k] >= v for k, v in (least or {}).items() if k in out})
    return met
