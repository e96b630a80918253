"""`kg explain`: what the graph says about an entity, each fact with its quote and its place in the article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg import pipeline
from kg.annotations import parse_annotation
from kg.articles import read_article
from kg.build import add_annotation, new_graph
from kg.errors import NotFoundError
from kg.explain import entity_facts, find_entity
from kg.namespaces import KGR, OA
from tests.conftest import DATA, OUT, ROOT
from tests.support import run

GRAPH = str(OUT / "graph.ttl")
ARTICLE = (DATA / "articles" / "okayplayer-we-cry-together.txt").read_text(encoding="utf-8")
SENTENCE = "Directed by Lamar, Free and Jake Schreier"


def test_jake_schreier_co_directed_the_film_says_the_sentence() -> None:
    result = run("explain", "--graph", GRAPH, "Jake Schreier")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Jake Schreier — Person")
    block = next(b for b in out.split("\n\n") if "directed by Jake Schreier" in b)
    assert "We Cry Together (short film) directed by Jake Schreier" in block
    assert "role: director, together with Dave Free and Kendrick Lamar (co-director)" in block
    assert f"quote: “{SENTENCE}”" in block
    start = ARTICLE.index(SENTENCE)
    line = ARTICLE[:start].count("\n") + 1
    assert f"characters {start}–{start + len(SENTENCE)}, line {line}" in block
    assert ARTICLE.splitlines()[line - 1].startswith(SENTENCE)  # the line number points at the sentence


def test_every_place_printed_slices_the_article_to_its_quote() -> None:
    out = run("explain", "--graph", GRAPH, "kendrick lamar").output
    places = re.findall(r"quote: “(.*?)”\n\s+where: .*?characters (\d+)–(\d+), line (\d+)", out, re.S)
    assert len(places) >= 6
    for quote, start, end, line in places:
        assert ARTICLE[int(start):int(end)] == quote
        assert ARTICLE[:int(start)].count("\n") + 1 == int(line)


@pytest.mark.parametrize("name", ["Jake Schreier", "jake schreier", "JAKE", "jake-schreier", "  Jake Schreier "])
def test_names_aliases_and_ids_in_any_case(seed_graph: Graph, name: str) -> None:
    assert find_entity(seed_graph, name) == KGR["jake-schreier"]


def test_every_fact_about_an_entity_is_listed(seed_graph: Graph) -> None:
    facts = entity_facts(seed_graph, KGR["dave-free"])
    assert {f.relation for f in facts} >= {"type", "director", "coFounder", "panelist", "influencedBy", "quotes"}
    assert facts[0].relation == "type"  # its type first, then in the order of the article
    starts = [f.evidence[0].start for f in facts[1:] if f.evidence]
    assert starts == sorted(starts)


def test_unknown_name_is_exit_2_with_suggestions() -> None:
    result = run("explain", "--graph", GRAPH, "Schreier")
    assert result.exit_code == 2
    assert "no entity is named 'Schreier'" in result.output and "did you mean 'Jake Schreier'" in result.output
    assert "Traceback" not in result.output


def test_ambiguous_name_lists_the_candidates() -> None:
    gold = ROOT / "tests" / "eval" / "gold" / "awards-kettle-lake.yaml"
    annotation = parse_annotation(gold)
    graph = add_annotation(new_graph(), annotation, read_article(ROOT / "tests" / "eval" / "articles" / "awards-kettle-lake.txt"))
    with pytest.raises(NotFoundError) as info:
        pipeline.explain_entity(graph, "kettle lake")
    message = info.value.message()
    assert "names 2 entities" in message and "Film" in message and "Book" in message
    assert info.value.exit_code == 2


def test_explain_one_fact_prints_its_evidence() -> None:
    result = run("explain", "--graph", GRAPH, "We Cry Together", "director", "Jake")
    assert result.exit_code == 0, result.output
    assert f"quote: “{SENTENCE}”" in result.output and "line " in result.output


def test_explain_a_dated_and_inferred_fact() -> None:
    result = run("explain", "--graph", GRAPH, "private screening of we cry together", "startDate", "2022-11-22")
    assert result.exit_code == 0, result.output
    assert "obtained: inferred" in result.output and "quote: “Tuesday (November 22)”" in result.output


def test_a_fact_from_outside_the_article_says_it_has_no_evidence() -> None:
    result = run("explain", "--graph", GRAPH, "the actual album", "name", "Mr. Morale & the Big Steppers")
    assert result.exit_code == 0, result.output
    assert "no evidence in the article: this fact comes from outside it" in result.output
    assert "source: not in the article" in result.output and "quote:" not in result.output


def test_a_fact_whose_evidence_was_removed_says_so(tmp_path: Path, seed_graph: Graph) -> None:
    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    fact = next(f for f in entity_facts(graph, KGR["jake-schreier"]) if f.relation == "director")
    for anno in list(graph.subjects(OA.hasBody, None)):
        if str(graph.value(anno, OA.hasBody)) == fact.iri:
            graph.remove((anno, OA.hasBody, None))
    path = tmp_path / "stripped.ttl"
    graph.serialize(path, format="turtle")
    result = run("explain", "--graph", str(path), "We Cry Together", "director", "Jake Schreier")
    assert result.exit_code == 0, result.output
    assert "no evidence: no quote in the article and no external source supports this fact" in result.output


def test_no_such_fact_is_exit_2_and_says_what_the_graph_has() -> None:
    result = run("explain", "--graph", GRAPH, "Jake Schreier", "director", "We Cry Together")
    assert result.exit_code == 2
    assert "the other way round" in result.output


def test_two_words_is_a_usage_error() -> None:
    result = run("explain", "--graph", GRAPH, "Jake", "director")
    assert result.exit_code == 2 and "SUBJECT RELATION OBJECT" in result.output
