"""Network analysis: `kg stats` (counts, centrality, communities) and `kg path` (chains of facts with quotes)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg import analysis
from kg.cli import main
from kg.errors import NotFoundError
from kg.namespaces import KGR, SCHEMA
from kg.query import resolve, select_values
from kg.render import project
from tests.conftest import DATA, OUT

ARTICLE_TEXT = (DATA / "articles" / "okayplayer-we-cry-together.txt").read_text(encoding="utf-8")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


# --- kg path --------------------------------------------------------------------------------------------


def test_tessa_thompson_to_hype_williams_goes_through_the_film_and_belly(seed_graph: Graph) -> None:
    chains = analysis.chains(seed_graph, "Tessa Thompson", "Hype Williams")
    assert chains, "no chain found"
    for chain in chains:
        names = [chain[0].source, *(step.target for step in chain)]
        assert names[0] == "Tessa Thompson" and names[-1] == "Hype Williams"
        assert "We Cry Together (short film)" in names and "Belly" in names
        for step in chain:
            assert step.facts, f"a step without a fact: {step}"
            for fact in step.facts:
                assert fact.evidence, f"a fact without a quote: {fact.label}"
                for e in fact.evidence:  # each quote is the article's text at its offsets
                    assert ARTICLE_TEXT[e["start"]:e["end"]] == e["quote"]
    relations = [[f.relation for f in step.facts] for step in chains[0]]
    assert relations == [["moderator"], ["about"], ["inspiredBy"], ["director"]]


def test_kg_path_prints_each_step_with_its_relation_and_quote() -> None:
    result = run("path", "Tessa Thompson", "Hype Williams", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Chain 1: Tessa Thompson → Discussion on the making of We Cry Together → We Cry Together (short film)" \
           " → Belly → Hype Williams" in out
    for relation, quote in [("moderator", "In a conversation moderated by actress Tessa Thompson"),
                            ("inspiredBy", "looking to Hype Williams-directed cult classic\u00a0Belly"),
                            ("director", "Hype Williams-directed cult classic\u00a0Belly")]:
        assert f"—{relation}→" in out and f"“{quote}" in out


def test_names_match_name_alias_or_id_ignoring_case(seed_graph: Graph) -> None:
    g = project(seed_graph)
    film = str(KGR["we-cry-together-film"])
    assert analysis.find(g, "WE CRY TOGETHER (SHORT FILM)") == film  # display label
    assert analysis.find(g, "the short film") == film  # alias
    with pytest.raises(NotFoundError, match="names 2 entities: We Cry Together \\(short film\\).*We Cry Together \\(song\\)"):
        analysis.find(g, "we cry together")  # the name the film and the song share
    assert analysis.find(g, "we-cry-together-film") == film  # id
    assert analysis.find(g, "  lamar ") == str(KGR["kendrick-lamar"])


def test_unknown_name_lists_candidates_and_exits_2() -> None:
    result = run("path", "Tessa", "Hype Williams", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 2
    assert "no entity is named 'Tessa'" in result.output
    assert "Tessa Thompson (Person, id tessa-thompson)" in result.output
    assert "Traceback" not in result.output


def test_ambiguous_name_lists_every_candidate(seed_graph: Graph) -> None:
    graph = Graph() + seed_graph
    graph.add((KGR["jake-schreier"], SCHEMA.alternateName, Literal("Free")))  # now "free" names two people
    with pytest.raises(NotFoundError) as info:
        analysis.chains(graph, "free", "Belly")
    message = info.value.message()
    assert "'free' names 2 entities" in message
    assert "Dave Free (Person, id dave-free)" in message and "Jake Schreier (Person, id jake-schreier)" in message


def test_same_entity_twice_is_an_error(seed_graph: Graph) -> None:
    with pytest.raises(NotFoundError, match="same entity"):
        analysis.chains(seed_graph, "Lamar", "kendrick lamar")


def test_articles_are_steps_only_on_request(seed_graph: Graph) -> None:
    # Okayplayer is joined to the rest only as the article's publisher
    assert analysis.chains(seed_graph, "Okayplayer", "Hype Williams") == []
    through = analysis.chains(seed_graph, "Okayplayer", "Hype Williams", through_articles=True)
    assert through and through[0][0].target == 'Kendrick Lamar Talks About the Making of "We Cry Together"'
    result = run("path", "Okayplayer", "Hype Williams", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 0 and "No chain of facts connects" in result.output


def test_several_facts_between_two_entities_are_all_shown(seed_graph: Graph) -> None:
    [chain] = analysis.chains(seed_graph, "Kendrick Lamar", "We Cry Together (short film)")
    assert [f.relation for f in chain[0].facts] == ["director", "performer", "writer"]


# --- kg stats -------------------------------------------------------------------------------------------


def test_stats_counts_agree_with_the_graph(seed_graph: Graph) -> None:
    s = analysis.stats(seed_graph)
    assert dict(s.classes) == {r["class"]: r["count"] for r in select_values(seed_graph, resolve("counts"))}
    relations = dict(s.relations)
    statements = list(seed_graph.query(
        "SELECT ?s ?r WHERE { ?s a <https://w3id.org/kg/ontology#Statement> ; <https://w3id.org/kg/ontology#relation> ?r }"))
    assert sum(relations.values()) == len(statements)
    assert relations["director"] == 4 and relations["sameAs"] == 2


def test_most_central_person_and_work(seed_graph: Graph) -> None:
    s = analysis.stats(seed_graph, top=3)
    assert len(s.people) == 3 and len(s.works) == 3
    assert s.people[0].name == "Kendrick Lamar"  # director, performer and writer of the film; performer of the song
    assert s.works[0].name == "We Cry Together (short film)"
    ranks = [c.pagerank for c in s.people]
    assert ranks == sorted(ranks, reverse=True)


def test_people_work_projection_holds_only_people_and_works(seed_graph: Graph) -> None:
    g = project(seed_graph)
    pw = analysis.people_work(g)
    assert {d["group"] for _, d in pw.nodes(data=True)} == {"Person", "Work"}
    assert pw.has_edge(str(KGR["belly"]), str(KGR["hype-williams"]))
    assert pw.edges[str(KGR["we-cry-together-film"]), str(KGR["kendrick-lamar"])]["weight"] == 3
    assert not any(g.nodes[n]["group"] == "Event" for n in pw)


def test_communities_partition_the_entities_other_than_articles(seed_graph: Graph) -> None:
    s = analysis.stats(seed_graph)
    members = [name for c in s.communities for name in c]
    expected = [d["label"] for _, d in project(seed_graph).nodes(data=True) if d["group"] != "Article"]
    assert sorted(members) == sorted(expected)  # each entity in exactly one community
    together = next(c for c in s.communities if "Belly" in c)
    assert "Hype Williams" in together
    assert analysis.stats(seed_graph).communities == s.communities  # fixed seed: the same every time


def test_kg_stats_prints_every_section() -> None:
    result = run("stats", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 0, result.output
    for heading in ("By class", "By relation", "Most central people", "Most central works", "Communities (Louvain"):
        assert heading in result.output
    people = result.output.split("Most central people")[1].splitlines()
    assert people[3].startswith("Kendrick Lamar")
