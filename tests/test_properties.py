"""Property tests (Hypothesis): generated annotations, hostile strings included, either build into a graph
that validates and round-trips through Turtle and JSON-LD, or raise one of our documented input errors
(InputError, AnnotationError); never any other exception. Kept small so the file runs in well under 60 s."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from kg import export, pipeline
from kg.annotations import parse_annotation
from kg.quotes import locate, quote_pattern
from kg.errors import AnnotationError, InputError
from kg.namespaces import OA, SCHEMA
from kg.resources import relation_table
from kg.validate import validate
from tests.support import write_case

HOSTILE = ['"', "'", "\\", "\\n", "\n", "\r\n", "\t", "<script>", "</script>", "&amp;", "🎬", "👩🏽‍🎤", "\u202e", "\u200f",
           "مرحبا", "שלום", "\u00a0", "“", "”", "’", "{", "}", "#", ": ", "- ", "*a", "&x", "!!", "%", "@id", "\x00",
           "\x0b", "\u2028", "e\u0301", "${x}", "?x", "<http://x>", '"""', "'''", "; DROP", "\ufeff"]
TYPES = ["Person", "Organization", "Film", "ShortFilm", "Song", "Album", "MusicVideo", "Book", "Article",
         "WorkCollection", "Event", "Screening", "Discussion", "Recording", "AwardCategory"]
RELATIONS = sorted(relation_table()) + ["notARelation"]

plain = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)
hostile = st.lists(st.one_of(plain, st.sampled_from(HOSTILE)), min_size=1, max_size=5).map("".join)
values = st.one_of(hostile, st.sampled_from(["2020", "2022-11", "2022-11-22", "2022-02-30", "PT6M", "six", ""]))

#: KG_PROPERTY_EXAMPLES=1000 for a longer hunt; the suite's default keeps the file quick
EXAMPLES = int(os.environ.get("KG_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """An article and an annotation of it: mostly sound (quotes cut from the text), sometimes not."""
    count = draw(st.integers(1, 4))
    entities = []
    for i in range(count):
        kind = draw(st.sampled_from(TYPES * 4 + ["Thing", "Nope"]))  # mostly real classes
        entity: dict[str, Any] = {"id": f"e{i}", "type": kind, "name": draw(hostile)}
        if draw(st.booleans()):
            entity["aliases"] = draw(st.lists(hostile, max_size=2))
        if draw(st.integers(0, 5)) == 0:
            entity["source"] = draw(hostile)
        entities.append(entity)
    pieces = [draw(hostile)]
    for entity in entities:
        if draw(st.sampled_from([True] * 5 + [False])):  # most entities are named in the article
            pieces += [entity["name"], draw(hostile)]
    text = " ".join(pieces)
    facts = []
    for _ in range(draw(st.integers(0, 4))):
        ids = [e["id"] for e in entities]

        def some_id() -> str:
            return draw(st.sampled_from(ids * 8 + ["unknown"]))  # mostly declared ids

        relation = draw(st.sampled_from(RELATIONS))
        fact: dict[str, Any] = {"subject": some_id(), "relation": relation}
        spec = relation_table().get(relation, {})
        if spec.get("object") == "literal" or draw(st.integers(0, 6)) == 0:
            fact["value"] = draw(values)
        else:
            fact["object"] = some_id()
        start = draw(st.integers(0, max(0, len(text) - 1)))
        end = draw(st.integers(min(start + 1, len(text)), len(text)))
        fact["quote"] = text[start:end] if draw(st.sampled_from([True] * 5 + [False])) else draw(hostile)
        if draw(st.integers(0, 3)) == 0:
            fact["prefix"] = text[max(0, start - 5):start]
        method = draw(st.sampled_from(["curated", "curated", "inferred", "automatic"]))
        if method != "curated":
            fact["method"] = method
        if method == "inferred":
            fact["how"] = draw(hostile)
        if method == "automatic":
            fact["confidence"] = draw(st.floats(0, 1))
        facts.append(fact)
    return text, {"article": "generated", "method": "curated", "entities": entities, "facts": facts}


def slices_hold(graph: Graph) -> bool:
    """Every annotation's offsets slice the article text in the graph to its exact quote."""
    for target in graph.objects(None, OA.hasTarget):
        text = str(graph.value(graph.value(target, OA.hasSource), SCHEMA.text))
        selectors = list(graph.objects(target, OA.hasSelector))
        exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
        if text[start:end] != exact:
            return False
    return True


@SETTINGS
@given(cases())
def test_generated_annotations_build_valid_round_tripping_graphs_or_raise_our_errors(case: tuple[str, dict[str, Any]]) -> None:
    text, annotation = case
    with tempfile.TemporaryDirectory() as tmp:
        data = write_case(Path(tmp), "generated", text, annotation)
        try:
            graph = pipeline.build_graph(data)
        except (InputError, AnnotationError) as exc:
            assert exc.message() and exc.exit_code == 2
            event(f"rejected: {exc.what.split(':')[0][:40]}")
            return
        # the names as YAML reads the file back (PyYAML's dumper does not round-trip every character: "\x85")
        names = [e.name for e in parse_annotation(data / "annotations" / "generated.yaml").entities]
    event("built")
    report = validate(graph)
    assert report.conforms, report.text
    assert slices_hold(graph)
    turtle = Graph().parse(data=export.to_turtle(graph), format="turtle")
    assert isomorphic(turtle, graph)
    jsonld = Graph().parse(data=export.to_jsonld(graph), format="json-ld")
    assert isomorphic(jsonld, graph)
    assert set(names) <= {str(name) for name in graph.objects(None, SCHEMA.name)}  # every name intact
    json.loads(export.to_jsonld(graph))


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(["article: a\n", "entities:\n", "  - ", "{id: x", "}", "[", "]",
                                                       "&a ", "*a", "!!python/object:os.system ", "<<: *a\n", ": ",
                                                       "facts:\n", "\t", "'", '"', "\n", "id: x\n", "- &a [*a]\n",
                                                       "name: ", "type: Person\n", "\x00", "\ufeff"]),
                                     max_size=20).map("".join)))
