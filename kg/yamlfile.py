"""Read a YAML file safely, keeping the line of each mapping so that errors can name it.

Only the YAML a person writes by hand is accepted: plain scalars, lists and mappings. Anything else
(an unknown or Python tag, a key given twice, an alias that refers to itself, a document that
expands beyond :data:`MAX_NODES` nodes) is an :class:`~kg.errors.InputError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError

#: more nodes than any annotation needs; a guard against alias bombs ("billion laughs")
MAX_NODES = 1_000_000


class LineMap(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers its 1-based line (``.line``)."""

    line: int = 0


def decode_utf8(raw: bytes, path: Path) -> str:
    """``raw`` as text; a leading byte-order mark is dropped.

    Raises:
        InputError: not UTF-8, naming the line and offset of the first bad byte.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
            hint="save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.new`",
        ) from None
    return text.removeprefix("\ufeff")


def read_utf8(path: Path) -> str:
    """The text of ``path``.

    Raises:
        InputError: the file is missing, a folder, or not UTF-8.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=path, hint="check the path, or run kg from the project folder") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=path, hint="name the file itself") from None
    return decode_utf8(raw, Path(path))


#: the tags of plain YAML data (implicit or written as !!str, !!int...); any other tag is refused
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in
                       ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge"))


def _shown_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object:os.system`` -> ``!!python/object:os.system``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Constructor:
    """Turns composed YAML nodes into dicts (:class:`LineMap`), lists and scalars."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.scalars = yaml.SafeLoader("")
        self.active: set[int] = set()
        self.count = 0

    def error(self, what: str, node: yaml.Node, hint: str) -> InputError:
        return InputError(what, path=self.path, line=node.start_mark.line + 1, hint=hint)

    def build(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(f"the YAML expands to more than {MAX_NODES} values", node,
                             "write the data out instead of repeating anchors (&name / *name)")
        if id(node) in self.active:
            raise self.error("a YAML alias refers to itself", node, "remove the *alias that points back into its own anchor")
        if node.tag not in PLAIN_TAGS:
            raise self.error(f"the YAML tag {_shown_tag(node.tag)} is refused: kg reads plain data only (text, numbers, "
                             "dates, lists and mappings), and a tag such as !!python/object asks a loader to build "
                             "an object or run code", node,
                             "remove the tag; if the value is text that starts with ! put it in quotes")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node)
        if isinstance(node, yaml.SequenceNode):
            self.active.add(id(node))
            try:
                return [self.build(n) for n in node.value]
            finally:
                self.active.discard(id(node))
        try:
            return self.scalars.construct_object(node)
        except yaml.YAMLError as exc:
            raise self.error(f"cannot read the value {node.value!r}: {getattr(exc, 'problem', None) or exc}", node,
                             "write plain text, numbers or dates; put text in quotes if it starts with ! or &") from None

    def mapping(self, node: yaml.MappingNode) -> LineMap:
        out = LineMap()
        out.line = node.start_mark.line + 1
        self.active.add(id(node))
        try:
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.error("YAML merge keys (<<) are not supported", key_node, "write the keys out")
                key = self.build(key_node)
                if isinstance(key, (dict, list)):
                    raise self.error("a YAML key must be plain text", key_node, "write `key: value`")
                if key in out:
                    raise self.error(f"the key `{key}` is given twice", key_node,
                                     f"keep one `{key}:` in this entry (a second one would silently replace the first)")
                out[key] = self.build(value_node)
        finally:
            self.active.discard(id(node))
        return out


def load_yaml(path: Path) -> Any:
    """Parse the YAML file ``path``; mappings come back as :class:`LineMap` with their line.

    Raises:
        InputError: the file is missing, not UTF-8, not valid YAML, or uses YAML this loader refuses
            (tags, duplicate keys, self-referring aliases, merge keys).
    """
    path = Path(path)
    text = read_utf8(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"malformed YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax there (indentation, a missing colon or quote); see data/README.md",
        ) from None
    return None if node is None else _Constructor(path).build(node)
