"""One test per bug found while making every fact traceable and every input checked, named after what
it guards. Each failed before its fix (the docstring says how)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph, Literal

from kg import pipeline
from kg.annotations import parse_annotation
from kg.quotes import locate
from kg.errors import AnnotationError, InputError, KgError
from kg.namespaces import KG, KGR, OA, PROV, SCHEMA
from kg.validate import validate
from tests.conftest import DATA
from tests.support import run, workspace, write_case

TEXT = "Directed by Ana Lima, the short film Rio was shot by Bo Chen. Lamarck wrote; Lamar said yes."


def entities(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": "rio", "type": "ShortFilm", "name": "Rio"}, {"id": "ana", "type": "Person", "name": "Ana Lima"},
            {"id": "bo", "type": "Person", "name": "Bo Chen"}, *extra]


def case(tmp_path: Path, facts: list[dict[str, Any]], *, more: list[dict[str, Any]] | None = None,
         text: str = TEXT, **top: Any) -> Path:
    return write_case(tmp_path, "case", text, {"article": "case", "entities": entities(*(more or [])), "facts": facts,
                                                **top})


def annotation_file(tmp_path: Path, yaml_text: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def test_self_referring_yaml_alias_is_an_input_error_not_a_recursion_error(tmp_path: Path) -> None:
    """Was: RecursionError (a traceback) from the line-keeping YAML loader."""
    path = annotation_file(tmp_path, "article: a\nentities: &loop\n  - *loop\n")
    with pytest.raises(InputError, match="refers to itself") as info:
        parse_annotation(path)
    assert info.value.line == 2  # the line of the anchor it loops back to


def test_yaml_tags_are_refused_with_the_line_not_a_constructor_crash(tmp_path: Path) -> None:
    """Was: yaml.constructor.ConstructorError escaping as a traceback (`!!python/name:...`, `!custom`)."""
    for tag in ("!!python/name:os.system", "!custom"):
        path = annotation_file(tmp_path, f"article: a\nentities:\n  - id: x\n    name: {tag} boom\n")
        with pytest.raises(InputError, match="the YAML tag .* is refused") as info:
            parse_annotation(path)
        assert info.value.line == 4


def test_a_key_given_twice_in_an_entry_is_refused(tmp_path: Path) -> None:
    """Was: the second `object:` silently replaced the first."""
    path = annotation_file(tmp_path, "article: a\nentities:\n  - {id: x, type: Person, name: X}\n"
                                     "  - {id: y, type: Person, name: Y}\nfacts:\n  - subject: x\n"
                                     "    relation: influencedBy\n    object: y\n    object: x\n    quote: X\n")
    with pytest.raises(InputError, match="the key `object` is given twice") as info:
        parse_annotation(path)
    assert info.value.line == 9


def test_entities_that_are_not_a_list_are_an_annotation_error(tmp_path: Path) -> None:
    """Was: TypeError ('int' object is not iterable) for `entities: 5`."""
    with pytest.raises(AnnotationError, match="`entities` must be a list"):
        parse_annotation(annotation_file(tmp_path, "article: a\nentities: 5\n"))


def test_aliases_that_are_a_mapping_are_refused(tmp_path: Path) -> None:
    """Was: the mapping written into the graph as the alias "{'a': 'b'}"."""
    path = annotation_file(tmp_path, "article: a\nentities:\n  - {id: x, type: Person, name: X, aliases: [{a: b}]}\n")
    with pytest.raises(AnnotationError, match="`aliases` must be a list of names"):
        parse_annotation(path)


def test_an_empty_name_is_refused(tmp_path: Path) -> None:
    """Was: accepted, giving an entity with schema:name "" (a graph that breaks `names present`)."""
    path = annotation_file(tmp_path, "article: a\nentities:\n  - {id: x, type: Person, name: '  '}\n")
    with pytest.raises(AnnotationError, match="empty `name`"):
        parse_annotation(path)


def test_an_entity_id_with_a_final_newline_is_refused(tmp_path: Path) -> None:
    """Was: `^...$` let "x\\n" through (`$` matches before a final newline), making an IRI with a newline."""
    path = annotation_file(tmp_path, 'article: a\nentities:\n  - {id: "x\\n", type: Person, name: X}\n')
    with pytest.raises(AnnotationError, match="bad entity id"):
        parse_annotation(path)


def test_an_article_id_that_cannot_be_part_of_an_iri_is_refused(tmp_path: Path) -> None:
    """Was: an article file named "my article.txt" gave IRIs with a space, which Turtle cannot round-trip."""
    path = annotation_file(tmp_path, "article: my article\nentities: []\n")
    with pytest.raises(AnnotationError, match="bad article id 'my article'"):
        parse_annotation(path)


def test_a_whitespace_only_quote_is_empty_not_ambiguous() -> None:
    """Was: "quote occurs 95 times" (the empty pattern matched everywhere)."""
    with pytest.raises(AnnotationError, match="empty quote"):
        locate(TEXT, "   ")


def test_overlapping_occurrences_make_a_quote_ambiguous() -> None:
    """Was: re.finditer skips overlapping matches, so "lala" in "lalala" looked unique."""
    with pytest.raises(AnnotationError, match="occurs 2 times"):
        locate("they sang lalala all night", "lala")
    assert locate("they sang lalala all night", "lala", prefix="sang ") == (10, 14)


def test_the_first_mention_of_an_entity_is_a_whole_word(tmp_path: Path) -> None:
    """Was: the type of "Lamar" was evidenced by the "Lamar" inside "Lamarck"."""
    graph = pipeline.build_graph(case(tmp_path, [], more=[{"id": "lamar", "type": "Person", "name": "Lamar"}]))
    stmt = next(s for s in graph.subjects(RDF.subject, KGR["lamar"]) if graph.value(s, RDF.predicate) == RDF.type)
    target = graph.value(graph.value(None, OA.hasBody, stmt), OA.hasTarget)
    start = next(int(graph.value(s, OA.start)) for s in graph.objects(target, OA.hasSelector) if graph.value(s, OA.start) is not None)
    assert start == TEXT.index("Lamar said")


@pytest.mark.parametrize("value", ["2022-13-45", "2022-02-30", "2022-13", "2022-11-22\n"])
def test_an_impossible_date_is_an_annotation_error_without_a_logged_traceback(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, value: str) -> None:
    """Was: accepted; rdflib logged a ValueError traceback and the graph held an ill-typed xsd:date."""
    data = case(tmp_path, [{"subject": "rio", "relation": "dateCreated", "value": value, "quote": "Rio"}])
    with caplog.at_level(logging.WARNING):
        with pytest.raises(AnnotationError, match="needs a date") as info:
            pipeline.build_graph(data)
    assert info.value.line is not None
    assert "Traceback" not in caplog.text


def test_an_ill_formed_duration_is_an_annotation_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Was: Literal("six minutes", xsd:duration) written to the graph, with a logged traceback."""
    data = case(tmp_path, [{"subject": "rio", "relation": "duration", "value": "six minutes", "quote": "Rio"}])
    with caplog.at_level(logging.WARNING):
        with pytest.raises(AnnotationError, match="xsd:duration"):
            pipeline.build_graph(data)
    assert "Traceback" not in caplog.text


