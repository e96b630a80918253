"""The command line: every command has help and is in the README; exit codes; errors without tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import DATA, OUT, ROOT


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) > 3
    assert f"kg {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_query_directors_prints_the_three_directors() -> None:
    result = run("query", "directors", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 0
    for name in ("Kendrick Lamar", "Dave Free", "Jake Schreier"):
        assert name in result.output


def test_query_formats() -> None:
    for fmt, needle in [("csv", "work,director"), ("tsv", "work\tdirector"), ("json", '"bindings"')]:
        result = run("query", "directors", "-f", fmt, "--graph", str(OUT / "graph.ttl"))
        assert result.exit_code == 0 and needle in result.output


def test_parameter_is_bound_not_pasted() -> None:
    hostile = 'x" } } SELECT * WHERE { ?s ?p ?o } #'
    result = run("query", "roles", "--param", f"person={hostile}", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 0
    assert result.stdout.strip() == "(no results)"
    assert "returned no results" in result.stderr and "no name or alias in the graph equals" in result.stderr


def test_unknown_query_is_exit_2_with_a_hint() -> None:
    result = run("query", "no-such-query", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 2
    assert "unknown query" in result.output and "Traceback" not in result.output


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y \n}\n", encoding="utf-8")
    result = run("query", str(bad), "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 2
    assert "bad.rq" in result.output and "line" in result.output


def test_missing_required_parameter_is_exit_2() -> None:
    result = run("query", "evidence", "--graph", str(OUT / "graph.ttl"))
    assert result.exit_code == 2 and "--param entity=" in result.output


def test_build_into_a_folder(tmp_path: Path) -> None:
    result = run("build", "--data", str(DATA), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").read_bytes() == (OUT / "graph.ttl").read_bytes()
    assert "Jake Schreier" in result.output


def test_missing_data_folder_is_exit_2(tmp_path: Path) -> None:
    result = run("build", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "data folder not found" in result.output
    assert not (tmp_path / "out").exists()


def test_validate_the_published_graph_exits_0() -> None:
    assert run("validate", str(OUT / "graph.ttl")).exit_code == 0


def test_bad_annotation_names_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "annotations" / "okayplayer-we-cry-together.yaml"
    text = path.read_text(encoding="utf-8").replace("Directed by Lamar, Free and Jake Schreier",
                                                    "Directed by Lamar and nobody else", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "nobody else" in l)
    result = run("build", "--data", str(data), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"okayplayer-we-cry-together.yaml:{line}" in result.output
    assert "quote not found" in result.output
