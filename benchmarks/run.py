"""End-to-end figures for tui-reader, each against a bare Textual app measured in the same run.

    python benchmarks/run.py [--quick] [--runs N] [--presses N] [--bytes N]
                             [--no-store | --store-only | --reanchor-only]

Prints one JSON object on stdout (progress goes to stderr). Every program runs for real,
in a pseudo-terminal of 120x40 that this script reads continuously; see README.md beside
this file for what each figure means and how it is measured.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import platform
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_text  # noqa: E402  (benchmarks/gen_text.py)

SAMPLE = ROOT / "sample_docs" / "us-ecuador-joint-operations.txt"
# The start of the first paragraph under the first headline: in the reading pane only
# (the title line is also in the header, the headline also in the contents).
SAMPLE_MARKER = "The United States military has begun"
BARE_APP = HERE / "bare_app.py"
BARE_MARKER = "quick brown fox jumps"

COLS, ROWS = 120, 40
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
# DECRPM "mode 2026 is supported, currently reset": what kitty, WezTerm, foot, iTerm2,
# Windows Terminal... answer. Textual then wraps each frame in SYNC_START ... SYNC_END.
SYNC_REPLY = b"\x1b[?2026;2$y"

KEYS = {"j": b"j", "k": b"k", "l": b"l", "h": b"h", "w": b"w", "b": b"b",
        "up": b"\x1b[A", "down": b"\x1b[B"}
# Alternating pairs keep the cursor near where it started, so every press is an
# ordinary in-section move; down/w/b/up mix in row and word motion.
KEY_CYCLE = ("j", "k", "l", "h", "down", "w", "b", "up", "j", "k")

TARGETS = {
    "first_paint_sample_ratio": 1.3,
    "first_paint_10mb_ratio": 2.0,
    "cursor_key_vs_floor_p95": 1.25,
}

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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="CI smoke run: 2 MB, 3 launches, 30 presses; a store of 10,000 annotations")
    p.add_argument("--runs", type=int, help="launches of each program (default 15, quick 3)")
    p.add_argument("--presses", type=int, help="cursor keys in total (default 300, quick 30)")
    p.add_argument("--bytes", type=int, help="size of the generated text (default 10 MiB, quick 2 MiB)")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--no-store", action="store_true", help="skip the store and search figures (store_bench.py)")
    part.add_argument("--store-only", action="store_true", help="only the store and search figures")
    part.add_argument("--reanchor-only", action="store_true",
                      help="only the re-anchoring figures (reanchor_bench.py and reanchor_worst.py)")
    args = p.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    out: dict = {
        "quick": bool(args.quick),
        "textual_version": metadata.version("textual"),
        "python_version": platform.python_version(),
    }
    targets: dict = {}  # figure -> the most it may be
    targets_min: dict = {}  # figure -> the least it may be
    met: dict = {}
    if not (args.store_only or args.reanchor_only):
        terminal = measure_terminal(args)
        met.update(terminal.pop("meets_targets"))
        targets.update(terminal.pop("targets"))
        out.update(terminal)
    if not (args.no_store or args.reanchor_only):
        import store_bench  # benchmarks/store_bench.py

        log("store and search at library scale (store_bench.py)")
        store = store_bench.measure(quick=args.quick)
        out.update(store)
        targets.update(store_bench.TARGETS_MAX)
        targets_min.update(store_bench.TARGETS_MIN)
        store_met = store_bench.check_targets(store)
        if args.quick:  # the targets are for 100,000 annotations over 1,000 documents
            for key in ("tag_durable_speedup_vs_tinydb", "open_100k_store_ratio", "search_100k_p95_ms",
                        "search_vs_rapidfuzz_ratio", "export_100k_s"):
                store_met[key] = None
        met.update(store_met)
    if not args.store_only:
        import reanchor_bench  # benchmarks/reanchor_bench.py

        anchoring = reanchor_bench.measure(quick=args.quick)
        out.update(anchoring)
        targets.update(reanchor_bench.TARGETS_MAX)
        targets_min.update(reanchor_bench.TARGETS_MIN)
        met.update(reanchor_bench.check_targets(anchoring))
        import reanchor_worst  # benchmarks/reanchor_worst.py

        log("re-anchoring: the worst cases, 1,000 annotations on 1 MB")
        worst = reanchor_worst.measure(repeats=1 if args.quick else 3)
        out.update(worst)
        targets.update(reanchor_worst.TARGETS_MAX)
        met.update(reanchor_worst.check_targets(worst))
    out["targets"] = targets
    out["targets_min"] = targets_min
    out["meets_targets"] = met
    out["wall_s"] = round(time.perf_counter() - started, 1)
    # a busy machine inflates wall-clock figures: compare with nproc
    out["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(out, indent=2))
    return 0


def measure_terminal(args) -> dict:
    """First paint, cursor keys and memory of the app against the bare Textual app."""
    runs = args.runs or (3 if args.quick else 15)
    presses = args.presses or (30 if args.quick else 300)
    size = args.bytes or ((2 if args.quick else 10) * 1024 * 1024)
    per_run = math.ceil(presses / runs)

    if SAMPLE_MARKER not in SAMPLE.read_text(encoding="utf-8"):
        raise BenchError(f"{SAMPLE.name} no longer contains {SAMPLE_MARKER!r}; update SAMPLE_MARKER")

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="tui-reader-bench-"))
    runner = Runner(workdir)
    try:
        t = time.perf_counter()
        text = gen_text.generate(size)
        big = workdir / "generated.txt"
        big.write_text(text, encoding="utf-8")
        big_marker = gen_text.first_words(text)
        text_bytes = big.stat().st_size
        del text
        log(f"generated {text_bytes} bytes in {time.perf_counter() - t:.1f} s; marker {big_marker!r}")

        # Warm-up, not measured: compiles the byte-code cache (including modules that
        # load lazily on a key), fills the page cache.
        for which, doc, marker in (("bare", None, BARE_MARKER), ("app", SAMPLE, SAMPLE_MARKER),
                                   ("app", big, big_marker)):
            s = runner.launch(which, doc)
            s.wait_for_text(marker, 120)
            if doc is not SAMPLE:
                s.wait_quiet(SETTLE_FIRST_S)
                for key in dict.fromkeys(KEY_CYCLE):
                    s.press(key)
            runner.finish(s)

        paint = {"bare": [], "sample": [], "big": []}
        paint_cpu = {"bare": [], "sample": [], "big": []}
        keys = {"bare": [], "big": []}
        settle = {"bare": [], "big": []}
        rss = {"bare": [], "big": []}
        sync_seen = set()
        unsynced: list[str] = []

        def note_sync(s: Session) -> None:
            sync_seen.add(s.sync)  # known by now: the first frame may precede the reply
            if not s.sync:
                unsynced.append(s.name)
                log(f"  {s.name}: never framed its output (no synchronized output); "
                    "its frames end at a pause in the output")

        k = 0
        order = ["bare", "sample", "big"]
        for r in range(runs):
            kept: dict[str, Session] = {}  # the two programs whose cursor keys are measured
            for which in order[r % 3:] + order[: r % 3]:  # rotate: no program always goes first
                if which == "bare":
                    s = runner.launch("bare")
                    paint["bare"].append(s.wait_for_text(BARE_MARKER, 60))
                elif which == "sample":
                    s = runner.launch("app", SAMPLE)
                    paint["sample"].append(s.wait_for_text(SAMPLE_MARKER, 60))
                else:
                    s = runner.launch("app", big)
                    paint["big"].append(s.wait_for_text(big_marker, 120))
                paint_cpu[which].append(s.paint_cpu_s)
                if which in keys:
                    kept[which] = s
                    # the work it does after its first frame (tui-reader's warm-up) must
                    # not land on the next launch's start-up
                    s.wait_idle()
                else:
                    note_sync(s)
                    runner.finish(s)
            # Cursor keys, press by press in turn between the two programs (which goes
            # first alternates): both meet the same moments of a shared machine, where
            # a session of presses each would put a busy few seconds on one of them.
            for s in kept.values():
                s.wait_quiet(SETTLE_FIRST_S)
            for i in range(per_run):
                n = k + i
                key = KEY_CYCLE[n % len(KEY_CYCLE)]
                # the order flips with every press and again with every pass of the cycle,
                # so each key is pressed first in each program equally often (the cycle's
                # length is even: by the press alone, a key would always have one order)
                bare_first = (n + n // len(KEY_CYCLE)) % 2 == 0
                for which in (("bare", "big") if bare_first else ("big", "bare")):
                    first, last = kept[which].press(key)
                    keys[which].append(first)
                    settle[which].append(last)
            for which, s in kept.items():
                rss[which].append(s.peak_rss_mb())
                note_sync(s)
                runner.finish(s)
            k += per_run
            log(f"run {r + 1}/{runs}: first paint bare {paint['bare'][-1]:.3f} s, "
                f"sample {paint['sample'][-1]:.3f} s, {text_bytes / 1e6:.0f} MB {paint['big'][-1]:.3f} s; "
                f"key p50 {statistics.median(keys['big'][-per_run:]) * 1e3:.1f} ms "
                f"(floor {statistics.median(keys['bare'][-per_run:]) * 1e3:.1f} ms)")
    finally:
        runner.kill_all()
        shutil.rmtree(workdir, ignore_errors=True)

    med = statistics.median
    ms = lambda xs, q: round(percentile(xs, q) * 1e3, 2)  # noqa: E731
    out = {
        "terminal": f"{COLS}x{ROWS} xterm-256color, pty",
        "frame_end": "synchronized-output" if sync_seen == {True} else "output-gap",
        "unsynchronized_launches": unsynced,
        "runs": runs,
        "text_bytes": text_bytes,
        "sample_bytes": SAMPLE.stat().st_size,
        "first_paint_bare_s": round(med(paint["bare"]), 4),
        "first_paint_sample_s": round(med(paint["sample"]), 4),
        "first_paint_sample_ratio": round(med(paint["sample"]) / med(paint["bare"]), 3),
        "first_paint_10mb_s": round(med(paint["big"]), 4),
        "first_paint_10mb_ratio": round(med(paint["big"]) / med(paint["bare"]), 3),
        # CPU time (all threads) used by the first paint: less sensitive to a busy machine
        "first_paint_bare_cpu_s": round(med(paint_cpu["bare"]), 4),
        "first_paint_sample_cpu_s": round(med(paint_cpu["sample"]), 4),
        "first_paint_sample_cpu_ratio": round(med(paint_cpu["sample"]) / med(paint_cpu["bare"]), 3),
        "first_paint_10mb_cpu_s": round(med(paint_cpu["big"]), 4),
        "first_paint_10mb_cpu_ratio": round(med(paint_cpu["big"]) / med(paint_cpu["bare"]), 3),
        "cursor_key_presses": len(keys["big"]),
        "cursor_key_p50_ms": ms(keys["big"], 0.5),
        "cursor_key_p95_ms": ms(keys["big"], 0.95),
        "cursor_key_floor_p50_ms": ms(keys["bare"], 0.5),
        "cursor_key_floor_p95_ms": ms(keys["bare"], 0.95),
        "cursor_key_vs_floor_p95": round(percentile(keys["big"], 0.95) / percentile(keys["bare"], 0.95), 3),
        "cursor_key_settle_p50_ms": ms(settle["big"], 0.5),
        "cursor_key_settle_p95_ms": ms(settle["big"], 0.95),
        "cursor_key_floor_settle_p95_ms": ms(settle["bare"], 0.95),
        "peak_rss_10mb_mb": round(med(rss["big"]), 1),
        "peak_rss_bare_mb": round(med(rss["bare"]), 1),
        "peak_rss_10mb_vs_bare": round(med(rss["big"]) / med(rss["bare"]), 3),
        "targets": dict(TARGETS),
        "terminal_wall_s": round(time.perf_counter() - started, 1),
        "runs_s": {
            "first_paint_bare": [round(x, 3) for x in paint["bare"]],
            "first_paint_sample": [round(x, 3) for x in paint["sample"]],
            "first_paint_10mb": [round(x, 3) for x in paint["big"]],
        },
    }
    out["meets_targets"] = {key: out[key] <= limit for key, limit in TARGETS.items()}
    if text_bytes < 10 * 1024 * 1024:  # the 10 MB target says nothing about a smaller text
        out["meets_targets"]["first_paint_10mb_ratio"] = None
    return out




if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        log(f"benchmark failed: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
