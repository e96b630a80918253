"""Parameters written into query text (VALUES, for Oxigraph and endpoints) cannot break out: hostile strings read back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import QueryError
from kg.sparql import keywords, refuse_forbidden, term_text, where_group, with_values

# every character SPARQL text can hold, and the ones that matter most, often
HOSTILE = ['"', "'", "\\", "\n", "\r", "\t", "}", "{", ")", "(", "#", "<", ">", "?", "$", ".", ";", "\\u0022",
           "\\U00000022", '"""', "'''", "\\\\", "\x00", "\x7f", "\u2028", "é", "🎬", "SERVICE", "INSERT"]
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=("Cs",)), max_size=5)),
                 max_size=12).map("".join)
STORE = ox.Store()


def read_back(query: str) -> list[str]:
    return [s["v"].value for s in STORE.query(query)]  # type: ignore[index]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example('x" } } SELECT * WHERE { ?s ?p ?o } #')
@example('a\\"b')
@example('\\u0022) } #')
@example('line\nbreak"""')
def test_a_hostile_string_reads_back_exactly(value: str) -> None:
    query = with_values("SELECT ?v WHERE { }", {"v": [Literal(value)]})
    assert read_back(query) == [value]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["en", "en-GB", "x-kg-1"]))
def test_language_tagged_and_typed_strings_read_back(value: str, lang: str) -> None:
    query = with_values("SELECT ?v WHERE { }", {"v": [Literal(value, lang=lang), Literal(value, datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#string"))]})
    solutions = list(STORE.query(query))
    assert [(s["v"].value, s["v"].language) for s in solutions] == [(value, lang.lower()), (value, None)]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_rdflib_parses_the_same_values_block_into_one_value(value: str) -> None:
    """rdflib decodes \\u escapes before parsing (so a value holding them can change), yet never breaks out."""
    query = with_values("SELECT ?v WHERE { }", {"v": [Literal(value)]})
    rows = list(Graph().query(prepareQuery(query)))
    assert len(rows) == 1 and len(rows[0]) == 1
    if "\\u" not in value and "\\U" not in value:
        assert str(rows[0][0]) == value


@given(texts)
def test_values_and_init_bindings_find_the_same_stored_name(value: str) -> None:
    """The same hostile name stored in a graph is found by rdflib's initBindings and by Oxigraph's VALUES."""
    text = "SELECT ?s WHERE { ?s <http://schema.org/name> ?name }"
    graph = Graph()
    graph.add((URIRef("http://example.org/x"), URIRef("http://schema.org/name"), Literal(value)))
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://schema.org/name"), ox.Literal(value)))
    by_rdflib = [str(r[0]) for r in graph.query(text, initBindings={"name": Literal(value)})]
    by_values = [s["s"].value for s in store.query(with_values(text, {"name": [Literal(value)]}))]  # type: ignore[index]
    assert by_rdflib == by_values == ["http://example.org/x"]


@pytest.mark.parametrize("term", [URIRef("http://x.org/a b"), URIRef('http://x.org/"'), URIRef("http://x.org/>{"),
                                  Literal("x", datatype=URIRef("http://x/>"))])
def test_terms_that_cannot_be_written_safely_are_refused(term: URIRef | Literal) -> None:
    with pytest.raises(QueryError):
        term_text(term)


@pytest.mark.parametrize("name", ["a b", "a)", "1x", "x}"])
def test_bad_variable_names_are_refused(name: str) -> None:
    with pytest.raises(QueryError, match="bad parameter name"):
        with_values("SELECT * WHERE { }", {name: [Literal("x")]})


@pytest.mark.parametrize("query,expected", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {"),
    ("select ?x where{ ?x ?p ?o }", "select ?x where{"),
    ("SELECT ?x { ?x ?p ?o }", "SELECT ?x {"),
    ("ASK { ?x ?p ?o }", "ASK {"),
    ("# WHERE { not here\nSELECT * WHERE { ?x ?p ?o }", "# WHERE { not here\nSELECT * WHERE {"),
    ('SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?x ?p "{" }', "SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE {"),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } WHERE {"),
    ("PREFIX a: <http://x.org/{WHERE}#>\nSELECT * WHERE { ?x a:p ?o }", "PREFIX a: <http://x.org/{WHERE}#>\nSELECT * WHERE {"),
])
def test_values_go_at_the_start_of_the_where_group(query: str, expected: str) -> None:
    assert query[:where_group(query)] == expected


def test_a_query_without_a_where_group_cannot_take_parameters() -> None:
    with pytest.raises(QueryError, match="WHERE group"):
        where_group("DESCRIBE <http://x.org/a>")


def test_keywords_ignore_strings_iris_comments_and_prefixed_names() -> None:
    text = ('PREFIX s: <http://x.org/SERVICE#> # SERVICE in a comment\n'
            'SELECT * WHERE { ?x s:SERVICE "SERVICE" ; s:from \'FROM\' . ?service ?p """FROM\n""" }')
    assert not {"SERVICE", "FROM"} & keywords(text)
    assert "SERVICE" in keywords("SELECT * WHERE { service <http://x.org/> { ?s ?p ?o } }")


@pytest.mark.parametrize("text,word", [
    ("SELECT * WHERE { SERVICE <http://x.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://x.org/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("INSERT DATA { <a:a> <a:b> <a:c> }", "update"),
])
def test_forbidden_operations_are_refused(text: str, word: str) -> None:
    with pytest.raises(QueryError, match=word):
        refuse_forbidden(text, name="inline")
