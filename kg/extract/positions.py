"""The mentions of a resolution by position: those near an offset found by bisection, without reading them all
(the mentions do not move or grow while references are resolved; the index is made again if their number
changes). Used by :mod:`kg.extract.refs` and :mod:`kg.extract.naming`."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable

from kg.extract.names import Mention
from kg.extract.resolve import Resolver


@dataclass
class _Positions:
    """The mentions by position, to look up those near an offset without reading them all (the mentions do
    not move or grow while references are resolved; the index is made again if their number changes)."""

    count: int
    order: list[int]  # mention indexes sorted by (start, index)
    starts: list[int]  # their starts
    longest: int
    by_end: dict[int, list[int]]  # end offset -> mention indexes, in list order
    in_title: list[int] | None = None  # for interviewee(): mentions whose text is in the title, by position


def positions_of(r: Resolver) -> _Positions:
    """The index of ``r``'s mentions by position, made once and kept on ``r`` until their number changes."""
    cached: _Positions | None = getattr(r, "_positions", None)
    if cached is None or cached.count != len(r.mentions):
        order = sorted(range(len(r.mentions)), key=lambda i: r.mentions[i].start)
        by_end: dict[int, list[int]] = {}
        for i, m in enumerate(r.mentions):
            by_end.setdefault(m.end, []).append(i)
        cached = _Positions(len(r.mentions), order, [r.mentions[i].start for i in order],
                            max((m.end - m.start for m in r.mentions), default=0), by_end)
        r._positions = cached  # type: ignore[attr-defined]
    return cached


def between(r: Resolver, start: int, end: int) -> list[int]:
    """Indexes of the mentions that start in ``start:end``, by position."""
    p = positions_of(r)
    return p.order[bisect_left(p.starts, start):bisect_left(p.starts, end)]


def first_holding(r: Resolver, at: int, fits: Callable[[Mention], bool]) -> Mention | None:
    """The first mention in list order that holds offset ``at`` and ``fits``."""
    p = positions_of(r)
    found = [i for i in between(r, at - p.longest, at + 1) if r.mentions[i].start <= at < r.mentions[i].end
             and fits(r.mentions[i])]
    return r.mentions[min(found)] if found else None
