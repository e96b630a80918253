"""Regressions of issue 14, one test per case the issue lists (the ones of this branch; ``out/`` as one unit
is in tests/test_publish.py, names in tests/test_names.py, the CLI property test in tests/test_cli_properties.py).

Each runs the real command in-process and checks the exit code, the message, and that no traceback is printed.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from tests.conftest import DATA, OUT, ROOT

GRAPH = str(OUT / "graph.ttl")


def kg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def clean(result: Result, code: int) -> str:
    """The output of a run that ended with ``code``, no exception but SystemExit and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


# --- Tracebacks -----------------------------------------------------------------------------------------


def test_limit_beyond_max_rows_cuts_the_answer_instead_of_an_islice_attribute_error() -> None:
    for store in ("memory", "oxigraph"):
        out = clean(kg("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50", "--graph", GRAPH, "--max-rows", "10",
                       "--store", store), 0)
        assert "showing the first 10 rows only" in out
        assert len([line for line in out.splitlines() if line.startswith("https://")]) == 10


@pytest.mark.parametrize("command", [
    ["export", "-o", "{file}/x.ttl", "--graph", GRAPH],
    ["export", "-o", "{file}/csv/", "--graph", GRAPH],
    ["render", "-o", "{file}/x.html", "--graph", GRAPH],
    ["extract", str(DATA / "articles" / "okayplayer-we-cry-together.txt"), "-o", "{file}/x.yaml"],
    ["extract", str(DATA / "articles" / "okayplayer-we-cry-together.txt"), "-o", "{file}/x.ttl"],
    ["build", "--data", str(DATA), "--out", "{file}/out"],
], ids=["export", "export-csv", "render", "extract-yaml", "extract-ttl", "build"])
def test_output_under_a_file_is_exit_2_naming_the_file(command: list[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file\n", encoding="utf-8")
    out = clean(kg(*[part.replace("{file}", str(blocker)) for part in command]), 2)
    assert out.startswith("kg: error:") and str(blocker) in out and "how to fix" in out
    assert blocker.read_text(encoding="utf-8") == "I am a file\n"


# --- Terminal-safe output and bad text ------------------------------------------------------------------


def hostile_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "annotations" / "okayplayer-we-cry-together.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases: [Jake]", 'aliases: [Jake, "J\\e[2J\\e]0;owned\\a\\u202eX"]'), encoding="utf-8")
    return data


def test_escape_sequences_in_an_alias_are_shown_escaped_by_explain_tables_and_errors(tmp_path: Path) -> None:
    data = hostile_data(tmp_path)
    out = tmp_path / "out"
    clean(kg("build", "--data", str(data), "--out", str(out), "-q"), 0)
    graph = str(out / "graph.ttl")
    shown = clean(kg("explain", "Jake Schreier", "--graph", graph), 0)
    assert "also called: J\\x1b[2J\\x1b]0;owned\\x07\\u202eX, Jake" in shown
    table = clean(kg("query", "SELECT ?a WHERE { ?x <http://schema.org/alternateName> ?a } ORDER BY ?a",
                     "--graph", graph), 0)
    assert "J\\x1b[2J" in table
    error = clean(kg("explain", "J\x1b[2J\x1b]0;owned\x07", "--graph", graph), 2)
    for output in (shown, table, error):
        assert not any(ch in output for ch in "\x1b\x07\u202e")


def test_nul_bytes_in_an_article_are_bad_input_with_file_line_and_offset(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    article = data / "articles" / "okayplayer-we-cry-together.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\x00" * 200_000, encoding="utf-8")
    lines = text.count("\n") + 1
    out = clean(kg("build", "--data", str(data), "--out", str(tmp_path / "out")), 2)
    assert f"{article}:{lines}: not text: NUL (U+0000) at line {lines}" in out
    assert f"(character {len(text)})" in out and "200,000 such characters" in out
    assert not (tmp_path / "out").exists()
    raw = tmp_path / "escape.txt"
    raw.write_text("Moonrise\x1b[2J is a film.\n", encoding="utf-8")
    assert "not text: ESC (U+001B) at line 1, column 9" in clean(kg("extract", str(raw)), 2)


# --- The smaller items ----------------------------------------------------------------------------------


