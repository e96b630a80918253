"""The README's examples of `kg path`, `kg stats` and `kg link` are the commands' real output.

An example is a `$ kg ...` line in a fenced block and the lines after it up to the next `$` line or the
end of the block. A line `...` in an example stands for lines left out; the others must appear in order.
"""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import ROOT

CHECKED = ("path", "stats", "link")


def blocks() -> list[str]:
    """The fenced code blocks of the README, without their fences."""
    out: list[str] = []
    current: list[str] | None = None
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if current is None:
                current = []
            else:
                out.append("\n".join(current) + "\n")
                current = None
        elif current is not None:
            current.append(line)
    return out


def examples() -> list[tuple[str, str]]:
    found = []
    for block in blocks():
        parts = re.split(r"^(\$ .*)\n", block, flags=re.M)
        for command, output in zip(parts[1::2], parts[2::2]):
            words = command[2:].split()
            if words[:1] == ["kg"] and words[1] in CHECKED:
                found.append((command[2:], output))
    return found


def test_the_readme_shows_each_new_command() -> None:
    shown = {shlex.split(command)[1] for command, _ in examples()}
    assert shown == set(CHECKED)


@pytest.mark.parametrize("command,expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_is_real_output(command: str, expected: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    real = CliRunner().invoke(main, shlex.split(command)[1:]).output.rstrip("\n").splitlines()
    want = expected.rstrip("\n").splitlines()
    if "..." not in want:
        assert real == want
        return
    at = 0
    for line in (w for w in want if w != "..."):
        assert line in real[at:], f"{line!r} is not in the output of {command} (after line {at})"
        at = real.index(line, at) + 1
