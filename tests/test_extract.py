"""kg extract: drafts in the curated format, built by the same code as kg build, from .txt, .md and .html.

The review in tests/extract/ is written for these tests (a director, two actors, a cinematographer and a film
that inspired it); the HTML page and the Markdown notes hold the same review inside a web page and as notes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic

from kg import pipeline
from kg.annotations import parse_annotation
from kg.quotes import locate
from kg.cli import main
from kg.extract.rules import load_rules
from tests.conftest import DATA, ROOT

pytest.importorskip("spacy")

HERE = ROOT / "tests" / "extract"
REVIEW = HERE / "review-the-lantern-keeper.txt"
PAGE = HERE / "lantern-keeper-page.html"
NOTES = HERE / "lantern-keeper-notes.md"
SEED = DATA / "articles" / "okayplayer-we-cry-together.txt"
SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def drafts() -> dict[str, pipeline.Draft]:
    made = pipeline.extract([REVIEW, PAGE, NOTES, SEED])
    return {d.source.path.name: d for d in made}


def facts_of(draft: pipeline.Draft) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in draft.annotation.entities}
    return {(names[f.subject], f.relation, names.get(f.object or "", f.value or "")) for f in draft.annotation.facts}


@pytest.mark.parametrize("name", [REVIEW.name, PAGE.name, NOTES.name])
def test_the_review_in_every_format_gives_the_people_and_the_influence(drafts, name: str) -> None:
    facts = facts_of(drafts[name])
    film = "The Lantern Keeper"
    for fact in [(film, "director", "Margarethe Olufsen"), (film, "performer", "Tomas Berglund"),
                 (film, "performer", "Ingrid Sæther"), (film, "cinematographer", "Leif Andersen"),
                 (film, "inspiredBy", "The Edge of the World"), ("The Edge of the World", "director", "Michael Powell")]:
        assert fact in facts, fact


def test_every_fact_is_automatic_with_confidence_rule_and_a_quote_from_the_stored_text(drafts) -> None:
    rule_ids = {r.id for r in load_rules().patterns} | {f.id for f in load_rules().frames} | {"article-metadata-publisher"}
    for draft in drafts.values():
        assert draft.annotation.method == "automatic" and draft.annotation.facts
        for fact in draft.annotation.facts:
            assert fact.method == "automatic"
            assert fact.confidence is not None and 0 <= fact.confidence <= 1
            assert fact.rule in rule_ids
            start, end = locate(draft.source.text, fact.quote or "", prefix=fact.prefix, suffix=fact.suffix)
            assert draft.source.text[start:end].split() == (fact.quote or "").split()


def test_html_keeps_the_article_and_its_captions_and_drops_the_boilerplate(drafts) -> None:
    text = drafts[PAGE.name].source.text
    assert "Photo Credit: Skerry Films / Northlight Pictures" in text
    assert "tomas berglund and ingrid sæther in the lantern keeper" in text
    for junk in ("Subscribe", "Terms of Service", "Share on Facebook", "newsletter", "Create a free account"):
        assert junk not in text
    people = {e.name: e for e in drafts[PAGE.name].annotation.entities if e.type == "Person"}
    assert "tomas berglund" in people["Tomas Berglund"].aliases  # the lower-case caption is the same person


def test_txt_boilerplate_stays_in_the_text_but_gives_no_entity(drafts) -> None:
    seed = drafts[SEED.name]
    assert seed.source.text == SEED.read_text(encoding="utf-8")  # offsets count in the file as it is
    names = " ".join(e.name for e in seed.annotation.entities)
    assert "Terms of Service" not in names and "Privacy Policy" not in names and "Subscribe" not in names


def test_markdown_is_made_plain(drafts) -> None:
    text = drafts[NOTES.name].source.text
    assert "*" not in text and "#" not in text and "](" not in text
    assert "Ingrid Sæther is Maren" in text


def test_one_entity_per_person_within_an_article(drafts) -> None:
    seed = drafts[SEED.name].annotation
    people = [e for e in seed.entities if e.type == "Person"]
    forms = [{e.name.lower(), *(a.lower() for a in e.aliases)} for e in people]
    for word in ("lamar", "free", "taylour", "jake", "thompson"):
        assert sum(1 for f in forms if word in f or any(word in x.split() for x in f)) == 1, word


def test_yaml_draft_reads_back_as_the_same_annotation(drafts, tmp_path: Path) -> None:
    draft = drafts[REVIEW.name]
    target = tmp_path / "data" / "annotations" / "review.yaml"
    written = pipeline.write_draft(draft, target)
    assert (tmp_path / "data" / "articles" / f"{draft.source.id}.txt") in written
    back = parse_annotation(target)
    strip = lambda items: [{**vars(i), "line": 0} for i in items]  # noqa: E731
    assert strip(back.entities) == strip(draft.annotation.entities)
    assert strip(back.facts) == strip(draft.annotation.facts)


def test_ttl_draft_is_the_graph_kg_build_makes_of_the_yaml_draft(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("extract", str(REVIEW), "--data", str(data), "-q").exit_code == 0
    ttl = tmp_path / "draft.ttl"
    result = run("extract", str(REVIEW), "-o", str(ttl))
    assert result.exit_code == 0, result.output
    built = pipeline.build_graph(data)
    assert isomorphic(Graph().parse(ttl), built)


def test_must_show_review_as_ttl_with_quotes_then_build_and_query(tmp_path: Path) -> None:
    ttl = tmp_path / "draft.ttl"
    assert run("extract", str(REVIEW), "-o", str(ttl)).exit_code == 0
    graph = Graph().parse(ttl)
    text = REVIEW.read_text(encoding="utf-8")
    rows = graph.query("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX schema: <http://schema.org/>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX kg: <https://w3id.org/kg/ontology#>
        SELECT ?relation ?oname ?exact ?start ?end ?rule WHERE {
          ?stmt kg:relation ?relation ; rdf:object ?o ; kg:rule ?rule ; kg:confidence ?c .
          ?o schema:name ?oname .
          ?anno oa:hasBody ?stmt ; oa:hasTarget/oa:hasSelector ?q, ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
        }""")
    found = {(str(r.relation), str(r.oname)): r for r in rows}
    for key in [("director", "Margarethe Olufsen"), ("performer", "Tomas Berglund"), ("performer", "Ingrid Sæther"),
                ("cinematographer", "Leif Andersen"), ("inspiredBy", "The Edge of the World")]:
        row = found[key]
        assert text[int(row.start):int(row.end)] == str(row.exact), key
    assert "inspired by Michael Powell" in str(found[("inspiredBy", "The Edge of the World")].exact)
    query = run("query", "directors", "--graph", str(ttl))
    assert query.exit_code == 0 and "Margarethe Olufsen" in query.output
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert run("extract", str(REVIEW), "--data", str(data), "-q").exit_code == 0
    out = tmp_path / "out"
    built = run("build", "--data", str(data), "--out", str(out), "-q")
    assert built.exit_code == 0, built.output
    directors = run("query", "directors", "--graph", str(out / "graph.ttl"))
    assert "Margarethe Olufsen" in directors.output and "Jake Schreier" in directors.output


