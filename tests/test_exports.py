"""`kg export`: every format read back by an independent reader.

RDF formats by rdflib AND pyoxigraph (isomorphic to the graph after normalising literals: Oxigraph
types plain literals as xsd:string), GraphML and GEXF by networkx, CSV by the csv module.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from kg import pipeline
from kg.cli import main
from kg.errors import InputError
from kg.render import project
from kg.trig import graph_iri
from tests.conftest import DATA, OUT, ROOT

SEED_ARTICLE = URIRef("https://w3id.org/kg/id/okayplayer-we-cry-together")
RDF_FORMATS = {"turtle": ("g.ttl", "turtle", ox.RdfFormat.TURTLE),
               "ntriples": ("g.nt", "nt", ox.RdfFormat.N_TRIPLES),
               "jsonld": ("g.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
               "trig": ("g.trig", "trig", ox.RdfFormat.TRIG)}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def normal(term: Node) -> Node:
    """A plain literal and an xsd:string literal are the same; everything else is kept."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def normalised(triples) -> Graph:  # type: ignore[no-untyped-def]
    graph = Graph()
    for s, p, o in triples:
        graph.add((normal(s), normal(p), normal(o)))
    return graph


def from_oxigraph(term) -> Node:  # type: ignore[no-untyped-def]
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return normal(Literal(term.value, datatype=URIRef(term.datatype.value)))


