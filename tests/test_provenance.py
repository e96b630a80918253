"""Provenance in out/graph.ttl: every fact leads to its words in the article, in W3C Web Annotation and
PROV-O terms; facts from outside the article say so and are never presented as what it states."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg import pipeline
from kg.namespaces import KG, KGR, OA, PROV, SCHEMA
from tests.conftest import DATA, OUT
from tests.support import write_case


def published() -> Graph:
    return Graph().parse(OUT / "graph.ttl", format="turtle")


def article_text(graph: Graph, article: URIRef) -> str:
    """The article as stored in data/ (read as kg reads it: UTF-8, newlines kept)."""
    local = str(article).rsplit("/", 1)[-1]
    with open(DATA / "articles" / f"{local}.txt", encoding="utf-8", newline="") as fh:
        text = fh.read()
    assert str(graph.value(article, SCHEMA.text)) == text  # the graph carries the same text
    return text


def test_every_annotation_slices_the_article_to_its_exact_quote() -> None:
    graph = published()
    annotations = sorted(graph.subjects(RDF.type, OA.Annotation))
    assert len(annotations) >= 50
    for anno in annotations:
        target = graph.value(anno, OA.hasTarget)
        text = article_text(graph, graph.value(target, OA.hasSource))
        quote = next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)
        position = next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in graph)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        exact = str(graph.value(quote, OA.exact))
        assert 0 <= start < end <= len(text)
        assert text[start:end] == exact, anno
        prefix, suffix = str(graph.value(quote, OA.prefix)), str(graph.value(quote, OA.suffix))
        assert text[:start].endswith(prefix) and text[end:].startswith(suffix), anno
        assert prefix or start == 0
        assert suffix or end == len(text)


def test_every_fact_has_evidence_or_an_external_source_and_an_activity() -> None:
    graph = published()
    statements = set(graph.subjects(RDF.type, KG.Statement))
    assert len(statements) >= 60
    for stmt in statements:
        evidence = list(graph.subjects(OA.hasBody, stmt))
        source = graph.value(stmt, KG.externalSource)
        assert evidence or source, graph.value(stmt, RDFS.label)
        activity = graph.value(stmt, PROV.wasGeneratedBy)
        assert (activity, RDF.type, PROV.Activity) in graph
        assert graph.value(activity, KG.method) in (KG.curated, KG.automatic, KG.inferred)
        if evidence:
            assert (stmt, PROV.wasDerivedFrom, KGR["okayplayer-we-cry-together"]) in graph
        else:
            assert graph.value(stmt, PROV.wasDerivedFrom) is None  # not presented as what the article states


@pytest.mark.parametrize("relation", ["director", "performer", "inspiredBy", "startDate", "type", "eligibleFor"])
def test_each_kind_of_fact_carries_evidence(relation: str) -> None:
    graph = published()
    statements = list(graph.subjects(KG.relation, Literal(relation)))
    assert statements
    assert all(list(graph.subjects(OA.hasBody, s)) for s in statements)


def test_the_album_name_comes_from_outside_the_article_and_says_so() -> None:
    graph = published()
    album = KGR["mr-morale"]
    text = article_text(graph, KGR["okayplayer-we-cry-together"])
    assert "Mr. Morale" not in text and "the actual album" in text
    name = next(s for s in graph.subjects(RDF.subject, album) if graph.value(s, RDF.predicate) == SCHEMA.name)
    assert graph.value(name, RDF.object) == Literal("Mr. Morale & the Big Steppers")
    assert "track list" in str(graph.value(name, KG.externalSource))
    assert not list(graph.subjects(OA.hasBody, name))  # no quote claims the article says it
    assert graph.value(name, PROV.wasDerivedFrom) is None
    assert "not in the article" in str(graph.value(name, RDFS.label))
    # what the article does say about it keeps its evidence: it is an album, and the song is on it
    typed = next(s for s in graph.subjects(RDF.subject, album) if graph.value(s, RDF.predicate) == RDF.type)
    anno = graph.value(None, OA.hasBody, typed)
    quote = next(q for q in graph.objects(graph.value(anno, OA.hasTarget), OA.hasSelector) if graph.value(q, OA.exact))
    assert str(graph.value(quote, OA.exact)) == "the actual album"


def test_no_quote_ever_contains_a_name_the_article_does_not() -> None:
    graph = published()
    for exact in graph.objects(None, OA.exact):
        assert "Mr. Morale" not in str(exact)


def test_inferred_fact_says_how_and_automatic_fact_its_confidence(tmp_path: Path) -> None:
    graph = published()
    inferred = [s for s in graph.subjects(RDF.type, KG.Statement)
                if graph.value(graph.value(s, PROV.wasGeneratedBy), KG.method) == KG.inferred]
    assert [str(graph.value(s, RDF.object)) for s in inferred] == ["2022-11-22"]
    assert "Tuesday" in str(graph.value(inferred[0], KG.howInferred))

    text = "Directed by Ana Lima, the short film Rio premiered in 2021."
    write_case(tmp_path, "auto", text, {
        "article": "auto", "method": "automatic",
        "entities": [{"id": "rio", "type": "ShortFilm", "name": "Rio"}, {"id": "ana", "type": "Person", "name": "Ana Lima"}],
        "facts": [{"subject": "rio", "relation": "director", "object": "ana", "quote": "Directed by Ana Lima",
                   "confidence": 0.82, "rule": "passive-directed-by"}],
    })
    auto = pipeline.build_graph(tmp_path)
    stmt = next(auto.subjects(KG.relation, Literal("director")))
    assert auto.value(auto.value(stmt, PROV.wasGeneratedBy), KG.method) == KG.automatic
    assert float(auto.value(stmt, KG.confidence)) == pytest.approx(0.82)
    assert str(auto.value(stmt, KG.rule)) == "passive-directed-by"


def test_a_fact_from_outside_the_article_has_its_source_and_no_evidence(tmp_path: Path) -> None:
    text = "Rio, a short film, was shown last week."
    write_case(tmp_path, "outside", text, {
        "article": "outside",
        "entities": [{"id": "rio", "type": "ShortFilm", "name": "Rio"}],
        "facts": [{"subject": "rio", "relation": "dateCreated", "value": "2021",
                   "source": "the festival catalogue, p. 12"}],
    })
    graph = pipeline.build_graph(tmp_path)
    stmt = next(graph.subjects(KG.relation, Literal("dateCreated")))
    assert str(graph.value(stmt, KG.externalSource)) == "the festival catalogue, p. 12"
    assert not list(graph.subjects(OA.hasBody, stmt)) and graph.value(stmt, PROV.wasDerivedFrom) is None
    from kg.validate import validate

    assert validate(graph).conforms
