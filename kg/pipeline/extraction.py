"""Extraction in the composer: ``kg extract`` (draft annotations of articles) and ``kg eval`` (scores
against gold annotations); the stages are in :mod:`kg.extract`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from rdflib import Graph

from kg import export
from kg.annotations import Annotation, parse_annotation
from kg.articles import Article
from kg.build import add_annotation, new_graph
from kg.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.evaluate import Evaluation
    from kg.extract.source import Source

@dataclass(frozen=True)
class Draft:
    """One article's extraction: the text that is stored and quoted, and the draft annotation."""

    source: "Source"
    annotation: Annotation


def article_files(paths: list[Path]) -> list[Path]:
    """The article files among ``paths`` (a folder gives its .txt, .md and .html files, sorted).

    Raises:
        InputError: a path does not exist, or a folder holds no article.
    """
    from kg.extract.source import SUFFIXES

    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
            if not found:
                raise InputError("no article in the folder", path=path, hint="put .txt, .md or .html articles in it")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("article not found", path=path, hint="check the path")
    return files


#: what an article's stages cost, as fractions of its time (the parse is most of it): for a progress bar
_PARSED, _FOUND, _RESOLVED, _FACTS = 0.6, 0.7, 0.8, 0.95


def extract(paths: list[Path], *, on_done: Callable[[Path], None] | None = None,
            on_progress: Callable[[Path, float, str], None] | None = None) -> list[Draft]:
    """Draft annotations of the articles in ``paths`` (files or folders), one per article, in order.

    The spaCy pipeline is loaded on the first call (nothing is downloaded); all articles are parsed in one
    stream. ``on_done`` is called with each article's path when its draft is made; ``on_progress`` with an
    article's path, the fraction of its work done (0 to 1) and the stage, as lines are parsed and stages end.
    Time and memory grow in proportion to the text (benchmarks/extract_size.py).

    Raises:
        InputError: an unreadable article, an unknown file kind, no spaCy pipeline installed.
        TooLargeError: an article over the size limit (kg/extract/source.py), before any work starts.
    """
    from kg.extract import calibration, draft, kinds, naming, nlp, pointers, relations, rules, source
    from kg.extract.names import PLAIN

    table = rules.load_rules()
    sources = [source.read_source(p, table) for p in article_files(paths)]
    spans = [s.lines() for s in sources]
    stream = nlp.parse_many(s.text[a:b].translate(PLAIN) for s, lines in zip(sources, spans) for a, b in lines)
    drafts = []
    for src, lines in zip(sources, spans):
        report = (lambda done, what, p=src.path: on_progress(p, done, what)) if on_progress else (lambda d, w: None)
        docs, size, due = [], max(1, len(src.text)), 0
        for a, b in lines:
            docs.append((a, next(stream)))
            if on_progress and b >= due:  # about every 1% of the text
                report(_PARSED * b / size, "parsing")
                due = b + size // 100
        found, nicknames = pointers.find_mentions(src, docs, table)
        report(_FOUND, "finding names")
        res = naming.resolve(src, found, nicknames, table, docs)
        kinds.retype(src, res, table)
        report(_RESOLVED, "resolving")
        candidates = calibration.apply(relations.find_candidates(src, docs, res, table))
        report(_FACTS, "finding facts")
        drafts.append(Draft(source=src, annotation=draft.make_annotation(src, res, candidates)))
        report(1.0, "done")
        if on_done is not None:
            on_done(src.path)
    return drafts


def draft_yaml(item: Draft, *, target: Path | None = None) -> str:
    """The YAML text of a draft (the curated format, every fact automatic), to print (or to write as
    ``target``): without the facts a draft of the same article under review rejected
    (:func:`kg.pipeline.review.review_places`).

    Raises:
        InputError, AnnotationError: that draft under review cannot be read.
    """
    from kg.extract.draft import to_yaml
    from kg.pipeline.review import review_places, reviewed_drafts, without_rejected

    reviewed = reviewed_drafts(item.source.id, review_places(item.source.id, target))
    annotation = without_rejected(item.annotation, reviewed) if reviewed else item.annotation
    return to_yaml(annotation, item.source)


def draft_article(item: Draft) -> Article:
    """The article a draft quotes, as :func:`kg.build.add_annotation` takes it."""
    return Article(id=item.source.id, text=item.source.text, path=item.source.path, meta={"title": item.source.title})


def draft_graph(drafts: list[Draft], *, validate: bool = True) -> Graph:
    """The graph of drafts, built by the same code as ``kg build`` (vocabulary, evidence, provenance).

    Raises:
        AnnotationError: a draft the builder rejects (a bug of the extractor). InvalidGraphError: see build.
    """
    graph = new_graph()
    for item in drafts:
        add_annotation(graph, item.annotation, draft_article(item))
    if validate:
        from kg.validate import ensure_valid

        ensure_valid(graph)
    return graph


