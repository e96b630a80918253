"""Read an article and its metadata from ``data/articles/``.

The text is read exactly as stored (UTF-8, newlines untouched): evidence offsets count Unicode
characters in this text, end excluded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.yamlfile import load_yaml, read_utf8

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


#: characters no text holds: C0 controls but tab, line feed, form feed and carriage return; DEL; C1 controls
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def check_text(text: str, path: Path) -> None:
    """Refuse text holding control characters (NUL bytes, escape sequences...): an article is text.

    Raises:
        InputError: naming the first such character, its line, column and character offset, and how many there are.
    """
    found = NOT_TEXT.search(text)
    if found is None:
        return
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    count = len(NOT_TEXT.findall(text))
    name = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL"}.get(ord(found.group()), "a control character")
    more = f" ({count:,} such characters in all)" if count > 1 else ""
    raise InputError(f"not text: {name} (U+{ord(found.group()):04X}) at line {line}, column {column} "
                     f"(character {offset}){more}", path=path, line=line,
                     hint="an article is plain text: remove the control characters; NUL bytes often mean a "
                          "binary file or UTF-16 text (save it as UTF-8)")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, keeping its newlines as they are.

    Raises:
        InputError: the file is missing, not UTF-8, empty, or holds control characters (see :func:`check_text`).
    """
    text = read_utf8(path)
    check_text(text, Path(path))
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
        loaded = load_yaml(meta_path)
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError("metadata must be a mapping of keys to values", path=meta_path, line=1,
                             hint="write `title: ...`, `publisher: ...` (see data/README.md)")
        meta = dict(loaded or {})
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
