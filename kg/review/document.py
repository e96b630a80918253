"""The review state of one annotation file, read from and written back to the file.

The state is a plain dict (JSON-able, so the page gets it as it is)::

    {"article": id, "method": "automatic", "header": "# comments...\\n",
     "entities": [{"id", "type", "name", "aliases": [...], "quote"?, "prefix"?, "suffix"?, "source"?, ...}],
     "facts": [{"subject", "relation", "object" | "value", "quote", "prefix"?, "suffix"?, "method",
                "confidence"?, "rule"?, "status": "pending" | "accepted" | "rejected"}]}

A fact's status is what the file says of it: ``method: curated`` (or ``inferred``) is accepted, ``automatic``
is pending, an entry of the ``rejected:`` list is rejected (data/README.md). The file is ``method: curated``
once no fact is pending. Every write is checked as ``kg build`` checks (the annotation parser and the graph
builder) and replaces the file atomically, only if the file is still the one the page was given (its token).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.annotations import Annotation, Fact, annotation_of, parse_annotation
from kg.quotes import locate
from kg.articles import Article, find_article, read_article
from kg.errors import AnnotationError, InputError, KgError
from kg.review.fileformat import ENTITY_KEYS, FACT_KEYS, to_doc, to_yaml
from kg.yamlfile import LineMap

STATUSES = ("pending", "accepted", "rejected")


class StaleFileError(KgError):
    """The annotation file changed on disk since the page read it: it is not overwritten."""


@dataclass(frozen=True)
class Opened:
    """An annotation file opened for review: its state, its article and the token of its bytes."""

    path: Path
    state: dict[str, Any]
    article: Article
    token: str


def token_of(path: Path) -> str:
    """A token for the file's current content (sha256 of its bytes).

    Raises:
        InputError: the file cannot be read.
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(f"cannot read the annotation: {exc.strerror}", path=path) from None


def article_for(path: Path, article_id: str) -> Article:
    """The article an annotation file quotes: ``X/articles/<id>.txt`` for ``X/annotations/FILE``, else
    ``articles/<id>.txt`` beside the file (where ``kg extract`` writes it).

    Raises:
        InputError: no such article, or it cannot be read.
    """
    path = Path(path)
    folder = path.parent.parent if path.parent.name == "annotations" else path.parent
    return read_article(find_article(folder / "articles", article_id, referenced_from=path))


def _fact_state(fact: Fact, status: str) -> dict[str, Any]:
    item: dict[str, Any] = {k: getattr(fact, k) for k in FACT_KEYS if getattr(fact, k) is not None}
    item["status"] = status
    return item


def state_of(annotation: Annotation, header: str = "") -> dict[str, Any]:
    """The review state of a parsed annotation."""
    entities = []
    for e in annotation.entities:
        item: dict[str, Any] = {k: getattr(e, k) for k in ENTITY_KEYS if getattr(e, k) is not None}
        item["aliases"] = list(e.aliases)
        entities.append(item)
    facts = [_fact_state(f, "pending" if f.method == "automatic" else "accepted") for f in annotation.facts]
    facts += [_fact_state(f, "rejected") for f in annotation.rejected]
    return {"article": annotation.article, "method": annotation.method, "header": header,
            "entities": entities, "facts": facts}


def _header(path: Path) -> str:
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def open_file(path: Path) -> Opened:
    """Read an annotation file and its article for review.

    Raises:
        InputError, AnnotationError: the file or its article cannot be read or does not check
            (the same checks as ``kg build``).
    """
    path = Path(path)
    token = token_of(path)
    annotation = parse_annotation(path)
    article = article_for(path, annotation.article)
    check_annotation(annotation, article)
    return Opened(path=path, state=state_of(annotation, _header(path)), article=article, token=token)


class _Checks(Graph):
    """A graph that keeps no triple: the builder runs (and raises) as for ``kg build``, without the cost of
    storing what is built only to be checked."""

    def add(self, triple: Any) -> "_Checks":  # type: ignore[override]
        return self


def check_annotation(annotation: Annotation, article: Article) -> None:
    """Raise what ``kg build`` would raise for this annotation: quotes that do not slice the article,
    unknown types, relations whose classes do not fit, bad values.

    Raises:
        AnnotationError: the first problem found.
    """
    from kg.build import add_annotation

    add_annotation(_Checks(), annotation, article)


