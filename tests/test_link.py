"""Wikidata alignment: owl:sameAs only from the reviewed table, each link a fact with its source; kg link --check."""

from __future__ import annotations

import csv
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, Graph

from kg import pipeline
from kg.cli import main
from kg.errors import InputError
from kg.link import read_table
from kg.namespaces import KG, KGR, OA, PROV, WD
from kg.validate import validate
from tests.conftest import DATA

TABLE = DATA / "wikidata.csv"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def table_rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_table_holds_the_ids_the_team_is_sure_of_each_with_a_source() -> None:
    rows = table_rows()
    assert {(r["id"], r["wikidata"]) for r in rows} >= {("kendrick-lamar", "Q130798"), ("quentin-tarantino", "Q3772")}
    for row in rows:
        assert row["source"].strip() and row["label"].strip(), row


def test_same_as_comes_only_from_the_table(seed_graph: Graph) -> None:
    links = set(seed_graph.subject_objects(OWL.sameAs))
    assert links == {(KGR[r["id"]], WD[r["wikidata"]]) for r in table_rows()}
    assert (KGR["kendrick-lamar"], WD["Q130798"]) in links and (KGR["quentin-tarantino"], WD["Q3772"]) in links


def test_each_link_is_an_external_fact_never_an_annotation_of_the_article(seed_graph: Graph) -> None:
    for entity, item in seed_graph.subject_objects(OWL.sameAs):
        [stmt] = [s for s in seed_graph.subjects(RDF.subject, entity)
                  if seed_graph.value(s, RDF.predicate) == OWL.sameAs and seed_graph.value(s, RDF.object) == item]
        assert (stmt, RDF.type, KG.Statement) in seed_graph
        row = next(r for r in table_rows() if KGR[r["id"]] == entity)
        assert str(seed_graph.value(stmt, KG.externalSource)) == row["source"]
        assert not list(seed_graph.subjects(OA.hasBody, stmt)), "a link must not pretend a quote"
        assert not list(seed_graph.objects(stmt, PROV.wasDerivedFrom)), "a link is not from the article"
        activity = seed_graph.value(stmt, PROV.wasGeneratedBy)
        assert seed_graph.value(activity, KG.method) == KG.curated
    assert validate(seed_graph).conforms


@pytest.mark.parametrize("row,message", [
    ("no-such-entity,Q1,No Such,reviewed", "entity 'no-such-entity' is in no annotation"),
    ("hype-williams,Q130798,Kendrick Lamar,reviewed", "is not the name of 'hype-williams'"),
    ("hype-williams,130798,Hype Williams,reviewed", "is not a Wikidata item id"),
    ("hype-williams,Q5,Hype Williams,", "needs an entity id, its label and the source"),
    ("kendrick-lamar,Q130798,Kendrick Lamar,again", "listed twice"),
])
def test_a_bad_row_stops_the_build_naming_its_line(row: str, message: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    table = data / "wikidata.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([*lines, row]) + "\n", encoding="utf-8")
    result = run("build", "--data", str(data), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert f"wikidata.csv:{len(lines) + 1}" in result.output and message in result.output
    assert not (tmp_path / "out").exists()


def test_no_table_means_no_links(tmp_path: Path) -> None:
    assert read_table(tmp_path / "wikidata.csv") == []
    with pytest.raises(InputError, match="no column"):
        (tmp_path / "bad.csv").write_text("id,wikidata\nkendrick-lamar,Q130798\n", encoding="utf-8")
        read_table(tmp_path / "bad.csv")


def test_link_check_reports_the_entities_without_an_id() -> None:
    result = run("link", "--check", "--data", str(DATA))
    assert result.exit_code == 0, result.output
    graph = pipeline.build_graph(DATA)
    linked = {str(s) for s in graph.subjects(OWL.sameAs, None)}
    listed = [line for line in result.output.splitlines()[4:] if line.strip()]
    ids = {line.split()[-1] for line in listed}
    assert "tessa-thompson" in ids and "hype-williams" in ids
    assert not {str(KGR[i]) for i in ids} & linked
    assert "Kendrick Lamar" not in result.output.replace("Kendrick Lamar Talks", "")
    assert result.output.startswith(f"{len(listed)} of {len(listed) + len(linked)} entities have no Wikidata id")


def test_link_lists_ids_with_their_source() -> None:
    result = run("link", "--data", str(DATA))
    assert result.exit_code == 0
    [line] = [line for line in result.output.splitlines() if line.split("  ")[0] == "Kendrick Lamar"]
    assert "Q130798" in line and "wikidata.org/wiki/Q130798" in line


def test_build_link_and_export_touch_no_network(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert run("build", "--data", str(DATA), "--out", str(tmp_path / "out"), "-q").exit_code == 0
    assert run("link", "--check", "--data", str(DATA)).exit_code == 0
    graph_file = str(tmp_path / "out" / "graph.ttl")
    for name in ("g.jsonld", "g.trig", "g.gexf"):
        result = run("export", "-o", str(tmp_path / name), "--graph", graph_file)
        assert result.exit_code == 0, result.output