def test_two_relations_with_one_predicate_are_two_facts_with_their_own_evidence(tmp_path: Path) -> None:
    """Was: cinematographer and contributor (both schema:contributor) shared one statement node with two
    roles and both quotes, so no quote could be told apart from the other role."""
    graph = pipeline.build_graph(case(tmp_path, [
        {"subject": "rio", "relation": "cinematographer", "object": "bo", "quote": "shot by Bo Chen"},
        {"subject": "rio", "relation": "contributor", "object": "bo", "quote": "Bo Chen", "suffix": "."}]))
    stmts = [s for s in graph.subjects(RDF.object, KGR["bo"]) if graph.value(s, RDF.predicate) == SCHEMA.contributor]
    assert len(stmts) == 2
    assert sorted(len(list(graph.objects(s, KG.role))) for s in stmts) == [1, 1]
    assert validate(graph).conforms


def test_an_external_album_name_is_a_fact_with_its_source_not_evidence() -> None:
    """Was: the name "Mr. Morale & the Big Steppers" was a bare schema:name; only its type statement carried
    evidence (pointing at "the actual album"), so the name read as what the article states."""
    graph = pipeline.build_graph(DATA)
    names = [s for s in graph.subjects(RDF.subject, KGR["mr-morale"]) if graph.value(s, RDF.predicate) == SCHEMA.name]
    assert len(names) == 1
    assert graph.value(names[0], KG.externalSource) is not None
    assert graph.value(names[0], PROV.wasDerivedFrom) is None and not list(graph.subjects(OA.hasBody, names[0]))