def test_extract_a_folder_writes_one_draft_each_and_no_progress_when_piped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (REVIEW, NOTES):
        shutil.copy(path, folder / path.name)
    result = run("extract", str(folder), "--data", str(tmp_path / "data"))
    assert result.exit_code == 0, result.output
    assert "extracting" not in result.output and "━" not in result.output
    assert sorted(p.name for p in (tmp_path / "data" / "annotations").iterdir()) == [
        "lantern-keeper-notes.yaml", "review-the-lantern-keeper.yaml"]


def test_a_curated_annotation_is_never_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = (data / "annotations" / "okayplayer-we-cry-together.yaml").read_bytes()
    result = run("extract", str(SEED), "--data", str(data))
    assert result.exit_code == 2 and "curated" in result.output and "Traceback" not in result.output
    assert (data / "annotations" / "okayplayer-we-cry-together.yaml").read_bytes() == before


def test_bad_input_is_exit_2_without_traceback(tmp_path: Path) -> None:
    odd = tmp_path / "notes.docx"
    odd.write_text("x", encoding="utf-8")
    wall = tmp_path / "wall.html"
    wall.write_text("<html><body><nav>Home</nav><button>Subscribe</button><p>Sign up for our newsletter</p>"
                    "</body></html>", encoding="utf-8")
    for args in (["extract", str(odd)], ["extract", str(tmp_path / "missing.txt")], ["extract", str(wall)],
                 ["extract", str(REVIEW), "-o", str(tmp_path / "x.json")],
                 ["extract", str(REVIEW), str(NOTES), "-o", str(tmp_path / "x.yaml")]):
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output, args


