"""SPARQL text, read safely: a small lexer, forbidden operations, syntax-error positions, and
parameter values as a ``VALUES`` block for engines that cannot bind them natively.

Parameters are bound with rdflib's ``initBindings`` on the default store. Oxigraph's native binding
(SEP-0007 substitution, which oxrdflib uses for ``initBindings``) needs every parameter in the
projection, leaves ``BOUND(?param)`` false, and turns an index lookup through a property path into a
scan (23 ms instead of 0.04 ms at 1M triples); a remote endpoint has no binding at all. For those,
:func:`with_values` puts the values in a ``VALUES`` block at the start of the ``WHERE`` group, written
by :func:`term_text`, which accepts only IRIs and literals it can prove well formed and escapes every
character that could end a string (tests throw hostile strings at it and read them back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

from rdflib import Literal, URIRef

from kg.errors import QueryError

_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.DOTALL)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r'[^\s{}()<>"\'#,;\[\]]+')
_LANG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}

#: operations a local query may not use: SERVICE reaches the network, FROM makes rdflib fetch an IRI
FORBIDDEN_LOCAL = ("SERVICE", "FROM")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class Token:
    """One lexical unit of a query: ``kind`` is ``word``, ``string``, ``iri``, ``punct`` or ``other``."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, skipping whitespace and ``#`` comments (a ``#`` in an IRI or string is kept)."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            m = _STRING.match(text, i)
            if not m:  # an unterminated string: the rest is one token, the engine reports the error
                yield Token("string", text[i:], i)
                return
            yield Token("string", m.group(), i)
            i = m.end()
        elif c == "<" and (m := _IRIREF.match(text, i)):
            yield Token("iri", m.group(), i)
            i = m.end()
        elif c in "{}()[],;":
            yield Token("punct", c, i)
            i += 1
        elif m := _WORD.match(text, i):
            yield Token("word", m.group(), i)
            i = m.end()
        else:
            yield Token("other", c, i)
            i += 1


def keywords(text: str) -> set[str]:
    """The bare words of ``text`` in upper case (not those inside strings, IRIs, comments or prefixed names)."""
    return {t.text.upper() for t in tokens(text) if t.kind == "word"}


def refuse_forbidden(text: str, *, name: str, words: Sequence[str] = FORBIDDEN_LOCAL) -> None:
    """Refuse a query that uses one of ``words`` (by default ``SERVICE`` and ``FROM``).

    Raises:
        QueryError: the query names one of them, or is an update.
    """
    found = keywords(text)
    if found & set(UPDATE_WORDS) and not found & set(QUERY_FORMS):
        raise QueryError(f"query {name!r} is an update; kg only reads graphs",
                         hint="use SELECT, ASK, CONSTRUCT or DESCRIBE")
    for word in words:
        if word in found:
            raise QueryError(f"query {name!r} uses {word}, which kg does not run: nothing may reach the network "
                             "or another graph at run time", hint=f"remove the {word} clause")


def where_group(text: str) -> int:
    """The offset just after the ``{`` that opens the query's ``WHERE`` group.

    Raises:
        QueryError: no such group (not a query, or a ``CONSTRUCT`` without ``WHERE``).
    """
    brace = paren = 0
    form = after_where = False
    for tok in tokens(text):
        if tok.kind == "word" and brace == 0 and paren == 0:
            word = tok.text.upper()
            if word in QUERY_FORMS:
                form = word != "CONSTRUCT"
            elif word == "WHERE":
                after_where = True
        elif tok.kind == "punct":
            if tok.text == "(":
                paren += 1
            elif tok.text == ")":
                paren -= 1
            elif tok.text == "{":
                if brace == 0 and paren == 0 and (after_where or form):
                    return tok.start + 1
                brace += 1
            elif tok.text == "}":
                brace -= 1
    raise QueryError("cannot find the query's WHERE group to bind parameters in",
                     hint="write parameterised queries as `SELECT ... WHERE { ... }`")


def term_text(term: URIRef | Literal) -> str:
    """``term`` as SPARQL text that reads back as exactly ``term``: an ``<IRI>`` or a ``"string"``
    (every quote, backslash and line break escaped) with its language tag or datatype.

    Raises:
        QueryError: an IRI with characters an IRI may not hold, a bad language tag, another kind of term.
    """
    if isinstance(term, Literal):
        body = '"' + "".join(_ECHAR.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not _LANG.fullmatch(term.language):
                raise QueryError(f"bad language tag {term.language!r}", hint="use a tag like en or en-GB")
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^{term_text(URIRef(term.datatype))}"
        return body
    if isinstance(term, URIRef):
        text = f"<{term}>"
        if not _IRIREF.fullmatch(text):
            raise QueryError(f"{str(term)!r} is not an IRI that can be written in a query",
                             hint="an IRI may not hold spaces, quotes, <, >, {, }, |, ^, ` or backslashes")
        return text
    raise QueryError(f"cannot bind {term!r}", hint="bind IRIs or literals")


def values_block(rows: Mapping[str, Sequence[URIRef | Literal]]) -> str:
    """``VALUES (?a ?b) { (x y) ... }``: one row per combination of the given values (one line, no newline).

    Raises:
        QueryError: a variable name that is not a SPARQL name, or a term :func:`term_text` refuses.
    """
    names = list(rows)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}", hint="use letters, digits and _")
    combos: list[list[str]] = [[]]
    for name in names:
        combos = [c + [term_text(v)] for c in combos for v in rows[name]]
    head = " ".join(f"?{n}" for n in names)
    body = " ".join("(" + " ".join(c) + ")" for c in combos)
    return f"VALUES ({head}) {{ {body} }}"


def with_values(text: str, rows: Mapping[str, Sequence[URIRef | Literal]]) -> str:
    """``text`` with a ``VALUES`` block for ``rows`` at the start of its ``WHERE`` group (same line numbers).

    Raises:
        QueryError: see :func:`where_group` and :func:`values_block`.
    """
    if not rows:
        return text
    at = where_group(text)
    return f"{text[:at]} {values_block(rows)} {text[at:]}"


_POSITION = re.compile(r"(?:error at |line:?\s*)(\d+)(?::|,\s*col(?:umn)?:?\s*)(\d+)", re.IGNORECASE)


def error_position(message: str) -> tuple[int | None, int | None]:
    """The (line, column) an engine's syntax-error message names, e.g. Oxigraph's ``error at 3:10``."""
    m = _POSITION.search(message)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)
