"""Validation: the shapes accept the published graph and catch each kind of broken fact, evidence or
entity, naming it in plain words; `kg validate` exit codes; `kg build` never writes an invalid graph."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import provenance
from kg.namespaces import KG, KGR, OA, PROV, ROLE, SCHEMA, WDT
from kg.validate import validate
from tests.conftest import OUT
from tests.support import run, workspace

JAKE = "We Cry Together (short film) directed by Jake Schreier"


def copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def statement(graph: Graph, label: str) -> URIRef:
    return next(s for s in graph.subjects(RDFS.label, Literal(label)) if (s, RDF.type, KG.Statement) in graph)


def evidence_of(graph: Graph, label: str) -> URIRef:
    return next(graph.subjects(OA.hasBody, statement(graph, label)))


def selector(graph: Graph, label: str, kind: URIRef) -> URIRef:
    target = graph.value(evidence_of(graph, label), OA.hasTarget)
    return next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, kind) in graph)


def drop_evidence_link(g: Graph) -> None:
    g.remove((evidence_of(g, JAKE), OA.hasBody, None))


def drop_whole_evidence(g: Graph) -> None:
    stmt = statement(g, JAKE)
    g.remove((evidence_of(g, JAKE), None, None))
    g.remove((stmt, PROV.wasDerivedFrom, None))


def shift_offsets(g: Graph) -> None:
    pos = selector(g, JAKE, OA.TextPositionSelector)
    for p in (OA.start, OA.end):
        g.set((pos, p, Literal(int(g.value(pos, p)) + 3, datatype=XSD.nonNegativeInteger)))


def wrong_prefix(g: Graph) -> None:
    g.set((selector(g, JAKE, OA.TextQuoteSelector), OA.prefix, Literal("not what stands before")))


def end_before_start(g: Graph) -> None:
    pos = selector(g, JAKE, OA.TextPositionSelector)
    g.set((pos, OA.end, Literal(1, datatype=XSD.nonNegativeInteger)))


def no_name(g: Graph) -> None:
    g.remove((KGR["jake-schreier"], SCHEMA.name, None))


def untyped_date(g: Graph) -> None:
    g.set((KGR["filming"], SCHEMA.startDate, Literal("2020")))


def role_outside_the_scheme(g: Graph) -> None:
    g.set((statement(g, JAKE), KG.role, ROLE["auteur"]))


def person_as_production_company(g: Graph) -> None:
    g.add((KGR["we-cry-together-film"], SCHEMA.productionCompany, KGR["jake-schreier"]))


def eligibility_as_nomination(g: Graph) -> None:
    stmt = next(g.subjects(KG.relation, Literal("eligibleFor")))
    g.set((stmt, RDF.predicate, WDT.P1411))
    g.add((g.value(stmt, RDF.subject), WDT.P1411, g.value(stmt, RDF.object)))


def nomination_without_a_statement(g: Graph) -> None:
    g.add((KGR["we-cry-together-film"], WDT.P1411, KGR["best-live-action-short"]))


def nomination_resting_on_the_eligibility_quote(g: Graph) -> None:
    eligible = next(g.subjects(KG.relation, Literal("eligibleFor")))
    film, category = g.value(eligible, RDF.subject), g.value(eligible, RDF.object)
    g.add((film, WDT.P1411, category))
    nomination = KGR["statement/nomination"]
    for p, o in [(RDF.type, RDF.Statement), (RDF.type, KG.Statement), (RDF.subject, film), (RDF.predicate, WDT.P1411),
                 (RDF.object, category), (KG.relation, Literal("nominatedFor")), (RDFS.label, Literal("nominated")),
                 (PROV.wasGeneratedBy, g.value(eligible, PROV.wasGeneratedBy))]:
        g.add((nomination, p, o))
    anno = next(g.subjects(OA.hasBody, eligible))
    target = g.value(anno, OA.hasTarget)
    start = int(next(g.value(s, OA.start) for s in g.objects(target, OA.hasSelector) if g.value(s, OA.start) is not None))
    end = int(next(g.value(s, OA.end) for s in g.objects(target, OA.hasSelector) if g.value(s, OA.end) is not None))
    text = str(g.value(g.value(target, OA.hasSource), SCHEMA.text))
    provenance.add_evidence(g, nomination, article_id="okayplayer-we-cry-together", text=text, start=start, end=end)


def inferred_without_how(g: Graph) -> None:
    g.remove((None, KG.howInferred, None))


def automatic_without_confidence(g: Graph) -> None:
    stmt = statement(g, JAKE)
    activity = provenance.add_activity(g, "okayplayer-we-cry-together", "automatic")
    g.set((stmt, PROV.wasGeneratedBy, activity))


def derived_without_evidence(g: Graph) -> None:
    name = next(s for s in g.subjects(KG.relation, Literal("name")))
    g.add((name, PROV.wasDerivedFrom, KGR["okayplayer-we-cry-together"]))


def triple_missing(g: Graph) -> None:
    g.remove((KGR["we-cry-together-film"], SCHEMA.director, KGR["jake-schreier"]))


def album_not_schema_album(g: Graph) -> None:
    g.remove((KGR["mr-morale"], RDF.type, SCHEMA.MusicAlbum))


def no_activity(g: Graph) -> None:
    g.remove((statement(g, JAKE), PROV.wasGeneratedBy, None))


# mutation -> (words of the message, words naming the node)
MUTATIONS: dict[Callable[[Graph], None], tuple[str, str]] = {
    drop_evidence_link: ("has no evidence", JAKE),
    drop_whole_evidence: ("has no evidence", JAKE),
    shift_offsets: ("its offsets do not slice the article to its quote", SENTENCE := "Directed by Lamar, Free and Jake Schreier"),
    wrong_prefix: ("is not the text just before the quote", SENTENCE),
    end_before_start: ("a non-negative integer before its end", SENTENCE),
    no_name: ("has no name", "Person “Jake Schreier” (kgr:jake-schreier)"),
    untyped_date: ("typed xsd:date, xsd:gYearMonth or xsd:gYear", "Filming of We Cry Together"),
    role_outside_the_scheme: ("from the scheme role:roles", JAKE),
    person_as_production_company: ("must be an organisation, not a person", "We Cry Together (short film)"),
    eligibility_as_nomination: ("an eligibility is not a nomination", "eligible for Best Live Action Short Film"),
    nomination_without_a_statement: ("that no statement states", "We Cry Together (short film)"),
    nomination_resting_on_the_eligibility_quote: ("whose only evidence is the quote of an eligibility", "nominated"),
    inferred_without_how: ("is inferred but does not say how", "took place on 2022-11-22"),
    automatic_without_confidence: ("has no confidence", JAKE),
    derived_without_evidence: ("says it was derived from the article", "Mr. Morale & the Big Steppers"),
    triple_missing: ("describes a triple that is not in the graph", JAKE),
    album_not_schema_album: ("must also be a schema:MusicAlbum", "Album “Mr. Morale & the Big Steppers”"),
    no_activity: ("which curation or extraction", JAKE),
}


def test_the_published_graph_conforms(seed_graph: Graph) -> None:
    report = validate(seed_graph)
    assert report.conforms, report.text
    assert report.text.startswith("valid: ") and not report.problems


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__)
def test_each_broken_rule_is_caught_and_named(seed_graph: Graph, mutate: Callable[[Graph], None]) -> None:
    graph = copy(seed_graph)
    mutate(graph)
    report = validate(graph)
    message, node = MUTATIONS[mutate]
    assert not report.conforms, mutate.__name__
    assert any(message in p.message and node in p.node for p in report.problems), report.text
    assert len(seed_graph) != len(graph) or set(seed_graph) != set(graph)  # the copy, not the seed, was changed


def test_kg_validate_exits_0_on_the_published_graph() -> None:
    result = run("validate", str(OUT / "graph.ttl"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: ")


def test_kg_validate_names_the_fact_whose_evidence_link_was_removed(tmp_path: Path) -> None:
    graph = Graph().parse(OUT / "graph.ttl", format="turtle")
    drop_evidence_link(graph)
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert f"error: fact “{JAKE}”" in result.output
    assert "has no evidence" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content, words", [(None, "graph file not found"), ("@prefix x: <", "cannot parse the graph"),
                                            ("", "the graph is empty")])
def test_kg_validate_bad_file_is_exit_2(tmp_path: Path, content: str | None, words: str) -> None:
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_kg_validate_without_a_file_builds_data(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert run("validate", "--data", str(ws.data)).exit_code == 0
    ws.replace("annotations/okayplayer-we-cry-together.yaml", "relation: director, object: jake-schreier",
               "relation: director, object: nobody")
    result = run("validate", "--data", str(ws.data))
    assert result.exit_code == 2 and "unknown entity id 'nobody'" in result.output


def test_build_refuses_to_replace_out_with_an_invalid_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A builder that loses evidence (simulated) makes an invalid graph: exit 1, the report, out/ untouched."""
    ws = workspace(tmp_path)
    before = ws.snapshot()
    monkeypatch.setattr(provenance, "add_evidence", lambda *args, **kwargs: None)
    result = ws.build()
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output and f"fact “{JAKE}”" in result.output
    assert "Traceback" not in result.output
    assert ws.snapshot() == before