def test_any_annotation_text_parses_or_raises_our_errors(raw: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.yaml"
        path.write_text(raw, encoding="utf-8", newline="")
        try:
            annotation = parse_annotation(path)
        except (InputError, AnnotationError) as exc:
            assert exc.path == str(path)
            return
    assert annotation.article


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(st.data())
def test_located_quotes_slice_to_words_the_quote_stands_for(data: st.DataObject) -> None:
    text = data.draw(hostile)
    start = data.draw(st.integers(0, len(text)))
    quote = data.draw(st.one_of(st.just(text[start:data.draw(st.integers(start, len(text)))]), hostile))
    try:
        begin, end = locate(text, quote)
    except AnnotationError:
        return
    assert re.fullmatch(quote_pattern(quote.strip()), text[begin:end])
    others = [m.start(1) for m in re.finditer(f"(?=({quote_pattern(quote.strip())}))", text)]
    assert others == [begin]  # it was the one occurrence


def test_graphs_from_generated_cases_are_not_all_rejected() -> None:
    """A control for the property above: a plain generated-style case does build and validate."""
    text = "Mia Wong directed Rain. Rain is a short film. Studio 9 produced it."
    annotation = {"article": "generated", "entities": [
        {"id": "e0", "type": "Person", "name": "Mia Wong"}, {"id": "e1", "type": "ShortFilm", "name": "Rain"},
        {"id": "e2", "type": "Organization", "name": "Studio 9"}],
        "facts": [{"subject": "e1", "relation": "director", "object": "e0", "quote": "Mia Wong directed Rain"},
                  {"subject": "e1", "relation": "productionCompany", "object": "e2", "quote": "Studio 9 produced it"}]}
    with tempfile.TemporaryDirectory() as tmp:
        graph = pipeline.build_graph(write_case(Path(tmp), "generated", text, annotation))
    assert validate(graph).conforms and len(list(graph.subjects(RDF.type, OA.Annotation))) == 5
