"""Read an article and its metadata from ``data/articles/``.

The text is read exactly as stored (UTF-8, newlines untouched): evidence offsets count Unicode
characters in this text, end excluded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError

TEXT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Article:
    """One article: its id (the file stem), its text and what is known about it."""

    id: str
    text: str
    path: Path
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The title from the metadata, else the id."""
        return str(self.meta.get("title") or self.id)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, keeping its newlines as they are.

    Raises:
        InputError: the file is missing, not UTF-8, or empty.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=path, hint="check the path, or run `kg build` from the project folder") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=path, hint="name the article file itself") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
            hint="save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("the article is empty", path=path, hint="put the article's text in the file")
    return text


def read_article(path: Path) -> Article:
    """Read ``path`` and, if present, its ``<stem>.meta.yaml`` beside it.

    Raises:
        InputError: the text cannot be read (see :func:`read_text`) or the metadata is malformed.
    """
    path = Path(path)
    text = read_text(path)
    meta: dict[str, Any] = {}
    meta_path = path.with_name(path.stem + ".meta.yaml")
    if meta_path.exists():
        try:
            loaded = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(
                f"malformed YAML: {getattr(exc, 'problem', exc)}",
                path=meta_path,
                line=mark.line + 1 if mark else None,
                hint="fix the YAML syntax (indentation, quotes, colons)",
            ) from None
        except UnicodeDecodeError:
            raise InputError("not UTF-8", path=meta_path, hint="save the file as UTF-8") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError("metadata must be a mapping of keys to values", path=meta_path, line=1)
        meta = loaded or {}
    return Article(id=path.stem, text=text, path=path, meta=meta)


def find_article(articles_dir: Path, article_id: str, *, referenced_from: Path | None = None) -> Path:
    """The text file of ``article_id`` in ``articles_dir`` (``.txt`` or ``.md``).

    Raises:
        InputError: no such article.
    """
    for suffix in TEXT_SUFFIXES:
        candidate = articles_dir / f"{article_id}{suffix}"
        if candidate.exists():
            return candidate
    raise InputError(
        f"article {article_id!r} not found in {articles_dir}",
        path=referenced_from,
        line=1 if referenced_from else None,
        hint=f"add {articles_dir / (article_id + '.txt')} or correct the `article:` field",
    )
