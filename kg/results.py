"""SPARQL answers written in the standard result formats, row by row, so ``kg serve`` can stop at a limit.

Oxigraph's own writer takes a whole answer and cannot be stopped after ``n`` rows or at a deadline, so
``kg serve`` writes the rows it reads itself: SPARQL 1.1 Query Results JSON, XML, CSV and TSV
(https://www.w3.org/TR/sparql11-results-json/, .../rdf-sparql-XMLres/, .../sparql11-results-csv-tsv/).
A :class:`Writer` turns one row at a time into bytes; :data:`FORMATS` maps each media type to one.
Graph answers (``CONSTRUCT``, ``DESCRIBE``) are written by Oxigraph's RDF writers (see :mod:`kg.guard`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>")


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


class Writer:
    """Writes one answer: :meth:`head`, then :meth:`row` per solution, then :meth:`tail` (all return bytes)."""

    def __init__(self, variables: Sequence[str]) -> None:
        self.variables = list(variables)
        self.rows = 0

    def head(self) -> bytes:
        raise NotImplementedError

    def row(self, values: Sequence[Any]) -> bytes:
        raise NotImplementedError

    def tail(self) -> bytes:
        raise NotImplementedError

    @staticmethod
    def boolean(value: bool) -> bytes:
        raise NotImplementedError


class JsonWriter(Writer):
    def head(self) -> bytes:
        return ('{"head":{"vars":' + json.dumps(self.variables) + '},"results":{"bindings":[').encode()

    def row(self, values: Sequence[Any]) -> bytes:
        binding = {name: _json_term(v) for name, v in zip(self.variables, values) if v is not None}
        self.rows += 1
        return ((",\n" if self.rows > 1 else "\n") + json.dumps(binding, ensure_ascii=False)).encode()

    def tail(self) -> bytes:
        return b"\n]}}\n"

    @staticmethod
    def boolean(value: bool) -> bytes:
        return b'{"head":{},"boolean":' + (b"true" if value else b"false") + b"}\n"


class XmlWriter(Writer):
    def head(self) -> bytes:
        names = "".join(f"<variable name={quoteattr(v)}/>" for v in self.variables)
        return f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head>{names}</head><results>\n'.encode()

    def row(self, values: Sequence[Any]) -> bytes:
        bound = "".join(f"<binding name={quoteattr(name)}>{_xml_term(v)}</binding>"
                        for name, v in zip(self.variables, values) if v is not None)
        return f"<result>{bound}</result>\n".encode()

    def tail(self) -> bytes:
        return b"</results></sparql>\n"

    @staticmethod
    def boolean(value: bool) -> bytes:
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()


class CsvWriter(Writer):
    """RFC 4180 rows; a value of any length is written whole (Python's csv limit is on reading only)."""

    def _line(self, cells: Sequence[str]) -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(cells)
        return out.getvalue().encode()

    def head(self) -> bytes:
        return self._line(self.variables)

    def row(self, values: Sequence[Any]) -> bytes:
        return self._line([_csv_value(v) for v in values])

    def tail(self) -> bytes:
        return b""

    @staticmethod
    def boolean(value: bool) -> bytes:
        return b"true\r\n" if value else b"false\r\n"


class TsvWriter(Writer):
    """Terms in N-Triples syntax (pyoxigraph's ``str``), which escapes tabs and new lines inside literals."""

    def head(self) -> bytes:
        return ("\t".join(f"?{v}" for v in self.variables) + "\n").encode()

    def row(self, values: Sequence[Any]) -> bytes:
        return ("\t".join("" if v is None else str(v) for v in values) + "\n").encode()

    def tail(self) -> bytes:
        return b""

    @staticmethod
    def boolean(value: bool) -> bytes:
        return b"true\n" if value else b"false\n"


#: media type -> writer of SELECT/ASK answers; the first is the default
FORMATS: dict[str, Callable[[Sequence[str]], Writer]] = {
    "application/sparql-results+json": JsonWriter,
    "application/sparql-results+xml": XmlWriter,
    "text/csv": CsvWriter,
    "text/tab-separated-values": TsvWriter,
}
#: other names clients use for the same formats (and the ``format=`` parameter's short names)
ALIASES = {"application/json": "application/sparql-results+json", "json": "application/sparql-results+json",
           "application/xml": "application/sparql-results+xml", "text/xml": "application/sparql-results+xml",
           "xml": "application/sparql-results+xml", "csv": "text/csv", "tsv": "text/tab-separated-values",
           "turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
