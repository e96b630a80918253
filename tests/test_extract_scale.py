"""kg extract on long articles: the same drafts as before it was made linear, a long article that extracts
whole, an article over the limit refused clearly, and the quote index equal to the regular expression.

The drafts of tests/eval/articles/*.txt and of the seed are kept in tests/eval/drafts/: a change to the
extractor that changes a draft shows here. When a change is meant (new rules), write them again with
``KG_UPDATE_DRAFTS=1 .venv/bin/python -m pytest -q tests/test_extract_scale.py -k unchanged`` and commit
the diff, read through. Speed itself is measured by benchmarks/extract_size.py, not here.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.annotations import parse_annotation
from kg.quotes import QuoteIndex, locate, quote_pattern
from kg.articles import read_article
from kg.build import add_annotation, new_graph
from kg.cli import main
from kg.errors import AnnotationError, TooLargeError
from kg.extract import source
from kg.extract.rules import load_rules
from tests.conftest import DATA, ROOT

pytest.importorskip("spacy")

EVAL = sorted((ROOT / "tests" / "eval" / "articles").glob("*.txt"))
SEED = DATA / "articles" / "okayplayer-we-cry-together.txt"
DRAFTS = ROOT / "tests" / "eval" / "drafts"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extract_size", ROOT / "benchmarks" / "extract_size.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_drafts_of_the_eval_set_and_the_seed_are_unchanged() -> None:
    made = pipeline.extract([*EVAL, SEED])
    texts = {d.source.path.stem: pipeline.draft_yaml(d) for d in made}
    if os.environ.get("KG_UPDATE_DRAFTS") == "1":
        DRAFTS.mkdir(exist_ok=True)
        for stem, text in texts.items():
            (DRAFTS / f"{stem}.yaml").write_text(text, encoding="utf-8")
    kept = {p.stem: p.read_text(encoding="utf-8") for p in DRAFTS.glob("*.yaml")}
    assert sorted(kept) == sorted(texts), "one kept draft per article of tests/eval/articles and the seed"
    changed = [stem for stem in texts if texts[stem] != kept[stem]]
    assert changed == [], f"drafts changed: {changed} (KG_UPDATE_DRAFTS=1 writes them again, see the docstring)"


def test_a_200_kb_article_extracts_whole_and_every_quote_is_found(tmp_path: Path) -> None:
    article = tmp_path / "long-read.txt"
    article.write_text(_bench().make_article(200_000), encoding="utf-8")
    draft_file = tmp_path / "long-read.yaml"
    result = CliRunner().invoke(main, ["extract", str(article), "-o", str(draft_file)], env={"KG_PROGRESS": "1"})
    assert result.exit_code == 0, result.output
    assert "parsing" in result.output and "extracting" in result.output  # the bar, forced on (KG_PROGRESS=1)
    annotation = parse_annotation(draft_file)
    assert len(annotation.entities) > 1000 and len(annotation.facts) > 1000
    graph = new_graph()  # the builder locates every quote, prefix and suffix in the article: each exactly once
    add_annotation(graph, annotation, read_article(tmp_path / "articles" / "long-read.txt"))
    assert len(graph) > 10 * len(annotation.facts)


def test_no_progress_bar_when_piped_or_quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.cli.extraction import LONG_ARTICLE, _progress

    long_one, short = tmp_path / "long.txt", tmp_path / "short.txt"
    long_one.write_text("x" * LONG_ARTICLE, encoding="utf-8")
    short.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KG_PROGRESS", "")  # stderr is not a terminal under pytest
    assert _progress([long_one], False)[1] is None
    monkeypatch.setenv("KG_PROGRESS", "1")
    assert _progress([long_one], True)[1] is None and _progress([short], False)[1] is None
    assert _progress([long_one], False)[1] is not None and _progress([short, short], False)[1] is not None


@pytest.mark.parametrize("suffix, size", [(".txt", source.MAX_TEXT_CHARS + 1), (".md", source.MAX_TEXT_CHARS + 10),
                                          (".html", source.MAX_HTML_BYTES + 1)])
def test_an_article_over_the_limit_is_refused_with_exit_2_and_no_traceback(tmp_path: Path, suffix: str,
                                                                            size: int) -> None:
    article = tmp_path / f"huge{suffix}"
    line = "The film was directed by Ada Lindqvist and shot in Bergen.\n"
    body = (line * (size // len(line) + 1))[:size]
    article.write_text(f"<html><body><p>{body}</p></body></html>" if suffix == ".html" else body, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article), "-o", str(tmp_path / "d.yaml")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert "too long to extract" in result.output and str(article) in result.output
    assert "how to fix: split it into several articles" in result.output
    assert not (tmp_path / "d.yaml").exists() and not (tmp_path / "articles").exists()
    with pytest.raises(TooLargeError):
        pipeline.extract([article])


def test_html_whose_text_is_over_the_limit_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    text = _bench().make_article(source.MAX_TEXT_CHARS + 100_000)  # varied: trafilatura drops repeated paragraphs
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    page.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    assert page.stat().st_size < source.MAX_HTML_BYTES
    with pytest.raises(TooLargeError, match="characters of text"):
        source.read_source(page, load_rules())


def _regex_spans(text: str, quote: str, prefix: str | None, suffix: str | None) -> list[tuple[int, int]]:
    """What locate() found before the index: every overlapping match of quote_pattern, then prefix/suffix."""
    spans = [(m.start(1), m.end(1)) for m in re.finditer(f"(?=({quote_pattern(quote.strip())}))", text)]
    if prefix:
        before = re.compile(quote_pattern(prefix) + r"\Z")
        spans = [(s, e) for s, e in spans if before.search(text, 0, s)]
    if suffix:
        after = re.compile(quote_pattern(suffix))
        spans = [(s, e) for s, e in spans if after.match(text, e)]
    return spans


_CHARS = st.sampled_from(list("ab lala '’‘\"“”\n\t\u00a0.-é"))
_TEXT = st.text(_CHARS, max_size=60)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, quote=st.text(_CHARS, min_size=1, max_size=8), cut=st.tuples(st.integers(0, 60), st.integers(1, 9)),
       prefix=st.one_of(st.none(), st.text(_CHARS, max_size=4)), suffix=st.one_of(st.none(), st.text(_CHARS, max_size=4)))
def test_the_quote_index_finds_what_the_regular_expression_finds(text: str, quote: str, cut: tuple[int, int],
                                                                 prefix: str | None, suffix: str | None) -> None:
    if text and cut[0] < len(text):  # half the time a quote cut from the text itself
        quote = text[cut[0]:cut[0] + cut[1]] if text[cut[0]:cut[0] + cut[1]].strip() else quote
    if not quote.strip():
        return
    index = QuoteIndex(text)
    found = [index.span(s) for s in index.narrow(index.occurrences(quote), prefix=prefix, suffix=suffix)]
    assert found == _regex_spans(text, quote, prefix, suffix)
    if len(found) == 1:
        assert locate(text, quote, prefix=prefix, suffix=suffix) == found[0]
    else:
        with pytest.raises(AnnotationError):
            locate(text, quote, prefix=prefix, suffix=suffix)


def test_a_quote_repeated_in_a_long_text_needs_its_prefix() -> None:
    text = "".join(f"Paragraph {n}: the film was shot in Bergen.\n" for n in range(5000))
    index = QuoteIndex(text)
    assert len(index.occurrences("the film was shot in Bergen.")) == 5000
    at = text.index("Paragraph 4321:")
    assert locate(text, "the film was shot in Bergen.", prefix="Paragraph 4321: ") == (at + 16, at + 44)


_NAME_WORDS = st.sampled_from(["Ab", "ab", "AB", "Abc", "c", "C", "Ab-c", "d'", "x.", "Q", "é", "É"])
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "-", "'", "’s ", "'ve", ".", ",", '"', "’"])


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.tuples(_NAME_WORDS, _SEPARATORS), max_size=14),
       forms=st.lists(st.lists(_NAME_WORDS, min_size=1, max_size=3).map(" ".join), max_size=6, unique=True))
def test_the_name_index_finds_what_the_regular_expression_finds(pieces: list[tuple[str, str]], forms: list[str]) -> None:
    """The gazetteer's word index (kg.extract.names.find_names) against the alternation it replaced."""
    from kg.extract.names import find_names

    text = "".join(w + s for w, s in pieces)
    alternatives = [f"(?i:{re.escape(f)})" if " " in f else re.escape(f) for f in sorted(forms, key=len, reverse=True)]
    expected = []
    if alternatives:
        pattern = re.compile(rf"(?<![\w'’-])(?:{'|'.join(alternatives)})(?![\w-]|['’]\w\w)")
        expected = [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert find_names(text, forms) == expected
