"""The work a body without a headline is about: the work its first lines define (""Night Ferry" is a new comedy
by ..."), or the one work a news lead names and the body names again. Used by :mod:`kg.extract.refs` (what
"the film" means) and :mod:`kg.extract.masking` (the article's topic)."""

from __future__ import annotations

import re
from typing import Any

from kg.extract.names import Mention


def lead_work(source: Any, mentions: list[Mention]) -> int | None:
    """The work a body without a headline defines in its first three lines (""Night Ferry" is a new comedy
    by ..."): the work that opens the line, followed by "is/was a/an/the". ``mentions`` sorted by start."""
    if source.headline is not None:
        return None
    text = source.text
    for s, e in source.lines()[:3]:
        first = next((m for m in mentions if s <= m.start < e and m.entity >= 0), None)
        if first is None:
            continue
        if first.kind == "work" and not first.ref and re.fullmatch(r"\W{0,2}", text[s:first.start]) and re.match(
                r"\W{0,2}\s+(?:\([^)]{0,40}\)\s+)?(?:is|was)\s+(?:a|an|the)\b", text[first.end:e]):
            return first.entity
    return _news_lead_work(source, mentions)


def _news_lead_work(source: Any, mentions: list[Mention]) -> int | None:
    """The work a news lead without a headline is about: the only work its first line names, when the
    article names it again ("... a season two order for the series 'X'." then 'X' follows ...).
    None when the first line names no work or several."""
    lines = source.lines()
    if not lines:
        return None
    s, e = lines[0]
    works = {m.entity for m in mentions if s <= m.start < e and m.entity >= 0 and m.kind == "work" and not m.ref}
    if len(works) != 1:
        return None
    (work,) = works
    later = sum(1 for m in mentions if m.start >= e and m.entity == work and not m.ref)
    return work if later >= 1 else None
