"""Read an article file (.txt, .md, .html) into the plain text that is stored beside the draft and quoted.

* ``.txt``: the text exactly as it is (offsets of evidence count characters in it); boilerplate lines
  stay in the stored text but are skipped by extraction.
* ``.md``: the Markdown made plain (headings, emphasis, links and images unmarked); italic spans are kept
  as title hints; boilerplate lines are dropped.
* ``.html``: the main text taken by trafilatura (captions first turned into paragraphs so that they
  survive), then handled as Markdown.

Boilerplate ("Subscribe", sign-up prompts, terms-of-service lines, share buttons) is recognised by the
patterns of ``boilerplate:`` in ``kg/extract/rules.yaml``; captions and photo credits are kept.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.articles import read_text
from kg.errors import InputError, TooLargeError
from kg.extract.headline import Headline, find_headline
from kg.extract.markup import html_to_markdown, markdown_to_text
from kg.extract.rules import RuleTable

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
#: The longest article text ``kg extract`` takes, in characters (about 2 MB; 1 MB takes about 60 s of one core
#: and 0.4 GB of memory, in proportion: benchmarks/extract_size.py). Longer texts are refused (TooLargeError).
MAX_TEXT_CHARS = 2_000_000
#: The largest .html page it reads, in bytes (its markup is mostly not text; trafilatura reads it whole).
MAX_HTML_BYTES = 20_000_000


@dataclass(frozen=True)
class Source:
    """An article ready for extraction: the text to store and quote, and what is known around it."""

    id: str
    text: str
    path: Path
    format: str
    title: str
    skip: tuple[tuple[int, int], ...] = ()
    italics: tuple[tuple[int, int], ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    headline: Headline | None = None
    breaks: tuple[int, ...] = ()  # offsets where a line is cut in two: a credit glued to a name ("Ana RuizDirected by")

    def lines(self) -> list[tuple[int, int]]:
        """The ``(start, end)`` of every non-empty line that is not boilerplate, without the marks around it:
        a list bullet ("- Director: A, B", "• Starring: ...", a table row's "| "), a page's date stamp ("date 2020-05-07 "),
        a table row's closing " |", wiki heading signs ("= Title =",
        "== Plot =="). Wiki section headings are not article text and are left out. Found once, then kept:
        do not change the list."""
        key = id(self)
        cached = _LINES.get(key)
        if cached is None:
            cached = _LINES[key] = self._find_lines()
            weakref.finalize(self, _LINES.pop, key, None)
        return cached

    def _find_lines(self) -> list[tuple[int, int]]:
        skip = set(self.skip)
        out = []
        for match in re.finditer(r"[^\n]+", self.text):
            if not match.group().strip() or (match.start(), match.end()) in skip:
                continue
            line = match.group()
            wiki = _WIKI_HEADING.match(line)
            if wiki:
                if len(wiki.group(1)) > 1:
                    continue  # "== Plot ==": a section heading
                out.append((match.start() + wiki.start(2), match.start() + wiki.end(2)))
                continue
            bullet = _BULLET.match(line) or _STAMP.match(line)
            start = match.start() + (bullet.end() if bullet else 0)
            end = match.start() + len(_CELL_END.sub("", line))
            for cut in (b for b in self.breaks if start < b < end):
                out.append((start, cut))
                start = cut
            if end > start:
                out.append((start, end))
        return out


_WIKI_HEADING = re.compile(r"^\s*(=+)\s*(.*?\S)\s*=+\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪–—|]|\d{1,2}[.)])\s+")
#: A page's date stamp in front of its first line, as stored copies of web pages give it (" date 2020-05-07 ..."):
#: a mark of the line, like a bullet, not part of its headline or its first sentence.
_STAMP = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+")
#: The end of a table row ("Directed by | A |"): its closing cell bar and spaces.
_CELL_END = re.compile(r"(?:\s+\|)*\s*$")
#: Source.lines() of each live Source, by id (kept outside the frozen instance, so that
#: ``Source(**source.__dict__)`` still copies fields only); an entry goes when its Source does.
_LINES: dict[int, list[tuple[int, int]]] = {}


def article_id(path: Path) -> str:
    """An annotation id from a file name: lower case, ASCII letters, digits and hyphens."""
    return slug(path.stem) or "article"


_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss", "œ": "oe", "Œ": "Oe", "đ": "d",
                          "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})


def slug(text: str) -> str:
    """``"Tomás Ibarra's film"`` -> ``"tomas-ibarras-film"``."""
    text = text.translate(_LETTERS)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’]", "", ascii_text)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def read_source(path: Path, table: RuleTable, *, meta: dict[str, Any] | None = None) -> Source:
    """Read ``path`` by its extension.

    Raises:
        InputError: the file is missing, not UTF-8, empty, of an unknown kind, or has no main text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"cannot extract from a {suffix or 'extension-less'} file", path=path,
                         hint="give a .txt, .md or .html article, or a folder of them")
    _check_size(path, MAX_HTML_BYTES if suffix in (".html", ".htm") else 4 * MAX_TEXT_CHARS, "bytes")
    raw = read_text(path)
    if meta is None:
        meta = read_meta(path)
    if suffix == ".txt":
        text, fmt = raw, "txt"
        italics: tuple[tuple[int, int], ...] = ()
        skip = tuple(span for span in _line_spans(text) if table.is_boilerplate(text[span[0]:span[1]]))
    else:
        fmt = "md" if suffix in (".md", ".markdown") else "html"
        markdown = raw if fmt == "md" else html_to_markdown(raw, path=path)
        text, italics = markdown_to_text(markdown, table)
        skip = ()
        if len(text.split()) < (12 if fmt == "html" else 1):
            raise InputError("no article text found", path=path,
                             hint="check that the file holds the article itself, not only a page's menus or a sign-up wall")
    _check_size(path, MAX_TEXT_CHARS, "characters of text", len(text))
    source = Source(id=article_id(path), text=text, path=path, format=fmt, title="", skip=skip, italics=italics,
                    meta=dict(meta or {}), breaks=glued_credits(text, table))
    found = find_headline(text, source.lines(), table)
    title = str(source.meta.get("title") or "") or (found.text if found else lead_title(source))
    return Source(**{**source.__dict__, "title": title, "headline": found})


