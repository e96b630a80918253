"""Bad input gets one clear message (file, line, what, how to fix), exit code 2, no traceback, and the
previous out/ is left byte for byte as it was. Hostile strings pass through every output intact and inert."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from kg.namespaces import SCHEMA
from tests.conftest import OUT
from tests.support import ANNOTATION, ARTICLE, Workspace, run, workspace, write_case

# Each case breaks a copy of data/ and returns (the file the message must name, its line or None,
# words the message must contain).
Case = Callable[[Workspace], tuple[str, int | None, str]]


def malformed_yaml(ws: Workspace) -> tuple[str, int | None, str]:
    line = ws.replace(ANNOTATION, "  - id: belly\n", "  - id: belly\n   type: [Film\n")
    return ANNOTATION, line + 1, "malformed YAML"


def unknown_entity_id(ws: Workspace) -> tuple[str, int | None, str]:
    line = ws.replace(ANNOTATION, "relation: director, object: jake-schreier", "relation: director, object: jake-schreir")
    return ANNOTATION, line, "unknown entity id 'jake-schreir'"


def duplicate_id(ws: Workspace) -> tuple[str, int | None, str]:
    line = ws.replace(ANNOTATION, "  - id: belly\n", "  - id: belly\n    type: Film\n    name: Belly\n  - id: belly\n")
    return ANNOTATION, line + 3, "duplicate entity id 'belly'"


def person_as_production_company(ws: Workspace) -> tuple[str, int | None, str]:
    line = ws.replace(ANNOTATION, "relation: productionCompany, object: pglang", "relation: productionCompany, object: jake-schreier")
    return ANNOTATION, line, "needs an Organization as object, but 'jake-schreier' is a Person"


def quote_not_in_article(ws: Workspace) -> tuple[str, int | None, str]:
    line = ws.replace(ANNOTATION, 'object: jake-schreier, quote: "Directed by Lamar, Free and Jake Schreier"',
                      'object: jake-schreier, quote: "Directed by Jake Schreier alone"')
    return ANNOTATION, line, "quote not found in the article"


def ambiguous_quote(ws: Workspace) -> tuple[str, int | None, str]:
    line = ws.replace(ANNOTATION, 'quote: "Lamar said", prefix: "came after,” "', 'quote: "Lamar said"')
    return ANNOTATION, line, "quote occurs 3 times in the article"


def empty_article(ws: Workspace) -> tuple[str, int | None, str]:
    (ws.data / ARTICLE).write_text("\n  \n", encoding="utf-8")
    return ARTICLE, None, "the article is empty"


def article_not_utf8(ws: Workspace) -> tuple[str, int | None, str]:
    path = ws.data / ARTICLE
    lines = path.read_bytes().split(b"\n")
    lines[2] = b"Caf\xe9 " + lines[2]  # Latin-1, as a careless copy would save it
    path.write_bytes(b"\n".join(lines))
    return ARTICLE, 3, "not UTF-8 (byte 0xe9"


def annotation_not_utf8(ws: Workspace) -> tuple[str, int | None, str]:
    path = ws.data / ANNOTATION
    path.write_bytes(path.read_bytes().replace(b"name: Belly", b"name: B\xe9lly", 1))
    line = path.read_bytes().split(b"\xe9")[0].count(b"\n") + 1
    return ANNOTATION, line, "not UTF-8"


def missing_data_folder(ws: Workspace) -> tuple[str, int | None, str]:
    ws.data = ws.data.parent / "no-such-data"
    return "no-such-data", None, "data folder not found"


CASES: list[Case] = [malformed_yaml, unknown_entity_id, duplicate_id, person_as_production_company,
                     quote_not_in_article, ambiguous_quote, empty_article, article_not_utf8, annotation_not_utf8,
                     missing_data_folder]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_one_clear_message_exit_2_out_untouched(tmp_path: Path, case: Case) -> None:
    ws = workspace(tmp_path)
    before = ws.snapshot()
    relative, line, what = case(ws)
    result = ws.build()
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no other exception escaped
    assert "Traceback" not in result.output
    errors = [l for l in result.output.splitlines() if l.startswith("kg: ")]
    assert len(errors) == 1, result.output  # one message
    message = errors[0]
    assert relative in message.replace("\\", "/")
    if line is not None:
        assert re.search(rf"{re.escape(Path(relative).name)}:{line}: ", message), (line, message)
    assert what in message
    assert "how to fix: " in result.output
    assert ws.snapshot() == before  # every byte of out/ as it was, and no temporary file left


def test_the_seed_data_builds_into_the_copy_unchanged(tmp_path: Path) -> None:
    """The control: the same workspace, unbroken, builds and writes the very same bytes."""
    ws = workspace(tmp_path)
    before = ws.snapshot()
    result = ws.build()
    assert result.exit_code == 0, result.output
    assert ws.snapshot() == before


HOSTILE = {
    "quotes": 'Dana "The Knife" O\'Hara',
    "newline": "Two\nLines",
    "backslash": "Back\\slash \\n Studio",
    "emoji": "Emoji 🎬🔥 Crew",
    "rtl": "فيلم \u202eعربي\u202c Films",
    "html": "<script>alert('x')</script> & <b>Co</b>",
}


def hostile_case(root: Path) -> Path:
    names = list(HOSTILE.values())
    text = "Hostile strings\n\n" + "".join(
        f"Here is {name}, named in full. " for name in names) + "\nThe film was directed by Dana \"The Knife\" O'Hara.\n"
    annotation = {
        "article": "hostile",
        "method": "curated",
        "entities": [
            {"id": "dana", "type": "Person", "name": HOSTILE["quotes"]},
            {"id": "two", "type": "Person", "name": HOSTILE["newline"]},
            {"id": "back", "type": "Organization", "name": HOSTILE["backslash"]},
            {"id": "emoji", "type": "Organization", "name": HOSTILE["emoji"]},
            {"id": "rtl", "type": "Organization", "name": HOSTILE["rtl"]},
            {"id": "html", "type": "Film", "name": HOSTILE["html"]},
        ],
        "facts": [
            {"subject": "html", "relation": "director", "object": "dana",
             "quote": "The film was directed by Dana \"The Knife\" O'Hara"},
            {"subject": "html", "relation": "productionCompany", "object": "emoji", "quote": f"Here is {HOSTILE['emoji']}"},
            {"subject": "html", "relation": "productionCompany", "object": "rtl", "quote": f"Here is {HOSTILE['rtl']}"},
            {"subject": "html", "relation": "genre", "value": HOSTILE["backslash"], "quote": HOSTILE["backslash"]},
        ],
    }
    return write_case(root, "hostile", text, annotation)


def test_hostile_strings_pass_through_intact_and_inert(tmp_path: Path) -> None:
    data, out = hostile_case(tmp_path / "data"), tmp_path / "out"
    result = run("build", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output

    turtle = Graph().parse(out / "graph.ttl", format="turtle")
    jsonld = Graph().parse(out / "graph.jsonld", format="json-ld")
    assert isomorphic(turtle, jsonld)
    for graph in (turtle, jsonld):
        names = {str(o) for o in graph.objects(None, SCHEMA.name)}
        assert set(HOSTILE.values()) <= names  # byte for byte, newline and all
        assert (None, SCHEMA.genre, Literal(HOSTILE["backslash"])) in graph

    html = (out / "graph.html").read_text(encoding="utf-8")
    data_json = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert data_json is not None
    labels = {node["name"] for node in json.loads(data_json.group(1))["nodes"]}  # "label" is wrapped to fit
    assert set(HOSTILE.values()) <= labels  # intact once the page reads its data
    assert "<script>alert" not in html and "<b>Co</b>" not in html  # inert: never markup in the page
    seed = (OUT / "graph.html").read_text(encoding="utf-8")  # same template and library, tame strings
    for tag in ("<script", "</script>", "<b>"):  # no string opened or closed a tag
        assert html.count(tag) == seed.count(tag), tag

    explained = run("explain", "--graph", str(out / "graph.ttl"), HOSTILE["html"])
    assert explained.exit_code == 0, explained.output
    assert HOSTILE["html"] in explained.output and HOSTILE["quotes"] in explained.output
    assert run("validate", str(out / "graph.ttl")).exit_code == 0
