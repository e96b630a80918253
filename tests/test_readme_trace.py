"""The README's examples of `kg explain` and `kg validate` are the commands' real output (the same rules
as tests/test_readme_examples.py: `...` stands for lines left out, the others appear in order). The
example on a broken graph is checked on out/graph.ttl with the line it names removed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import OUT, ROOT
from tests.test_readme_examples import blocks


def examples() -> list[tuple[str, str]]:
    found = []
    for block in blocks():
        parts = re.split(r"^(\$ .*)\n", block, flags=re.M)
        for command, output in zip(parts[1::2], parts[2::2]):
            text = command[2:].split("#")[0].strip()
            if text.startswith(("kg explain ", "kg validate ")):
                found.append((text, output))
    return found


def test_the_readme_shows_explain_and_validate() -> None:
    assert {shlex.split(c)[1] for c, _ in examples()} == {"explain", "validate"}


@pytest.mark.parametrize("command,expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_is_real_output(command: str, expected: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    if "broken.ttl" in args:  # out/graph.ttl with the evidence link of the named fact removed
        fact = re.search(r"statement/([0-9a-f]+)", expected)
        assert fact is not None
        text = (OUT / "graph.ttl").read_text(encoding="utf-8")
        link = f"    oa:hasBody <https://w3id.org/kg/id/statement/{fact.group(1)}> ;\n"
        assert text.count(link) == 1
        broken = tmp_path / "broken.ttl"
        broken.write_text(text.replace(link, ""), encoding="utf-8")
        args = [str(broken) if a == "broken.ttl" else a for a in args]
    real = CliRunner().invoke(main, args).output.rstrip("\n").splitlines()
    want = expected.rstrip("\n").splitlines()
    at = 0
    for line in want:
        if line == "...":
            continue
        if line.endswith("..."):  # a line cut short
            match = next((i for i, r in enumerate(real[at:], at) if r.startswith(line[:-3])), None)
        else:
            match = next((i for i, r in enumerate(real[at:], at) if r == line), None)
        assert match is not None, f"{line!r} is not in the output of {command} (after line {at})"
        at = match + 1
