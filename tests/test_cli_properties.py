"""No traceback anywhere (issue 14): every ``kg`` command, driven with generated arguments, paths and option
values, ends with exit 0, 1 or 2 and never lets an exception other than ``SystemExit`` out.

The commands come from click's own list (``main.commands``), so a new command is covered without editing
this file; its options are generated from their click types. Each example runs in a fresh copy of a tiny
workspace (``data/`` with one short article, and its built ``out/``), so what one example writes cannot
harm the next, and every relative path stays inside it. Nothing reaches the network: URLs are refused
schemes, or 127.0.0.1 on port 1 (connection refused at once). ``kg serve`` and ``kg review`` would run
until stopped: they only get ``--help``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.cli import main

ARTICLE = "Moonrise is a short film directed by Jane Doe. Jane Doe said it was made in 2020.\n"
ANNOTATION = """article: tiny
method: curated
entities:
  - {id: jane-doe, type: Person, name: Jane Doe, aliases: [Doe, "J\\e[2J"]}
  - {id: moonrise, type: ShortFilm, name: Moonrise, quote: "Moonrise is a short film"}
facts:
  - {subject: moonrise, relation: director, object: jane-doe, quote: "directed by Jane Doe"}
"""

#: commands that serve until stopped get their help only
LONG_RUNNING = {"serve": [["--help"]], "review": [["--help"]]}
#: per command, how many examples (the slow ones build, validate or extract)
EXAMPLES = {"build": 6, "validate": 8, "extract": 8, "render": 12}
DEFAULT_EXAMPLES = 20

HOSTILE = st.sampled_from(["", " ", "-", "--", "Jane Doe", "jane doe", "Doe", "Moonrise", "jane-doe", "J\x1b[2J",
                           "\x00", "\u202e", "é" * 300, "'; DROP", '"', "{", "}", "<x>", "a=b", "=", "nope",
                           "\\", "%s", "$HOME", "..", "--help"])
TEXT = st.one_of(HOSTILE, st.text(max_size=30))
PATHS = st.sampled_from([
    "out/graph.ttl", "out/graph.jsonld", "out/graph.html", "out", "data", "data/annotations",
    "data/annotations/tiny.yaml", "data/articles/tiny.txt", "data/articles/tiny.meta.yaml", "nope", "nope/x.ttl",
    "afile", "afile/x.ttl", "afile/x.html", "afile/x.yaml", "afile/csv/", "new/x.ttl", "x.ttl", "x.nt", "x.jsonld",
    "x.trig", "x.graphml", "x.gexf", "x.csv", "csv/", "x.html", "x.yaml", "x.txt", "x.md", "x.rq", "bad.rq",
    "empty.ttl", "notrdf.ttl", "binary.txt", "q.rq", "x", "", ".", "drafts/x.yaml", "a dir/with space.ttl",
    "name\x1b[2J.ttl",
])
URLS = st.sampled_from(["ftp://x/", "not a url", "http://127.0.0.1:1/store", "http://127.0.0.1:1/query",
                        "http://127.0.0.1:1/", "https://127.0.0.1:1/x", "http://", "", "file:///etc/passwd"])
STORES = st.sampled_from(["memory", "oxigraph", "auto", "oxigraph:st", "oxigraph:nope/typo", "oxigraph:afile",
                          "oxigraph:", "oxigraph:data", "sqlite", "memory:x", ""])
QUERIES = st.sampled_from(["directors", "cast", "roles", "work", "counts", "people", "nope", "q.rq", "bad.rq",
                           "SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
                           "ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <https://w3id.org/kg/id/jane-doe>",
                           "INSERT DATA { <a:a> <a:b> <a:c> }", "CLEAR ALL", "LOAD <http://127.0.0.1:1/>",
                           "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                           "SELECT * FROM <http://127.0.0.1:1/g> WHERE { ?s ?p ?o }", "SELECT ?x WHERE {",
                           "SELECT (1/0 AS ?x) WHERE {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999"])
PARAMS = st.one_of(st.sampled_from(["work_name=Moonrise", "person=Doe", "work_name=", "x", "=y", "a=b=c",
                                    "person=J\x1b[2J", "entity=\x00"]), TEXT)
NUMBERS = st.one_of(st.integers(-5, 5), st.integers(-(2**70), 2**70), st.sampled_from([0, 1, 65535, 65536, 70000]))
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["nan", "inf", "-1", "1e999"]))


def workspace_template() -> Path:
    """A tiny project folder: data/ with one article, its built out/, and files to trip over."""
    root = Path(tempfile.mkdtemp(prefix="kg-cli-prop-"))
    (root / "data" / "articles").mkdir(parents=True)
    (root / "data" / "annotations").mkdir()
    (root / "data" / "articles" / "tiny.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "data" / "articles" / "tiny.meta.yaml").write_text("title: A tiny article\n", encoding="utf-8")
    (root / "data" / "annotations" / "tiny.yaml").write_text(ANNOTATION, encoding="utf-8")
    pipeline.build(root / "data", root / "out")
    (root / "afile").write_text("a file where a folder is expected\n", encoding="utf-8")
    (root / "empty.ttl").write_text("", encoding="utf-8")
    (root / "notrdf.ttl").write_text("this is not turtle {\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02PNG\xff\xfe")
    (root / "q.rq").write_text("# title: Who?\nSELECT ?n WHERE { ?p <http://schema.org/name> ?n }\n", encoding="utf-8")
    (root / "bad.rq").write_text("SELECT ?n WHERE {\n  ?p ?q\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def template() -> Path:  # type: ignore[misc]
    root = workspace_template()
    yield root
    shutil.rmtree(root, ignore_errors=True)


#: values that make sense for the workspace, so that generated invocations also reach the work itself
SANE: dict[str, st.SearchStrategy[str]] = {
    "data_dir": st.just("data"), "out_dir": st.sampled_from(["out", "newout", "deep/new/out"]),
    "graph_file": st.sampled_from(["out/graph.ttl", "out/graph.jsonld"]), "store_spec": st.sampled_from(["memory", "oxigraph"]),
    "query": st.sampled_from(["directors", "work", "q.rq", "SELECT * WHERE { ?s ?p ?o } LIMIT 3"]),
    "query_": st.sampled_from(["directors", "q.rq"]), "params": st.sampled_from(["work_name=Moonrise", "person=doe"]),
    "output": st.sampled_from(["x.html", "x.yaml", "x.ttl", "drafts/annotations/x.yaml"]),
    "target": st.sampled_from(["x.ttl", "x.nt", "x.jsonld", "x.trig", "x.graphml", "x.gexf", "csv/"]),
    "focus": st.sampled_from(["Moonrise", "jane doe", "Doe"]), "depth": st.sampled_from(["0", "1", "2"]),
    "a": st.sampled_from(["Jane Doe", "Moonrise"]), "b": st.sampled_from(["Moonrise", "jane-doe"]),
    "articles": st.sampled_from(["data/articles/tiny.txt", "data/articles"]),
    "predicted": st.just("data/annotations/tiny.yaml"), "gold": st.just("data/annotations/tiny.yaml"),
    "file": st.sampled_from(["out/graph.ttl", "out/graph.jsonld"]), "top": st.sampled_from(["1", "3"]),
    "limit": st.sampled_from(["1", "2"]), "timeout": st.sampled_from(["0", "10"]), "max_rows": st.sampled_from(["0", "2"]),
    "fmt": st.sampled_from(["table", "csv", "json", "turtle", "csv"]),
}
SANE_WORDS = st.sampled_from([["Jane Doe"], ["moonrise"], ["Moonrise", "director", "Jane Doe"], ["Doe", "type", "Person"]])


def value_for(param: click.Parameter, *, sane: bool = False) -> st.SearchStrategy[str]:
    """Values for one option or argument, from its click type and name (``sane``: values that fit the workspace)."""
    name = (param.name or "").lower()
    if sane and name in SANE:
        if isinstance(param.type, click.Choice):
            return SANE[name].filter(lambda v: v in param.type.choices) | st.sampled_from(list(param.type.choices))
        return SANE[name]
    kind = param.type
    if name in ("url", "endpoint"):
        return URLS
    if name == "store_spec":
        return STORES
    if name in ("query", "query_"):
        return st.one_of(QUERIES, TEXT)
    if name == "params":
        return PARAMS
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from(list(kind.choices)), TEXT)
    if isinstance(kind, click.Path) or name in ("target", "output") or name.endswith(("_file", "_dir")):
        return st.one_of(PATHS, TEXT) if name not in ("data_dir",) else st.one_of(PATHS, st.just("data"))
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return st.one_of(NUMBERS.map(str), TEXT)
    if isinstance(kind, click.types.FloatParamType):
        return st.one_of(FLOATS.map(str), TEXT)
    return st.one_of(TEXT, PATHS)


@st.composite
def invocation(draw: st.DrawFn, name: str) -> list[str]:
    """Arguments for ``kg NAME``: some of its options (each with a generated value) and its arguments."""
    if name in LONG_RUNNING:
        return [name, *draw(st.sampled_from(LONG_RUNNING[name]))]
    command = main.commands[name]
    sane = draw(st.booleans())  # half the invocations make sense, half are hostile
    args: list[str] = [name]
    for param in command.params:
        if isinstance(param, click.Option):
            if draw(st.integers(0, 2)) != 0:
                continue
            flag = draw(st.sampled_from(param.opts))
            if param.is_flag:
                args.append(flag)
                continue
            for _ in range(draw(st.integers(1, 2)) if param.multiple else 1):
                args += [flag, draw(value_for(param, sane=sane))]
        elif isinstance(param, click.Argument):
            if sane and param.nargs < 0 and param.name == "words":
                args += draw(SANE_WORDS)
                continue
            count = param.nargs if param.nargs > 0 else draw(st.integers(1 if sane else 0, 3 if not sane else 1))
            if not param.required and draw(st.booleans()):
                count = 0
            args += [draw(value_for(param, sane=sane)) for _ in range(count)]
    if not sane and draw(st.integers(0, 9)) == 0:
        args.insert(draw(st.integers(1, len(args))), draw(TEXT))  # a stray word or option anywhere
    return args


def run_in(template: Path, args: list[str]) -> tuple[int, str, BaseException | None, object]:
    folder = Path(tempfile.mkdtemp(prefix="kg-cli-run-"))
    work = folder / "w"
    shutil.copytree(template, work, symlinks=True)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True)
    finally:
        os.chdir(cwd)
        shutil.rmtree(folder, ignore_errors=True)
    return result.exit_code, result.output, result.exception, result.exc_info


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_ends_with_0_1_or_2_and_no_traceback(name: str, template: Path) -> None:
    codes: list[int] = []

    @settings(max_examples=EXAMPLES.get(name, DEFAULT_EXAMPLES), deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(args=invocation(name))
    def check(args: list[str]) -> None:
        code, output, exc, info = run_in(template, args)
        if exc is not None and not isinstance(exc, SystemExit):
            detail = "".join(traceback.format_exception(*info)) if info else repr(exc)  # type: ignore[misc]
            raise AssertionError(f"kg {args!r} raised {exc!r}:\n{detail}")
        assert code in (0, 1, 2), f"kg {args!r} exited {code}: {output[-2000:]}"
        codes.append(code)
        assert "Traceback (most recent call last)" not in output, f"kg {args!r} printed a traceback"

    check()
    if name != "push":  # push needs a server: every generated URL is refused or unreachable (exit 2)
        assert 0 in codes, f"no generated invocation of kg {name} got to do its work: {sorted(codes)}"


def test_the_property_test_covers_every_command() -> None:
    """The parametrisation above is click's own list: a new command joins it without an edit here."""
    assert {"build", "query", "validate", "explain", "extract", "eval", "stats", "path", "export", "link", "render",
            "serve", "push"} <= set(main.commands)
