"""Regular expressions compiled on first use.

Start-up is part of the product (the first frame must come fast), and importing the
``regex`` module and compiling Unicode-property patterns costs about 15 ms that the
first frame of most documents never needs. A :class:`LazyPattern` stands where a
compiled pattern would and compiles it the first time any of its methods is used.
Flags are written inline (``(?s)``) so that defining one needs no import.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LazyPattern", "warm_up"]

_ALL: list["LazyPattern"] = []


class LazyPattern:
    """``regex.compile(pattern)`` (or ``re`` with ``engine="re"``), done on first use."""

    __slots__ = ("pattern", "engine", "_compiled")

    def __init__(self, pattern: str, engine: str = "regex") -> None:
        self.pattern = pattern
        self.engine = engine
        self._compiled: Any = None
        _ALL.append(self)

    def compiled(self) -> Any:
        if self._compiled is None:
            module = __import__(self.engine)
            self._compiled = module.compile(self.pattern)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # only reached for what the instance does not have: the pattern's methods
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, engine={self.engine!r})"


def warm_up() -> int:
    """Compile every pattern not compiled yet; returns how many. The app calls it once the
    first frame is out, so that the first w, ( or V does not pay for the compilation."""
    cold = [p for p in _ALL if p._compiled is None]
    for p in cold:
        p.compiled()
    return len(cold)