def glued_credits(text: str, table: RuleTable) -> tuple[int, ...]:
    """Where a credit label is glued to the word before it, as pages that lost a line break show them
    ("by Ana RuizDirected by Tomas Kelleher"): a lower-case letter, then a capitalised label of
    ``credit_labels`` that ends in "by" ("Directed by", "Music by"). The line is read as two lines there, and
    at a rating in stars on such a page."""
    labels = sorted({label for label in table.mapping("credit_labels") if label.endswith(" by")}, key=len, reverse=True)
    if not labels:
        return ()
    pattern = "|".join(re.escape(label[0].upper() + label[1:]) for label in labels)
    cuts = {m.start() for m in re.finditer(rf"(?<=[a-z])(?:{pattern})\b", text)}
    if cuts:  # on such a page a rating glued to the credit ends it too ("by Tomas Kelleher★★★ Pros: ...")
        cuts.update(c for m in re.finditer(r"\s*[★☆✩✭✮✯]+\s*", text) for c in (m.start(), m.end()))
    return tuple(sorted(cuts))


def _check_size(path: Path, limit: int, unit: str, size: int | None = None) -> None:
    """Refuse an article over ``limit`` (its file size in bytes when ``size`` is not given).

    Raises:
        TooLargeError: it is over the limit.
    """
    if size is None:
        try:
            size = path.stat().st_size
        except OSError:
            return  # read_text says what is wrong with the file
    if size > limit:
        raise TooLargeError(f"the article is too long to extract: {size:,} {unit}, the limit is {limit:,}",
                            path=path, hint="split it into several articles (kg extract takes a folder of them); "
                                            "the limits are in kg/extract/source.py (MAX_TEXT_CHARS, MAX_HTML_BYTES)")


def read_meta(path: Path) -> dict[str, Any]:
    """What ``<stem>.meta.yaml`` beside an article says of it (see data/README.md), or nothing.

    Raises:
        InputError: the metadata file is malformed.
    """
    meta_path = path.with_name(path.stem + ".meta.yaml")
    if not meta_path.is_file():
        return {}
    import yaml

    try:
        loaded = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"malformed metadata: {exc}", path=meta_path, hint="fix the YAML (see data/README.md)") from None
    return loaded if isinstance(loaded, dict) else {}


def _line_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def lead_title(source: Source) -> str:
    """A display title for an article with no headline: the first words of its lead, marked as cut."""
    lines = source.lines()
    if not lines:
        return source.id
    words = source.text[lines[0][0]:lines[0][1]].split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")
