"""The guard's checks on query text and Accept headers, and the result writers, without a server (the server
tests are in test_serve.py)."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kg.guard import Budget, Refused, Request, answer, choose, names_service, refuse

SERVICE_SPELLINGS = [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * where { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c .SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b 1SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b true SERVICE<http://x/>{} }",
    "SELECT * WHERE {SERVICE ?e {}}",
    "SELECT * WHERE { \\u0053ERVICE <http://x/> {} }",
    "SELECT * WHERE { ?a ?b ?c } # comment\nSERVICE",
]
HARMLESS = [
    "SELECT ?service WHERE { ?s <http://schema.org/serviceType> ?service }",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s schema:serviceType ?o ; schema:availableService ?x }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE in a comment",
    "SELECT $SERVICE WHERE { ?s ?p $SERVICE }",
]


@pytest.mark.parametrize("text", SERVICE_SPELLINGS)
def test_every_spelling_of_service_is_refused(text: str) -> None:
    assert names_service(text)
    with pytest.raises(Refused) as caught:
        refuse(text)
    assert caught.value.status == 400


@pytest.mark.parametrize("text", HARMLESS)
def test_names_that_only_contain_the_word_pass(text: str) -> None:
    assert not names_service(text)
    refuse(text)


@pytest.mark.parametrize("text", ["INSERT DATA { <a:a> <a:b> <a:c> }", "LOAD <http://x/>", "CLEAR ALL"])
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(Refused, match="read-only"):
        refuse(text)


def test_accept_headers_choose_a_format() -> None:
    offered = ["application/sparql-results+json", "text/csv"]
    assert choose("", offered, offered[0]) == offered[0]
    assert choose("*/*", offered, offered[0]) == offered[0]
    assert choose("text/csv;q=0.9, application/sparql-results+json;q=0.1", offered, offered[0]) == "text/csv"
    assert choose("text/*", offered, offered[0]) == "text/csv"
    assert choose("application/json", offered, offered[0]) == offered[0]
    assert choose("image/png", offered, offered[0]) is None


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    g = ox.NamedNode("https://w3id.org/kg/graph")
    rows = [ox.Literal('a "quoted", long\nvalue ' + "x" * 140_000), ox.Literal("chat", language="fr"),
            ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), ox.BlankNode("b1"),
            ox.NamedNode("http://example.org/o")]
    for i, o in enumerate(rows):
        s.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), o, g))
    return s


QUERY = "SELECT ?s ?o ?none WHERE { ?s <http://example.org/p> ?o OPTIONAL { ?s <urn:none> ?none } } ORDER BY ?s"


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                   "text/tab-separated-values"])
def test_writers_read_back_as_oxigraph_writes_them(store: ox.Store, media: str) -> None:
    got_media, body = answer(store, Request(QUERY, accept=media), Budget(0, None))
    assert got_media == media
    fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "text/csv": ox.QueryResultsFormat.CSV,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}[media]
    expected = store.query(QUERY, use_default_graph_as_union=True).serialize(format=fmt)
    if media == "text/csv":  # the same rows (quoting may differ), a value of any length
        csv.field_size_limit(1 << 24)
        assert list(csv.reader(io.StringIO(body.decode(), newline=""))) == list(
            csv.reader(io.StringIO(expected.decode(), newline="")))
    elif media == "application/sparql-results+json":
        assert json.loads(body) == json.loads(expected)
    else:  # XML (whitespace between elements may differ) and TSV: the same terms read back
        parse = lambda data: [list(r) for r in ox.parse_query_results(data, format=fmt)]  # noqa: E731
        assert parse(body) == parse(expected)


def test_limits_stop_an_answer(store: ox.Store) -> None:
    with pytest.raises(Refused) as caught:
        answer(store, Request(QUERY), Budget(2, None))
    assert caught.value.status == 400
    with pytest.raises(Refused) as caught:
        answer(store, Request(QUERY), Budget(0, None, max_bytes=1000))
    assert caught.value.status == 400 and "larger than" in caught.value.message
    with pytest.raises(Refused) as caught:
        answer(store, Request(QUERY), Budget(0, 0.0))  # a deadline already past
    assert caught.value.status == 503
