"""Names are what the world calls things (issue 14): ``schema:name`` is the title or name as written, a
label that tells two things apart is ``rdfs:label``, a short description ``schema:disambiguatingDescription``.

The competency question "directors, cast, album, influences and screening of the work named 'We Cry
Together'" is asked in schema.org terms alone (with Wikidata's ``wdt:P941`` for "inspired by", for which
schema.org has no term), over the graph ``kg build`` publishes, without our ontology loaded.
"""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, Graph, URIRef

from kg.annotations import parse_annotation
from kg.namespaces import KG, SCHEMA
from kg.query import resolve, select_values
from tests.conftest import DATA, OUT

SCHEMA_ONLY = """PREFIX schema: <http://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
"""


def published() -> Graph:
    graph = Graph()
    graph.parse(OUT / "graph.ttl", format="turtle")
    return graph


def rows(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in graph.query(SCHEMA_ONLY + query)}


def test_the_film_and_the_song_are_found_by_their_title() -> None:
    g = published()
    found = rows(g, 'SELECT ?type ?description WHERE { ?w schema:name "We Cry Together" ; a ?type ; '
                    "schema:disambiguatingDescription ?description . "
                    "FILTER(?type IN (schema:Movie, schema:MusicRecording)) }")
    assert found == {("http://schema.org/Movie", "2022 short film"),
                     ("http://schema.org/MusicRecording", "2022 song by Kendrick Lamar")}


def test_directors_cast_album_influences_and_screening_of_the_work_named_we_cry_together() -> None:
    g = published()
    work = '?w schema:name "We Cry Together" ; schema:disambiguatingDescription ?d .'
    assert rows(g, f"SELECT ?d ?n WHERE {{ {work} ?w schema:director/schema:name ?n }}") == {
        ("2022 short film", "Kendrick Lamar"), ("2022 short film", "Dave Free"), ("2022 short film", "Jake Schreier")}
    assert rows(g, f"SELECT ?d ?n WHERE {{ {work} ?w schema:actor|schema:byArtist ?p . ?p schema:name ?n }}") == {
        ("2022 short film", "Kendrick Lamar"), ("2022 short film", "Taylour Paige"),
        ("2022 song by Kendrick Lamar", "Kendrick Lamar"), ("2022 song by Kendrick Lamar", "Taylour Paige")}
    assert rows(g, f"SELECT ?d ?n WHERE {{ {work} ?w schema:inAlbum/schema:name ?n }}") == {
        ("2022 song by Kendrick Lamar", "Mr. Morale & the Big Steppers")}
    assert rows(g, f"SELECT ?d ?n WHERE {{ {work} ?w wdt:P941/schema:name ?n }}") == {
        ("2022 short film", "Belly"), ("2022 short film", "Quentin Tarantino films")}
    assert rows(g, f"SELECT ?d ?n ?date WHERE {{ {work} ?s schema:workPresented ?w ; schema:name ?n ; "
                   "schema:startDate ?date }") == {
        ("2022 short film", "Private screening of We Cry Together", "2022-11-22")}
    # the song is based on the film: both found by the one title
    assert rows(g, 'SELECT ?a ?b WHERE { ?s schema:isBasedOn ?f ; schema:disambiguatingDescription ?a . '
                   '?s schema:name "We Cry Together" . ?f schema:name "We Cry Together" ; '
                   "schema:disambiguatingDescription ?b }") == {("2022 song by Kendrick Lamar", "2022 short film")}


def test_the_named_query_work_answers_the_same_question_by_title(seed_graph: Graph) -> None:
    named = resolve("work")
    assert "kg:" not in named.text and "rdfs:" not in named.text
    answer = {(r["description"], r["fact"], r["answer"])
              for r in select_values(seed_graph, named, {"work_name": "we cry together"})}
    film, song = "2022 short film", "2022 song by Kendrick Lamar"
    assert answer == {
        (film, "director", "Dave Free"), (film, "director", "Jake Schreier"), (film, "director", "Kendrick Lamar"),
        (film, "cast", "Kendrick Lamar"), (film, "cast", "Taylour Paige"),
        (film, "inspired by", "Belly"), (film, "inspired by", "Quentin Tarantino films"),
        (film, "screening", "Private screening of We Cry Together, 2022-11-22"),
        (song, "album", "Mr. Morale & the Big Steppers"), (song, "based on", "We Cry Together (2022 short film)"),
        (song, "cast", "Kendrick Lamar"), (song, "cast", "Taylour Paige")}


def test_display_labels_tell_the_two_apart_and_names_do_not(seed_graph: Graph) -> None:
    film, song = URIRef("https://w3id.org/kg/id/we-cry-together-film"), URIRef("https://w3id.org/kg/id/we-cry-together-song")
    assert str(seed_graph.value(film, SCHEMA.name)) == str(seed_graph.value(song, SCHEMA.name)) == "We Cry Together"
    assert str(seed_graph.value(film, RDFS.label)) == "We Cry Together (short film)"
    assert str(seed_graph.value(song, RDFS.label)) == "We Cry Together (song)"


def _normal(text: str) -> str:
    return " ".join(re.sub("[“”]", '"', text).split()).casefold()


def test_every_entity_of_the_seed_is_named_as_the_article_names_it(seed_graph: Graph) -> None:
    """Each entity's ``schema:name`` is words of the article (any case), unless the name comes from outside
    it (``source``) or the thing is an event the article does not name; no name carries a qualifier the
    article does not write, such as "(short film)"."""
    annotation = parse_annotation(DATA / "annotations" / "okayplayer-we-cry-together.yaml")
    text = _normal((DATA / "articles" / "okayplayer-we-cry-together.txt").read_text(encoding="utf-8"))
    checked = 0
    for entity in annotation.entities:
        node = URIRef(f"https://w3id.org/kg/id/{entity.id}")
        names = [str(n) for n in seed_graph.objects(node, SCHEMA.name)]
        assert names == [entity.name], entity.id
        name = names[0]
        assert not re.search(r"\(.*\)\s*$", name) or _normal(name) in text, f"{entity.id}: {name!r} carries a qualifier"
        unnamed_event = (node, RDF.type, SCHEMA.Event) in seed_graph and _normal(name) not in text
        if entity.source or unnamed_event:
            continue
        assert _normal(name) in text, f"{entity.id}: the article never writes {name!r}"
        checked += 1
    assert checked >= 15
    # every thing the graph describes has a name and a label, and the label is the name unless told apart
    for node in set(seed_graph.subjects(SCHEMA.name, None)):
        if (node, RDF.type, KG.Statement) in seed_graph:
            continue
        label = seed_graph.value(node, RDFS.label)
        assert label is not None, node
        if str(label) != str(seed_graph.value(node, SCHEMA.name)):
            assert seed_graph.value(node, SCHEMA.disambiguatingDescription) is not None, node