def oxigraph_quads(path: Path, fmt: ox.RdfFormat) -> dict[Node, Graph]:
    """The file read by pyoxigraph: graph name (DATASET_DEFAULT_GRAPH_ID for the default) -> triples."""
    graphs: dict[Node, Graph] = {}
    for quad in ox.parse(path=path, format=fmt):
        name = DATASET_DEFAULT_GRAPH_ID if isinstance(quad.graph_name, ox.DefaultGraph) else URIRef(quad.graph_name.value)
        triple = (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        graphs.setdefault(name, Graph()).add(triple)
    return graphs


def export(tmp_path: Path, name: str, *extra: str) -> Path:
    target = f"{tmp_path}/{name}"  # a string: a final / must reach the command
    result = run("export", "-o", target, "--graph", str(OUT / "graph.ttl"), *extra)
    assert result.exit_code == 0, result.output
    return Path(target)


# --- RDF formats ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_export_reads_back_with_rdflib_and_oxigraph(fmt: str, tmp_path: Path, seed_graph: Graph) -> None:
    name, rdflib_format, ox_format = RDF_FORMATS[fmt]
    path = export(tmp_path, name)  # the format is guessed from the extension
    expected = normalised(seed_graph)
    if fmt == "trig":
        back = Dataset()
        back.parse(path, format="trig")
        by_rdflib = normalised(t for g in back.graphs() for t in g)
    else:
        by_rdflib = normalised(Graph().parse(path, format=rdflib_format))
    assert len(by_rdflib) == len(expected)
    assert isomorphic(by_rdflib, expected), f"{fmt}: rdflib reads back another graph"
    by_oxigraph = normalised(t for g in oxigraph_quads(path, ox_format).values() for t in g)
    assert len(by_oxigraph) == len(expected)
    assert isomorphic(by_oxigraph, expected), f"{fmt}: Oxigraph reads back another graph"


def test_turtle_and_jsonld_exports_equal_the_build_outputs(tmp_path: Path) -> None:
    assert export(tmp_path, "g.ttl").read_bytes() == (OUT / "graph.ttl").read_bytes()
    assert export(tmp_path, "g.jsonld").read_bytes() == (OUT / "graph.jsonld").read_bytes()


def test_format_option_overrides_the_extension(tmp_path: Path, seed_graph: Graph) -> None:
    path = export(tmp_path, "graph.txt", "--format", "ntriples")
    assert isomorphic(Graph().parse(path, format="nt"), seed_graph)


def test_jsonld_is_compacted_with_the_packaged_context(tmp_path: Path) -> None:
    import json

    doc = json.loads(export(tmp_path, "g.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict) and doc["@context"]["@vocab"] == "http://schema.org/"
    assert any(node.get("name") == "Kendrick Lamar" for node in doc["@graph"])


def test_trig_puts_facts_and_evidence_in_the_article_graph(tmp_path: Path) -> None:
    graphs = oxigraph_quads(export(tmp_path, "g.trig"), ox.RdfFormat.TRIG)
    article, default = graphs[graph_iri(SEED_ARTICLE)], graphs[DATASET_DEFAULT_GRAPH_ID]
    assert set(graphs) == {graph_iri(SEED_ARTICLE), DATASET_DEFAULT_GRAPH_ID}
    ask = ("ASK { ?film <http://schema.org/director> <https://w3id.org/kg/id/jake-schreier> . "
           "?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <https://w3id.org/kg/id/jake-schreier> . "
           "?a <http://www.w3.org/ns/oa#hasBody> ?s ; <http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>"
           "/<http://www.w3.org/ns/oa#exact> \"Directed by Lamar, Free and Jake Schreier\" }")
    assert article.query(ask).askAnswer and not default.query(ask).askAnswer
    lamar = URIRef("https://w3id.org/kg/id/kendrick-lamar")
    assert (lamar, URIRef("http://schema.org/name"), Literal("Kendrick Lamar")) in default
    assert (lamar, URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://www.wikidata.org/entity/Q130798")) in default  # from the reviewed table, not the article
    assert not any(True for _ in article.triples((lamar, URIRef("http://schema.org/name"), None)))


SECOND_ARTICLE = ("A second look at Belly\n\nHype Williams directed Belly, a film about two friends. "
                  "A 1998 review in a local paper called it stylish.\n")
SECOND_ANNOTATION = """\
article: second-look
method: curated
entities:
  - {id: hype-williams, type: Person, name: Hype Williams}
  - {id: belly, type: Film, name: Belly}
  - {id: belly-review, type: Article, name: A 1998 review of Belly, quote: A 1998 review in a local paper}
facts:
  - {subject: belly, relation: director, object: hype-williams, quote: "Hype Williams directed Belly"}
"""


def test_trig_has_one_named_graph_per_article(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "articles" / "second-look.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    (data / "annotations" / "second-look.yaml").write_text(SECOND_ANNOTATION, encoding="utf-8")
    graph = pipeline.build_graph(data)
    [path] = pipeline.export_graph(graph, tmp_path / "two.trig")
    graphs = oxigraph_quads(path, ox.RdfFormat.TRIG)
    second = graph_iri(URIRef("https://w3id.org/kg/id/second-look"))
    assert set(graphs) == {DATASET_DEFAULT_GRAPH_ID, graph_iri(SEED_ARTICLE), second}  # no graph for the review
    review_name = (URIRef("https://w3id.org/kg/id/belly-review"), URIRef("http://schema.org/name"),
                   Literal("A 1998 review of Belly"))
    assert review_name in graphs[DATASET_DEFAULT_GRAPH_ID]  # an entity the article mentions, not a source
    directed = (URIRef("https://w3id.org/kg/id/belly"), URIRef("http://schema.org/director"),
                URIRef("https://w3id.org/kg/id/hype-williams"))
    assert directed in graphs[second] and directed in graphs[graph_iri(SEED_ARTICLE)]  # both articles state it
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    assert set(graphs[second].objects(None, exact)) >= {Literal("Hype Williams directed Belly")}
    assert Literal("Hype Williams-directed cult classic\u00a0Belly") not in set(graphs[second].objects(None, exact))
    assert isomorphic(normalised(t for g in graphs.values() for t in g), normalised(graph))


def test_exports_are_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    script = ("import sys; from pathlib import Path; from kg import pipeline; "
              "g = pipeline.load_graph(Path(sys.argv[1])); "
              "[pipeline.export_graph(g, sys.argv[2] + '/' + n) for n in "
              "('g.ttl', 'g.nt', 'g.jsonld', 'g.trig', 'g.graphml', 'g.gexf', 'csv/')]")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(OUT / "graph.ttl"), str(tmp_path / seed)],
                       check=True, env=env, cwd=ROOT)
    for file in sorted((tmp_path / "1").rglob("*.*")):
        twin = tmp_path / "2" / file.relative_to(tmp_path / "1")
        assert file.read_bytes() == twin.read_bytes(), file.name


# --- GraphML and GEXF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name,read", [("g.graphml", nx.read_graphml), ("g.gexf", nx.read_gexf)])
def test_network_export_opens_in_networkx_with_class_and_label(name: str, read, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               seed_graph: Graph) -> None:
    back = read(export(tmp_path, name))
    expected = project(seed_graph)
    assert set(back.nodes) == set(expected.nodes)
    for node, data in back.nodes(data=True):
        assert data["label"] == expected.nodes[node]["name"], node  # schema:name, the name as the world writes it
        assert data["description"] == expected.nodes[node]["description"], node
        assert data["class"] == expected.nodes[node]["group"], node
        assert data["type"], node
    assert back.number_of_edges() == expected.number_of_edges()
    relations = {(u, v, d["relation"]) for u, v, d in back.edges(data=True)}
    assert relations == {(u, v, d["relation"]) for u, v, d in expected.edges(data=True)}
    film, lamar = "https://w3id.org/kg/id/we-cry-together-film", "https://w3id.org/kg/id/kendrick-lamar"
    assert back.nodes[lamar]["wikidata"] == "Q130798"
    assert back.nodes[film]["type"] == "ShortFilm" and "the film" in back.nodes[film]["aliases"].split("; ")
    [director] = [d for _, v, d in back.out_edges(film, data=True) if v == lamar and d["relation"] == "director"]
    assert director["quote"] == "Directed by Lamar, Free and Jake Schreier" and director["method"] == "curated"


# --- CSV ------------------------------------------------------------------------------------------------


def test_csv_export_writes_nodes_and_edges_in_the_folder(tmp_path: Path, seed_graph: Graph) -> None:
    folder = export(tmp_path, "tables/")  # a name ending in / is a folder: CSV
    with open(folder / "nodes.csv", encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with open(folder / "edges.csv", encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    expected = project(seed_graph)
    assert {r["Id"]: (r["Label"], r["class"]) for r in nodes} == {
        n: (d["name"], d["group"]) for n, d in expected.nodes(data=True)}
    film = next(r for r in nodes if r["Id"].endswith("/we-cry-together-film"))
    assert (film["Label"], film["description"]) == ("We Cry Together", "2022 short film")
    ids = {r["Id"] for r in nodes}
    assert all(r["Source"] in ids and r["Target"] in ids for r in edges)
    assert len(edges) == expected.number_of_edges()
    [row] = [r for r in edges if r["relation"] == "moderator"]
    assert row["fact"] == "Discussion on the making of We Cry Together moderated by Tessa Thompson"
    assert row["quote"] == "In a conversation moderated by actress Tessa Thompson"


def test_csv_needs_a_folder_not_a_csv_file(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "graph.csv"), "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 2 and "give a folder" in result.output
    assert not (tmp_path / "graph.csv").exists()


# --- errors and atomic writes ---------------------------------------------------------------------------


def test_unknown_extension_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "graph.xlsx"), "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.output and ".gexf" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file(tmp_path: Path, seed_graph: Graph, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "g.gexf"
    target.write_text("old", encoding="utf-8")

    def broken(graph: Graph) -> str:
        raise InputError("boom")

    monkeypatch.setattr("kg.network.to_gexf", broken)
    with pytest.raises(InputError):
        pipeline.export_graph(seed_graph, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.gexf"]  # no temporary file left


def test_one_file_format_into_a_folder_is_refused(tmp_path: Path, seed_graph: Graph) -> None:
    with pytest.raises(InputError, match="one file"):
        pipeline.export_graph(seed_graph, tmp_path, fmt="turtle")
