"""The interoperability contract: out/graph.ttl answers schema.org/Wikidata-only queries, ontology not loaded."""

from __future__ import annotations

from rdflib import Graph

from tests.conftest import OUT

PREFIXES = "PREFIX schema: <http://schema.org/>\nPREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"


def names(graph: Graph, query: str) -> set[str]:
    return {str(row[0]) for row in graph.query(PREFIXES + query)}


def published() -> Graph:
    graph = Graph()
    graph.parse(OUT / "graph.ttl", format="turtle")
    return graph


FILM = '?film a schema:Movie ; schema:name "We Cry Together" .'


def test_schema_only_directors_performers_companies_founder() -> None:
    g = published()
    assert names(g, f"SELECT ?n WHERE {{ {FILM} ?film schema:director/schema:name ?n }}") == {
        "Kendrick Lamar", "Dave Free", "Jake Schreier"}
    assert names(g, f"SELECT ?n WHERE {{ {FILM} ?film schema:actor/schema:name ?n }}") == {
        "Kendrick Lamar", "Taylour Paige"}
    assert names(g, f"SELECT ?n WHERE {{ {FILM} ?film schema:productionCompany/schema:name ?n }}") == {
        "pgLang", "project3", "Park Pictures"}
    assert names(g, 'SELECT ?n WHERE { ?o a schema:Organization ; schema:name "pgLang" ; schema:founder/schema:name ?n }') == {
        "Dave Free"}


def test_exactly_one_node_per_person_named() -> None:
    g = published()
    people = names(g, "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }")
    assert people == {"Kendrick Lamar", "Taylour Paige", "Tessa Thompson", "Dave Free", "Jake Schreier",
                      "Hype Williams", "Quentin Tarantino"}
    assert len(list(g.query(PREFIXES + "SELECT ?p WHERE { ?p a schema:Person }"))) == 7


def test_classes_in_schema_terms() -> None:
    g = published()
    for cls, name in [("Movie", "Belly"), ("MusicRecording", "We Cry Together"),
                      ("MusicAlbum", "Mr. Morale & the Big Steppers"), ("ScreeningEvent", "Private screening of We Cry Together"),
                      ("Event", "Discussion on the making of We Cry Together"), ("Organization", "Okayplayer"),
                      ("NewsArticle", 'Kendrick Lamar Talks About the Making of "We Cry Together"')]:
        assert names(g, f"SELECT ?n WHERE {{ ?x a schema:{cls} ; schema:name ?n }}") >= {name}, cls


def test_film_and_song_are_two_works_linked_and_on_the_album() -> None:
    g = published()
    assert names(g, "SELECT ?n WHERE { ?s schema:isBasedOn ?f . ?f a schema:Movie ; schema:name ?n }") == {
        "We Cry Together"}
    assert names(g, "SELECT ?n WHERE { ?s a schema:MusicRecording ; schema:inAlbum/schema:name ?n }") == {
        "Mr. Morale & the Big Steppers"}


def test_influence_and_award_terms() -> None:
    g = published()
    assert names(g, f"SELECT ?n WHERE {{ {FILM} ?film wdt:P941/schema:name ?n }}") == {"Belly", "Quentin Tarantino films"}
    assert names(g, "SELECT ?x WHERE { ?x wdt:P1411|wdt:P166 ?y }") == set()


def test_screening_date_and_work_presented() -> None:
    g = published()
    rows = list(g.query(PREFIXES + "SELECT ?d ?n WHERE { ?s a schema:ScreeningEvent ; schema:startDate ?d ; "
                                   "schema:workPresented/schema:name ?n }"))
    assert [(str(d), str(n)) for d, n in rows] == [("2022-11-22", "We Cry Together")]


def test_moderator_and_speakers_are_schema_performers() -> None:
    g = published()
    assert names(g, "SELECT ?n WHERE { ?e schema:superEvent ?s . ?s a schema:ScreeningEvent . "
                    "?e schema:performer/schema:name ?n }") == {"Tessa Thompson", "Kendrick Lamar", "Dave Free"}


def test_uses_http_schema_org_only() -> None:
    text = (OUT / "graph.ttl").read_text(encoding="utf-8")
    assert "https://schema.org/" not in text