def test_a_mistyped_store_folder_is_refused_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "path"
    out = clean(kg("query", "directors", "--store", f"oxigraph:{typo}"), 2)
    assert "no Oxigraph store in this folder: it does not exist" in out
    assert not typo.exists() and not typo.parent.exists()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("x", encoding="utf-8")
    assert "holds files but no Oxigraph store" in clean(kg("query", "directors", "--store", f"oxigraph:{tmp_path / 'junk'}"), 2)
    store = tmp_path / "new-store"  # naming a file to load makes the store, as before
    assert "Jake Schreier" in clean(kg("query", "directors", "--graph", GRAPH, "--store", f"oxigraph:{store}"), 0)


@pytest.mark.parametrize("update", ["INSERT DATA { <a:a> <a:b> <a:c> }", "CLEAR ALL", "LOAD <http://127.0.0.1:1/>",
                                    "DELETE WHERE { ?s ?p ?o }", "DROP GRAPH <a:g>"])
def test_an_inline_update_gets_the_message_a_rq_file_gets(update: str, tmp_path: Path) -> None:
    rq = tmp_path / "update.rq"
    rq.write_text(update, encoding="utf-8")
    inline = clean(kg("query", update, "--graph", GRAPH), 2)
    from_file = clean(kg("query", str(rq), "--graph", GRAPH), 2)
    assert "is an update; kg only reads graphs" in inline
    assert inline.replace("'inline'", "Q") == from_file.replace(f"'{rq}'", "Q").replace(f"{rq}: ", "")


@pytest.mark.parametrize("tagged", ["    type: !!python/object:os.system Person",
                                    "    type: !!python/object/apply:os.system [echo]",
                                    "    type: !custom Person"])
def test_a_yaml_python_tag_is_refused_with_file_line_and_why(tagged: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "annotations" / "okayplayer-we-cry-together.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    type: Person")
    lines[at] = tagged
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = clean(kg("build", "--data", str(data), "--out", str(tmp_path / "out")), 2)
    tag = tagged.split()[1]
    assert f"{path}:{at + 1}: the YAML tag {tag} is refused" in out
    assert "build an object or run code" in out and "how to fix: remove the tag" in out


def test_kg_eval_refuses_a_gold_file_kg_build_refuses(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    gold = data / "annotations" / "okayplayer-we-cry-together.yaml"
    draft = tmp_path / "draft.yaml"
    shutil.copy(gold, draft)
    text = gold.read_text(encoding="utf-8")
    bad = text.replace('quote: "Directed by Lamar, Free and Jake Schreier"}',
                       'quote: "Directed by Lamar, Free and Jake Schreyer"}', 1)
    assert bad != text
    gold.write_text(bad, encoding="utf-8")
    built = clean(kg("build", "--data", str(data), "--out", str(tmp_path / "out")), 2)
    scored = clean(kg("eval", str(draft), str(gold)), 2)
    assert "quote not found in the article" in built and "quote not found in the article" in scored
    assert built.splitlines()[0] == scored.splitlines()[0]


def test_pyproject_uses_an_spdx_license_and_lists_its_data_folders() -> None:
    """setuptools warned (twice per `make run`) about the license table and the data folders not listed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert any(r.startswith("setuptools>=77") for r in project["build-system"]["requires"])
    packages = set(project["tool"]["setuptools"]["packages"])
    for folder in sorted(p for p in (ROOT / "kg").rglob("*") if p.is_dir() and p.name != "__pycache__"):
        assert ".".join(folder.relative_to(ROOT).parts) in packages, folder
    assert sys.version_info >= (3, 11)


def test_printable_leaves_nothing_a_terminal_would_act_on() -> None:
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kg.terminal import printable

    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

    @settings(max_examples=200, deadline=None)
    @given(st.text())
    def check(text: str) -> None:
        for cell in (False, True):
            shown = printable(text, cell=cell)
            kept = "" if cell else "\n\t"
            assert not [c for c in shown if (unicodedata.category(c) == "Cc" and c not in kept) or c in bidi]
            assert printable(shown, cell=cell) == shown
            if all(unicodedata.category(c)[0] in "LNPSZ" and c not in bidi and c not in "\u2028\u2029" for c in text):
                assert shown == text  # letters, digits, punctuation, symbols and spaces are left alone

    check()
