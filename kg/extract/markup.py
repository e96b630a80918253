"""HTML and Markdown made plain: the text a .md or .html article is stored and quoted as.

* :func:`html_to_markdown`: the main text of a page by trafilatura, figure captions first turned into paragraphs
  so that captions and photo credits survive;
* :func:`markdown_to_text`: one paragraph per line, blank lines between; headings, list items, emphasis and links
  unmarked; italic spans kept as title hints; boilerplate paragraphs (``boilerplate:`` of ``rules.yaml``) dropped.

Neither imports trafilatura or lxml until it is called.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.extract.rules import RuleTable


def html_to_markdown(html: str, *, path: Path | None = None) -> str:
    """The main text of an HTML page as Markdown, by trafilatura; figure captions are kept as paragraphs.

    Raises:
        InputError: the page cannot be parsed.
    """
    import lxml.html
    import trafilatura

    try:
        root = lxml.html.document_fromstring(html)
    except Exception as exc:  # lxml raises several types for unparsable input
        raise InputError(f"cannot parse the HTML: {exc}", path=path, hint="check that the file is an HTML page") from None
    for caption in list(root.iter("figcaption")):
        for br in caption.iter("br"):
            br.tail = "\n" + (br.tail or "")
        parts = [part.strip() for part in caption.text_content().split("\n") if part.strip()]
        anchor = caption.getparent() if caption.getparent() is not None and caption.getparent().tag == "figure" else caption
        parent = anchor.getparent()
        if parent is None:
            continue
        at = parent.index(anchor)
        for offset, part in enumerate(parts, start=1):
            paragraph = lxml.html.Element("p")
            paragraph.text = part
            parent.insert(at + offset, paragraph)
        parent.remove(anchor)
    cleaned = lxml.html.tostring(root, encoding="unicode")
    markdown = trafilatura.extract(cleaned, output_format="markdown", include_formatting=True, include_images=False,
                                   include_comments=False, include_tables=True, include_links=False)
    if not markdown:
        raise InputError("no article text found in the page", path=path,
                         hint="the page may hold no article, or only a sign-up wall")
    return markdown


_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__"), r"\1\2"),
]
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")


def markdown_to_text(markdown: str, table: RuleTable) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain text (one paragraph per line, blank lines between) and the italic spans in it.

    Soft-wrapped lines of a paragraph are joined; headings, list items and block quotes become paragraphs
    of their own without their markers; boilerplate paragraphs are dropped.
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in markdown.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line or re.fullmatch(r"[-*_=]{3,}", line):
            flush()
            continue
        block = _BLOCK.match(line)
        if block:
            flush()
            paragraphs.append(line[block.end():].strip(" |"))
            continue
        current.append(line)
    flush()
    out: list[str] = []
    italics: list[tuple[int, int]] = []
    at = 0
    for paragraph in paragraphs:
        paragraph = re.sub(r"\\([*_])", lambda m: _ESCAPED[m.group(1)], paragraph)
        paragraph = re.sub(r"\\([\\`{}\[\]()#+\-.!|])", r"\1", paragraph)
        for pattern, repl in _MD_INLINE:
            paragraph = pattern.sub(repl, paragraph)
        plain, spans = _unitalic(paragraph)
        plain = plain.translate(_UNESCAPE)
        lead = len(plain) - len(plain.lstrip())
        plain = plain.strip()
        if not plain or table.is_boilerplate(plain):
            continue
        italics.extend((at + s - lead, at + e - lead) for s, e in spans)
        out.append(plain)
        at += len(plain) + 2
    return "\n\n".join(out) + "\n", tuple(italics)


_BLOCK = re.compile(r"^(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?|\|)")
_ESCAPED = {"*": "\x00", "_": "\x01"}
_UNESCAPE = str.maketrans({"\x00": "*", "\x01": "_"})


def _unitalic(paragraph: str) -> tuple[str, list[tuple[int, int]]]:
    spans: list[tuple[int, int]] = []
    pieces: list[str] = []
    last = 0
    length = 0
    for match in _ITALIC.finditer(paragraph):
        pieces.append(paragraph[last:match.start()])
        length += match.start() - last
        inner = match.group(1) or match.group(2) or ""
        spans.append((length, length + len(inner)))
        pieces.append(inner)
        length += len(inner)
        last = match.end()
    pieces.append(paragraph[last:])
    return "".join(pieces), spans