def write_draft(item: Draft, target: Path) -> list[Path]:
    """Write a draft as ``target`` (YAML) and its article text where ``kg build`` finds it: a draft in
    ``X/annotations/`` puts its text in ``X/articles/<id>.txt``, any other draft in ``articles/`` beside it.
    Returns the files written. A curated annotation is never replaced, nor an article text that differs; a
    draft under review (``kg review``: some facts curated or rejected) keeps its review, and only proposals
    it neither holds nor rejected are added.

    Raises:
        InputError: ``target`` is a curated annotation, or an article of that id with other text exists.
    """
    import yaml

    target = Path(target)
    folder = target.parent.parent if target.parent.name == "annotations" else target.parent
    text_path = folder / "articles" / f"{item.source.id}.txt"
    meta_path = folder / "articles" / f"{item.source.id}.meta.yaml"
    if target.exists():
        existing = target.read_text(encoding="utf-8")
        if re.search(r"^method:\s*curated\s*$", existing, re.MULTILINE) or not re.search(r"^method:", existing, re.MULTILINE):
            raise InputError("will not replace a curated annotation", path=target,
                             hint="write the draft elsewhere (-o other.yaml or --data OTHER_DIR)")
        if re.search(r"^(rejected:|\s+method:\s*(curated|inferred)\s*$)", existing, re.MULTILINE):
            item = _keep_review(item, target)
    written = []
    same_text = text_path.exists() and text_path.read_text(encoding="utf-8") == item.source.text
    if text_path.exists() and not same_text:
        raise InputError(f"another text is stored as article {item.source.id!r}", path=text_path,
                         hint="rename the article file, or write the draft into another folder")
    export.write_atomic(target, draft_yaml(item, target=target))
    written.append(target)
    if not same_text:
        export.write_atomic(text_path, item.source.text)
        written.append(text_path)
    if not meta_path.exists():
        meta = {"title": item.source.title, "source_file": item.source.path.name, "format": item.source.format}
        export.write_atomic(meta_path, yaml.safe_dump(meta, sort_keys=False, allow_unicode=True))
        written.append(meta_path)
    return written


def _keep_review(item: Draft, target: Path) -> Draft:
    """``item`` with the review of the draft ``target`` kept (see :func:`kg.extract.draft.keep_review`).

    Raises:
        InputError, AnnotationError: the draft under review cannot be read; it is left as it is.
    """
    from kg.extract.draft import keep_review

    reviewed = parse_annotation(target)
    if reviewed.article != item.source.id:
        raise InputError(f"the draft under review is of article {reviewed.article!r}, not {item.source.id!r}",
                         path=target, hint="write the new draft elsewhere")
    return Draft(source=item.source, annotation=keep_review(item.annotation, reviewed))


def evaluation_pairs(predicted: Path, gold: Path) -> list[tuple[Path, Path]]:
    """Pairs of (draft, gold) annotation files: two files, or two folders paired by file name.

    Raises:
        InputError: a path is missing, or two folders share no file name.
    """
    predicted, gold = Path(predicted), Path(gold)
    for path in (predicted, gold):
        if not path.exists():
            raise InputError("not found", path=path, hint="name an annotation file or a folder of them")
    if predicted.is_dir() != gold.is_dir():
        raise InputError("give two files or two folders", path=predicted, hint="kg eval DRAFT.yaml GOLD.yaml")
    if not predicted.is_dir():
        return [(predicted, gold)]
    golds = {p.stem: p for p in sorted(gold.glob("*.yaml"))}
    pairs = [(p, golds[p.stem]) for p in sorted(predicted.glob("*.yaml")) if p.stem in golds]
    if not pairs:
        raise InputError("the two folders share no annotation file name", path=predicted,
                         hint="name each draft like its gold file (<article-id>.yaml)")
    return pairs


def evaluate(predicted: Path, gold: Path) -> list["Evaluation"]:
    """Score drafts against gold annotations (files or folders, see :func:`evaluation_pairs`).

    A gold file is held to what ``kg build`` holds a curated annotation to (see :func:`gold_annotation`).

    Raises:
        InputError, AnnotationError: a missing or malformed annotation file; a gold file kg build would refuse.
    """
    from kg.extract.evaluate import evaluate as score

    return [score(parse_annotation(p), gold_annotation(g)) for p, g in evaluation_pairs(predicted, gold)]


def gold_annotation(path: Path) -> Annotation:
    """A gold annotation, checked as ``kg build`` checks an annotation: its article (``../articles/<id>.txt``
    beside the annotations folder) is found and read, and the annotation builds (known types and relations,
    classes that fit, every quote found once in the article, well-formed values).

    Raises:
        InputError, AnnotationError: what kg build would refuse, naming the file and line.
    """
    from kg.articles import find_article, read_article

    annotation = parse_annotation(path)
    article = read_article(find_article(Path(path).parent.parent / "articles", annotation.article,
                                        referenced_from=Path(path)))
    add_annotation(new_graph(), annotation, article)
    return annotation