def _mapped(value: Any) -> Any:
    """``value`` as :func:`kg.yamlfile.load_yaml` gives it: mappings as LineMap (line unknown: 0)."""
    if isinstance(value, dict):
        out = LineMap({k: _mapped(v) for k, v in value.items()})
        out.line = 0
        return out
    if isinstance(value, list):
        return [_mapped(v) for v in value]
    return value


def _changed(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[set[str], list[int]]:
    """The ids of the entities ``new`` adds or changes, and the numbers of its facts that are new or changed
    or that name a changed entity: the entries that are not the very objects of ``old`` (edits copy what they
    change), or all of them when there is no ``old``."""
    if old is None:
        return {e["id"] for e in new["entities"]}, list(range(len(new["facts"])))
    before = {id(e) for e in old["entities"]}
    entities = {e["id"] for e in new["entities"] if id(e) not in before}
    seen = {id(f) for f in old["facts"]}
    return entities, [i for i, f in enumerate(new["facts"]) if id(f) not in seen
                      or f["subject"] in entities or f.get("object") in entities]


def check_state(state: dict[str, Any], path: Path, article: Article, *, before: dict[str, Any] | None = None,
                ) -> None:
    """Check ``state`` as ``kg build`` checks its file: ids are unique and every fact names declared entities;
    and every entity and fact that differs from ``before`` (the state last written, which passed these
    checks; all of them if there is none) passes the annotation parser's checks (fields, ids, methods) and
    the graph builder's (quotes slice the article, types and relations fit, values are well-formed).

    Raises:
        AnnotationError, InputError: the first problem; the message names ``path``.
    """
    try:
        ids = [e["id"] for e in state["entities"]]
        if len(set(ids)) != len(ids):
            twice = next(i for i in ids if ids.count(i) > 1)
            raise AnnotationError(f"duplicate entity id {twice!r}", hint="give each entity its own id")
        known = set(ids)
        for fact in state["facts"]:
            for role in ("subject", "object"):
                if fact["status"] != "rejected" and fact.get(role) is not None and fact[role] not in known:
                    raise AnnotationError(f"unknown entity id {fact[role]!r} as {role}", hint="reload the page")
        entities, facts = _changed(before, state)
        changed = [state["facts"][i] for i in facts]
        live = [f for f in changed if f["status"] != "rejected"]
        needed = entities | {f["subject"] for f in live} | {f["object"] for f in live if f.get("object") is not None}
        part = to_doc({**state, "entities": [e for e in state["entities"] if e["id"] in needed], "facts": changed})
        part["method"] = "curated" if all(f["status"] != "pending" for f in state["facts"]) else "automatic"
        annotation = annotation_of(_mapped(part), Path(path))
        if annotation.article != article.id:
            raise AnnotationError("the article id cannot change during a review", path=path)
        check_annotation(annotation, article)
    except KgError as exc:
        exc.path = str(path)
        raise


def save(path: Path, state: dict[str, Any], article: Article, token: str, *,
         before: dict[str, Any] | None = None) -> str:
    """Write ``state`` to ``path`` atomically (temporary file + ``os.replace``) if the file still has
    ``token``, after :func:`check_state` (``before``: the state the file holds now); returns the new token.

    Raises:
        StaleFileError: the file changed on disk since ``token`` was given (it is left as it is).
        AnnotationError, InputError: the state does not pass the checks of ``kg build`` (nothing written).
    """
    path = Path(path)
    check_state(state, path, article, before=before)
    text = to_yaml(state)
    if token_of(path) != token:
        raise StaleFileError("the annotation file was changed on disk by someone else", path=path,
                             hint="the page reloads it; make your change again")
    data = text.encode("utf-8")
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def span_of(text: str, fact: dict[str, Any]) -> tuple[int, int] | None:
    """Where a fact's quote stands in the article (code points, end excluded), or None if it has none."""
    if not fact.get("quote"):
        return None
    try:
        return locate(text, fact["quote"], prefix=fact.get("prefix"), suffix=fact.get("suffix"))
    except AnnotationError:
        return None
