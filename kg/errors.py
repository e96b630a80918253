"""The errors every stage raises. The CLI turns each into one message and an exit code.

Exit codes (documented in the README): 0 ok, 1 invalid data (the graph does not conform to the
shapes), 2 bad input or usage (unreadable or inconsistent files, unknown names, bad queries).
"""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base of all errors ``kg`` raises on purpose.

    Attributes:
        what: what is wrong, in one sentence.
        path: the file concerned, if any.
        line: the 1-based line in that file, if known.
        hint: how to fix it.
    """

    exit_code = 2

    def __init__(
        self, what: str, *, path: str | Path | None = None, line: int | None = None, hint: str | None = None
    ) -> None:
        self.what = what
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        """One line: ``file:line: what is wrong (how to fix it)``."""
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        fix = f"\n  how to fix: {self.hint}" if self.hint else ""
        return f"{where}{self.what}{fix}"


class InputError(KgError):
    """Input that cannot be read: missing folder or file, not UTF-8, empty, malformed YAML."""


class TooLargeError(InputError):
    """An input over a documented size limit (an article longer than ``kg extract`` takes, see
    :data:`kg.extract.source.MAX_TEXT_CHARS`): refused before any work starts rather than run for long."""


class AnnotationError(KgError):
    """An annotation that does not fit its article or the ontology: unknown id, duplicate id,
    a quote not in the article or ambiguous, a relation whose subject or object has the wrong type."""


class QueryError(KgError):
    """A SPARQL query that cannot run: unknown name, syntax error, bad parameter, time or row limit."""


class NotFoundError(KgError):
    """A name that matches no entity, or more than one."""


class StoreError(KgError):
    """A store, endpoint or server that cannot be opened or reached."""


class InvalidGraphError(KgError):
    """A graph that does not conform to the SHACL shapes. ``report`` holds the readable report."""

    exit_code = 1

    def __init__(self, what: str, *, report: str = "", **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.report = report
        super().__init__(what, **kwargs)
