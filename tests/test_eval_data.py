"""The evaluation articles' gold annotations are valid curated data: each builds and conforms to the shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.annotations import parse_annotation
from kg.articles import read_article
from kg.build import add_annotation, new_graph
from kg.validate import validate

EVAL = Path(__file__).resolve().parent / "eval"
GOLD = sorted((EVAL / "gold").glob("*.yaml"))


def test_there_are_at_least_ten_eval_articles() -> None:
    assert len(GOLD) >= 10


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_gold_builds_and_conforms(gold: Path) -> None:
    annotation = parse_annotation(gold)
    article = read_article(EVAL / "articles" / f"{annotation.article}.txt")
    graph = add_annotation(new_graph(), annotation, article)
    report = validate(graph)
    assert report.conforms, report.text