def test_same_article_gives_byte_identical_drafts(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b" / "a.yaml"
    assert run("extract", str(PAGE), "-o", str(first), "-q").exit_code == 0
    assert run("extract", str(PAGE), "-o", str(second), "-q").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "articles" / "lantern-keeper-page.txt").read_bytes() == \
        (tmp_path / "b" / "articles" / "lantern-keeper-page.txt").read_bytes()


@pytest.mark.parametrize("args", [["--help"], ["query", "directors", "--graph", "out/graph.ttl"],
                                  ["eval", "data/annotations/okayplayer-we-cry-together.yaml",
                                   "data/annotations/okayplayer-we-cry-together.yaml"]])
def test_help_query_and_eval_do_not_import_spacy(args: list[str]) -> None:
    code = ("import sys\nfrom kg.cli import main\n"
            f"try:\n    main({json.dumps(args)})\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('spacy', 'trafilatura', 'thinc') if m in sys.modules)\n"
            "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


def test_the_model_is_loaded_once() -> None:
    from kg.extract import nlp

    assert nlp.load() is nlp.load()
    assert nlp.model_name() in nlp.MODELS
    assert "ner" in nlp.load().pipe_names and "parser" in nlp.load().pipe_names


def test_rules_are_data_and_name_known_relations() -> None:
    from kg.resources import relation_table

    table = load_rules()
    relations = set(relation_table())

    def named(spec: object) -> set[str]:
        if isinstance(spec, str):
            return {spec}
        if isinstance(spec, list):
            return set(spec)
        return {r for side in dict(spec).values() for r in side.values()}  # type: ignore[arg-type]

    for rule in table.patterns:
        for fact in rule.facts:
            assert named(fact.relation) <= relations, rule.id
    for frame in table.frames:
        assert named(frame.relation) <= relations, frame.id
    for noun in table.noun_frames:
        assert named(noun.relation) <= relations, noun.id
    raw = yaml.safe_load((ROOT / "kg" / "extract" / "rules.yaml").read_text(encoding="utf-8"))
    assert len(raw["patterns"]) == len(table.patterns) and len(raw["frames"]) == len(table.frames)


def test_any_text_gives_a_valid_draft_graph_or_one_of_our_errors(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from kg.errors import KgError

    pieces = [line for line in REVIEW.read_text(encoding="utf-8").splitlines() if line] + [
        'Directed by "', "“Half a title", "Photo Credit: / & ", "Director: , ,", "it It its I I've", "’s 's",
        "Best Best Best", "\u00a0", "\t\n", "A, B and C", "(2017)", "on Tuesday (November 31)", "—", "⟦P1⟧"]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=40)), min_size=1, max_size=8))
    def check(parts: list[str]) -> None:
        path = tmp_path / "article.txt"
        path.write_text("\n".join(parts), encoding="utf-8")
        try:
            drafts = pipeline.extract([path])
            pipeline.draft_graph(drafts)
        except KgError:
            pass

    check()


def test_a_title_then_its_verb_after_a_credit_is_not_a_list_and_a_podcast_is_a_work(tmp_path: Path) -> None:
    """Made-up text in a form a podcast news page showed: "Written by A, Title tells ..." (the name before
    the comma is the writer, not an item of a list of titles) and "Title is a new podcast from Org"."""
    article = tmp_path / "podcasts.txt"
    article.write_text("top of page\n\nNew audio this week\n\n"
                       "Salt Lines is a new podcast from Harbour Audio. Written by Ana Ruiz, Salt Lines tells the "
                       "story of a lighthouse keeper. It stars actress Mira Voss as the keeper.\n", encoding="utf-8")
    [draft] = [d.annotation for d in pipeline.extract([article])]
    types = {e.name: e.type for e in draft.entities}
    assert types.get("Ana Ruiz") == "Person" and types.get("Mira Voss") == "Person"
    assert types.get("Salt Lines") == "CreativeWork"
    assert not any(name.lower() == "top of page" for name in types)  # a page's navigation line, not its title
    names = {e.id: e.name for e in draft.entities}
    facts = {(names.get(f.subject), f.relation, names.get(f.object)) for f in draft.facts}
    assert ("Salt Lines", "writer", "Ana Ruiz") in facts
    assert ("Salt Lines", "performer", "Mira Voss") in facts