def test_a_fact_cannot_have_both_a_quote_and_an_external_source(tmp_path: Path) -> None:
    """Was: accepted, giving a fact both quoted from the article and said to come from outside it."""
    data = case(tmp_path, [{"subject": "rio", "relation": "director", "object": "ana", "quote": "Directed by Ana Lima",
                            "source": "IMDb"}])
    with pytest.raises(AnnotationError, match="both a `quote`"):
        pipeline.build_graph(data)


def test_an_automatic_fact_without_confidence_is_refused(tmp_path: Path) -> None:
    """Was: accepted, giving an automatic fact with no kg:confidence."""
    data = case(tmp_path, [{"subject": "rio", "relation": "director", "object": "ana", "quote": "Directed by Ana Lima"}],
                method="automatic")
    with pytest.raises(AnnotationError, match="must carry its `confidence`"):
        pipeline.build_graph(data)


def test_role_values_are_checked_against_the_scheme() -> None:
    """Was: pySHACL's ont_graph only copies classes and properties, not the SKOS role concepts, so a
    shape checking roles against role:roles could not see them (every role failed, or none was checked)."""
    graph = pipeline.build_graph(DATA)
    assert validate(graph).conforms
    stmt = next(graph.subjects(KG.relation, Literal("director")))
    graph.set((stmt, KG.role, KG.curated))  # an IRI that is not a role concept
    assert not validate(graph).conforms


def test_an_unwritable_out_folder_is_exit_2_without_a_traceback(tmp_path: Path) -> None:
    """Was: FileExistsError traceback when --out names a file."""
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    result = run("build", "--data", str(DATA), "--out", str(out))
    assert result.exit_code == 2 and "the output folder is a file" in result.output
    assert "Traceback" not in result.output and out.read_text(encoding="utf-8") == "not a folder"


def test_validating_an_empty_graph_is_exit_2_not_valid(tmp_path: Path) -> None:
    """Was: exit 0 ("conforms") for an empty file, as if the graph had been checked."""
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    assert run("validate", str(empty)).exit_code == 2


