"""A selection of the article's text as a quote: the selected words, with the shortest prefix or suffix
(words just before or after) that makes :func:`kg.quotes.locate` find exactly that occurrence."""

from __future__ import annotations

import re

from kg.quotes import locate
from kg.errors import AnnotationError

MAX_CONTEXT = 200  # characters of prefix/suffix, at most


def _finds(text: str, quote: str, start: int, *, prefix: str | None = None, suffix: str | None = None) -> bool:
    try:
        return locate(text, quote, prefix=prefix, suffix=suffix)[0] == start
    except AnnotationError:
        return False


def anchor(text: str, start: int, end: int) -> dict[str, object]:
    """The quote ``text[start:end]`` (white space at its ends dropped), its exact offsets, and a ``prefix``
    or ``suffix`` if it occurs more than once.

    Raises:
        AnnotationError: the selection is empty or outside the text, or no context of up to
            :data:`MAX_CONTEXT` characters makes it unique.
    """
    if not (0 <= start < end <= len(text)):
        raise AnnotationError(f"selection {start}..{end} is outside the article ({len(text)} characters)",
                              hint="select words of the article text")
    quote = text[start:end]
    start += len(quote) - len(quote.lstrip())
    quote = quote.strip()
    end = start + len(quote)
    if not quote:
        raise AnnotationError("the selection holds no words", hint="select the words that state the fact")
    out: dict[str, object] = {"quote": quote, "start": start, "end": end}
    if _finds(text, quote, start):
        return out
    # grow the context a word at a time, before then after, until it singles this occurrence out
    before = [m.start() for m in re.finditer(r"\S+", text[max(0, start - MAX_CONTEXT):start])]
    after_text = text[end:end + MAX_CONTEXT]
    after = [m.end() for m in re.finditer(r"\s*\S+", after_text)]
    base = max(0, start - MAX_CONTEXT)
    for n in range(1, max(len(before), len(after)) + 1):
        if n <= len(before):
            prefix = text[base + before[-n]:start]
            if prefix.strip() and _finds(text, quote, start, prefix=prefix):
                return {**out, "prefix": prefix}
        if n <= len(after):
            suffix = after_text[:after[n - 1]]
            if suffix.strip() and _finds(text, quote, start, suffix=suffix):
                return {**out, "suffix": suffix}
    raise AnnotationError(f"no words around {quote!r} make it unique in the article",
                          hint="select a longer passage")
