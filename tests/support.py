"""Helpers for tests that build from a copy of data/ into a copy of out/ and check that nothing changed."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from kg.cli import main
from tests.conftest import DATA, OUT

ANNOTATION = "annotations/okayplayer-we-cry-together.yaml"
ARTICLE = "articles/okayplayer-we-cry-together.txt"


def run(*args: str) -> Result:
    """``kg ARGS`` in-process; stdout and stderr together in ``result.output``."""
    return CliRunner().invoke(main, list(args))


@dataclass
class Workspace:
    """A copy of data/ and of the committed out/, to break the one and check the other."""

    data: Path
    out: Path

    def snapshot(self) -> dict[str, bytes]:
        """Every file in out/ (including any stray temporary file) and its bytes."""
        return {p.name: p.read_bytes() for p in sorted(self.out.iterdir())}

    def build(self) -> Result:
        return run("build", "--data", str(self.data), "--out", str(self.out))

    def replace(self, relative: str, old: str, new: str) -> int:
        """Replace the first ``old`` by ``new`` in a data file; return the 1-based line where it stands."""
        path = self.data / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return line


def workspace(tmp_path: Path) -> Workspace:
    """data/ and out/ copied into ``tmp_path``."""
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(DATA, data)
    shutil.copytree(OUT, out)
    return Workspace(data=data, out=out)


def write_case(root: Path, article_id: str, text: str, annotation: dict[str, Any]) -> Path:
    """A data folder holding one article (written verbatim, newlines kept) and its annotation."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    with open(root / "articles" / f"{article_id}.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    with open(root / "annotations" / f"{article_id}.yaml", "w", encoding="utf-8", newline="") as fh:
        yaml.safe_dump(annotation, fh, allow_unicode=True, sort_keys=False)
    return root