def test_a_non_utf8_annotation_names_its_line(tmp_path: Path) -> None:
    """Was: "not UTF-8" without the line."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"article: a\nentities:\n  - {id: x, name: B\xe9lly}\n")
    with pytest.raises(InputError) as info:
        parse_annotation(path)
    assert info.value.line == 3


def test_a_non_utf8_metadata_file_names_its_line(tmp_path: Path) -> None:
    """Was: "not UTF-8" without the line, and metadata YAML tags raised a traceback."""
    ws = workspace(tmp_path)
    meta = ws.data / "articles" / "okayplayer-we-cry-together.meta.yaml"
    meta.write_bytes(meta.read_bytes().replace(b"publisher: Okayplayer", b"publisher: Ok\xe1yplayer"))
    result = ws.build()
    assert result.exit_code == 2 and "meta.yaml:3: not UTF-8" in result.output


def test_every_error_the_cli_prints_has_a_hint(tmp_path: Path) -> None:
    """Was: `confidence` out of range had no "how to fix"."""
    data = case(tmp_path, [{"subject": "rio", "relation": "director", "object": "ana", "quote": "Directed by Ana Lima",
                            "method": "automatic", "confidence": 7}])
    with pytest.raises(KgError) as info:
        pipeline.build_graph(data)
    assert info.value.hint


def test_statement_labels_use_an_before_a_vowel(seed_graph: Graph) -> None:
    """Was: "Mr. Morale & the Big Steppers is a Album"."""
    labels = {str(o) for o in seed_graph.objects(None, SCHEMA.name)}
    assert labels  # the seed has names
    from rdflib import RDFS

    statements = {str(l) for s in seed_graph.subjects(KG.relation, Literal("type")) for l in seed_graph.objects(s, RDFS.label)}
    assert "Mr. Morale & the Big Steppers is an Album" in statements
    assert not any(" is a A" in l or " is a O" in l or " is a E" in l for l in statements)


@pytest.mark.parametrize("field", ["quote", "source"])
def test_an_empty_quote_or_source_is_refused(tmp_path: Path, field: str) -> None:
    """Found by Hypothesis. Was: `quote: ""` (or `source: ""`) was accepted, giving a fact with neither
    evidence nor source, so the build failed validation (exit 1) instead of naming the line (exit 2)."""
    data = case(tmp_path, [{"subject": "rio", "relation": "director", "object": "ana", field: ""}])
    with pytest.raises(AnnotationError, match=f"empty `{field}`") as info:
        pipeline.build_graph(data)
    assert info.value.line is not None


@pytest.mark.parametrize("confidence", [0.0, 0.82, 1.0])
def test_an_automatic_fact_validates_with_its_confidence_as_a_decimal(tmp_path: Path, confidence: float) -> None:
    """Found by Hypothesis. Was: kg:confidence written as a float value typed xsd:decimal, which pySHACL
    refuses, so every automatic fact made the build fail validation. Also guards that the types of the
    entities of an automatic draft (which carry no confidence unless the extractor gives one) validate."""
    data = case(tmp_path, [{"subject": "rio", "relation": "director", "object": "ana", "quote": "Directed by Ana Lima",
                            "confidence": confidence}], method="automatic")
    graph = pipeline.build_graph(data)
    report = validate(graph)
    assert report.conforms, report.text
    assert {float(o) for o in graph.objects(None, KG.confidence)} == {confidence}


def test_an_automatic_entity_type_carries_the_confidence_given(tmp_path: Path) -> None:
    data = write_case(tmp_path, "case", TEXT, {"article": "case", "method": "automatic", "entities": [
        {"id": "rio", "type": "ShortFilm", "name": "Rio", "confidence": 0.6, "rule": "ner-work"}], "facts": []})
    graph = pipeline.build_graph(data)
    stmt = next(graph.subjects(KG.relation, Literal("type")))
    assert float(graph.value(stmt, KG.confidence)) == 0.6 and str(graph.value(stmt, KG.rule)) == "ner-work"
    assert validate(graph).conforms


def test_a_sourced_entity_named_in_the_article_is_not_said_to_be_named_outside_it(tmp_path: Path) -> None:
    """Was (in this work's first version of the name statement): any entity with `source:` got a statement
    "... is named X (not in the article)", even when the article does name it X."""
    graph = pipeline.build_graph(case(tmp_path, [], more=[
        {"id": "lamar", "type": "Person", "name": "Lamar", "source": "the press kit"}]))
    assert not [s for s in graph.subjects(RDF.subject, KGR["lamar"]) if graph.value(s, RDF.predicate) == SCHEMA.name]
    assert validate(graph).conforms


def test_outputs_are_replaced_all_or_nothing(tmp_path: Path) -> None:
    """Guards against a build that fails on its second output file after replacing the first."""
    from kg.export import write_all_atomic

    first = tmp_path / "graph.ttl"
    first.write_text("old", encoding="utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="a folder on its path is a file"):
        write_all_atomic({first: "new", blocker / "graph.html": "x"})
    assert first.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "not-a-folder"]
