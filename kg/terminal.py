"""Text that is safe to print on a terminal: the one function every printed name, quote and message goes through.

Article text reaches the output (names, aliases, quotes, error messages that repeat what was given). A
control character in it would be run by the terminal, not shown: ``ESC [2J`` clears the screen, ``ESC ]0;``
retitles the window, a bidirectional override (U+202E) reorders what follows. :func:`printable` shows
each such character as an escape instead (``\\x1b``, ``\\u202e``), and leaves every other character, any
script and emoji included, as it is.
"""

from __future__ import annotations

import re

#: C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional formatting characters
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
#: the same, with tab and line feed: one table cell is one line
_UNSAFE_CELL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, cell: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an escape.

    Line feeds and tabs are kept (they lay out the output) unless ``cell``: in a table cell they are
    escaped too. Idempotent: the result has nothing left to escape.

    >>> printable("Lamar\\x1b[2J")
    'Lamar\\\\x1b[2J'
    >>> printable("a\\tb\\nc", cell=True)
    'a\\\\x09b\\\\x0ac'
    >>> printable("Beyoncé ✓")
    'Beyoncé ✓'
    """
    return (_UNSAFE_CELL if cell else _UNSAFE).sub(_escape, text)
