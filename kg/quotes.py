"""Find a quote's span in its article: the words a fact cites, matched whatever the white space and the
quotation marks (straight or curly), and, where the quote occurs more than once, told apart by the words
just before or after it (``prefix``, ``suffix``). One index per article text answers every lookup.

Used by :mod:`kg.build` (each fact's span), :mod:`kg.extract.draft` (quotes that are unique) and
:mod:`kg.review` (a selection turned into a quote).
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from kg.errors import AnnotationError


def locate(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
           path: Path | None = None, line: int | None = None) -> tuple[int, int]:
    """The ``(start, end)`` of the one occurrence of ``quote`` in ``text`` (end excluded).

    ``prefix`` and ``suffix``, when given, must stand immediately before and after the quote. White space
    and quotation marks are matched as :func:`quote_pattern` says. The text is indexed once (see
    :class:`QuoteIndex`), so locating every quote of a long article takes time in proportion to the article.

    Raises:
        AnnotationError: the quote is empty, absent, or occurs more than once with no prefix or suffix
            that singles one out.
    """
    if not quote or not quote.strip():
        raise AnnotationError("empty quote", path=path, line=line, hint="quote the words of the article")
    index = quote_index(text)
    found = index.occurrences(quote)
    spans = index.narrow(found, prefix=prefix, suffix=suffix)
    if not spans:
        if found:
            raise AnnotationError(f"quote {quote!r} is in the article but not with that prefix/suffix", path=path,
                                  line=line, hint="`prefix:`/`suffix:` must be the words just before/after the quote")
        raise AnnotationError(f"quote not found in the article: {quote!r}", path=path, line=line,
                              hint="copy the words exactly from the article text")
    if len(spans) > 1:
        raise AnnotationError(f"quote occurs {len(spans)} times in the article: {quote!r}", path=path, line=line,
                              hint="add `prefix:` or `suffix:` with the words just before or after the one you mean")
    return index.span(spans[0])


_SPACES = re.compile(r"\s+")
_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_GRAM = 3


def canonical(text: str) -> str:
    """``text`` as :func:`quote_pattern` compares it: every run of white space one space, quotation marks straight."""
    return _SPACES.sub(" ", text).translate(_STRAIGHT)


_SCANS = 64  # lookups answered by scanning the text before the index of pieces is built


class QuoteIndex:
    """One article's text, canonical (:func:`canonical`) and indexed by its 3-character pieces, to find every
    occurrence of a quote (overlapping ones too, as a regular expression with a lookahead would) without
    reading the whole text for each quote. Occurrences are ``(start, end)`` in the canonical text."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        back = array("q")  # back[i]: offset in ``text`` of canonical character i
        at = 0
        for run in _SPACES.finditer(text):
            pieces.append(text[at:run.start()])
            back.extend(range(at, run.start()))
            pieces.append(" ")
            back.append(run.start())
            at = run.end()
        pieces.append(text[at:])
        back.extend(range(at, len(text)))
        self.text = "".join(pieces).translate(_STRAIGHT)
        self.back = back
        self._grams: dict[str, list[int]] | None = None
        self._lookups = 0

    @property
    def grams(self) -> dict[str, list[int]]:
        """The positions of every 3-character piece, built on first use (a few lookups scan the text instead)."""
        if self._grams is None:
            grams: dict[str, list[int]] = defaultdict(list)
            canon = self.text
            for i in range(len(canon) - _GRAM + 1):
                grams[canon[i:i + _GRAM]].append(i)
            self._grams = dict(grams)
        return self._grams

    def occurrences(self, quote: str) -> list[tuple[int, int]]:
        """Every ``(start, end)`` of ``quote`` (stripped), in order."""
        q = canonical(quote.strip())
        if not q:
            return []
        canon = self.text
        self._lookups += 1
        if len(q) < _GRAM or (self._grams is None and self._lookups <= _SCANS):
            # overlapping occurrences too, as the index finds them
            out, at = [], canon.find(q)
            while at >= 0:
                out.append((at, at + len(q)))
                at = canon.find(q, at + 1)
            return out
        last = len(q) - _GRAM
        probes = {*range(0, last + 1, max(1, last // 12 + 1)), last}
        offset = min(probes, key=lambda o: len(self.grams.get(q[o:o + _GRAM], ())))
        return [(p - offset, p - offset + len(q)) for p in self.grams.get(q[offset:offset + _GRAM], ())
                if p >= offset and canon.startswith(q, p - offset)]

    def narrow(self, spans: list[tuple[int, int]], *, prefix: str | None = None,
               suffix: str | None = None) -> list[tuple[int, int]]:
        """The ``spans`` that ``prefix`` stands right before and ``suffix`` right after (each when given)."""
        if prefix:
            before = canonical(prefix)
            spans = [(s, e) for s, e in spans if self.text.endswith(before, 0, s)]
        if suffix:
            after = canonical(suffix)
            spans = [(s, e) for s, e in spans if self.text.startswith(after, e)]
        return spans

    def span(self, found: tuple[int, int]) -> tuple[int, int]:
        """``(start, end)`` in the original text of an occurrence (its first and last characters are not white space)."""
        return self.back[found[0]], self.back[found[1] - 1] + 1


@lru_cache(maxsize=2)
def quote_index(text: str) -> QuoteIndex:
    """The :class:`QuoteIndex` of ``text``, made once for the last texts asked about."""
    return QuoteIndex(text)


_EQUIVALENT = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def quote_pattern(quote: str) -> str:
    """A regex for ``quote`` that tolerates what a person cannot see or type: any run of white space
    (the article may hold non-breaking spaces) and straight versus curly quotation marks."""
    out: list[str] = []
    for chunk in re.split(r"(\s+)", quote):
        if not chunk:
            continue
        if chunk.isspace():
            out.append(r"\s+")
        else:
            out.append("".join(_EQUIVALENT.get(ch, re.escape(ch)) for ch in chunk))
    return "".join(out)
