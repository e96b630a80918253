"""The rule table ``kg/extract/rules.yaml`` (data, not code), read once and compiled.

The table holds

* ``boilerplate``: patterns of lines that are not the article (sign-up prompts, share buttons...);
* ``lexicon``: word lists the recognisers use (occupations, genres, kinds of work, credit labels...);
* ``patterns``: surface rules, regular expressions over a sentence in which every recognised name is
  replaced by a placeholder, with macros such as ``{WORK:s}`` (one work, captured as ``s``) or
  ``{PEOPLE:o}`` (a list "A, B and C" of people, captured as ``o``);
* ``frames``: verb frames over spaCy's dependency parse (active, passive, participles, relative
  clauses, conjoined verbs), naming the verb lemmas and the grammatical slots of subject and object;
* ``noun_frames``: role nouns over the parse ("director A", "A, the director of B", "B's director A",
  "A is the composer of B"), naming the noun lemmas, the relation and the kind of the thing the role is on.

Every fact records the ``id`` of the rule that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError

RULES_PATH = Path(__file__).resolve().parent / "rules.yaml"

#: Placeholder kinds: one letter per kind of mention in the masked sentence.
KINDS = {"person": "P", "org": "O", "work": "W", "event": "E", "award": "A"}
_ONE = {
    "PERSON": "P", "ORG": "O", "WORK": "W", "EVENT": "E", "AWARD": "A",
    "AGENT": "PO", "THING": "POWEA",
}
_MANY = {"PEOPLE": "P", "ORGS": "O", "WORKS": "W", "AGENTS": "PO", "AWARDS": "A", "THINGS": "POWEA"}
#: A placeholder: ⟦<kind letter><mention number>⟧.
PLACEHOLDER = "⟦{kind}{n}⟧"
PLACEHOLDER_RE = re.compile(r"⟦([POWEA])(\d+)⟧")
LIST_SEP = r"(?:,? and |, |,? & | / |,? as well as )"
#: between two titles a space alone also separates ("Like Crazy," "Breathe In": the comma is inside the quotes)
WORK_SEP = rf"(?:{LIST_SEP}| (?=⟦W))"


@dataclass(frozen=True)
class FactSpec:
    """One fact a rule states: relation (or a choice of relations), subject, and object or value."""

    relation: Any
    subject: str
    object: str | None = None
    value: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class Pattern:
    """A surface rule: a compiled regular expression over masked sentences, and the facts it states."""

    id: str
    regex: re.Pattern[str]
    facts: tuple[FactSpec, ...]
    confidence: float
    new: dict[str, str] | None = None
    scope: str = "sentence"
    not_before: str | None = None
    where: dict[str, list[str]] = field(default_factory=dict)
    not_on_credit_lines: bool = False
    #: a regular expression that must be found in the masked sentence before the match ("nominated for ...,
    #: including" before each "A for Best Director" of the list)
    after: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Frame:
    """A verb frame: lemmas, and which grammatical slots give the subject and the object."""

    id: str
    lemmas: frozenset[str]
    relation: Any
    subject: tuple[str, ...]
    object: tuple[str, ...]
    fallback: str | None
    confidence: float
    pos: frozenset[str] = frozenset({"VERB", "AUX"})
    object_fallback: str | None = None
    voice: str | None = None
    subject_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class NounFrame:
    """A role noun: the person the noun is said of holds ``relation`` on the thing of ``kinds`` it is "of"."""

    id: str
    lemmas: frozenset[str]
    relation: Any
    kinds: tuple[str, ...]
    confidence: float
    preps: tuple[str, ...] = ("of", "for", "behind", "on", "at")
    holder: tuple[str, ...] = ("name",)
    holder_is_subject: bool = False  # "A, winner of B": the holder is the fact's subject (A won B)


@dataclass(frozen=True)
class RuleTable:
    """The whole table, compiled."""

    boilerplate: tuple[re.Pattern[str], ...]
    lexicon: dict[str, Any]
    macros: dict[str, str]
    patterns: tuple[Pattern, ...]
    frames: tuple[Frame, ...]
    path: Path = field(default=RULES_PATH)
    noun_frames: tuple[NounFrame, ...] = ()

    def is_boilerplate(self, line: str) -> bool:
        """Whether a line is not part of the article (a sign-up prompt, a share button...)."""
        text = line.strip()
        return any(p.search(text) for p in self.boilerplate)

    def words(self, name: str) -> list[str]:
        """A word list of the lexicon (empty if absent)."""
        return list(self.lexicon.get(name) or [])

    def mapping(self, name: str) -> dict[str, Any]:
        """A mapping of the lexicon (empty if absent)."""
        return dict(self.lexicon.get(name) or {})


def expand_macros(pattern: str, macros: dict[str, str]) -> str:
    """Replace ``{KIND}``, ``{KIND:name}`` and ``{MACRO}`` in ``pattern`` by regular expressions."""

    def one(kind_letters: str, name: str | None) -> str:
        body = rf"⟦[{kind_letters}]\d+⟧"
        return f"(?P<{name}>{body})" if name else body

    def many(kind_letters: str, name: str | None, *, first: bool) -> str:
        prefix = f"(?:{expand_macros(macros['LISTPREFIX'], macros)})?" if "LISTPREFIX" in macros else ""
        item = rf"{prefix}⟦[{kind_letters}]\d+⟧"
        # a list that opens the pattern starts with a name (no words before it), so the search stays fast
        head = rf"⟦[{kind_letters}]\d+⟧" if first else item
        body = rf"{head}(?:{WORK_SEP if kind_letters == 'W' else LIST_SEP}{item})*"
        return f"(?P<{name}>{body})" if name else body

    def replace(match: re.Match[str]) -> str:
        key, name = match.group(1), match.group(2)
        if key in _ONE:
            return one(_ONE[key], name)
        if key in _MANY:
            return many(_MANY[key], name, first=match.start() == 0)
        if key in macros:
            body = expand_macros(macros[key], macros)
            return f"(?P<{name}>{body})" if name else f"(?:{body})"
        raise KeyError(key)

    return re.sub(r"\{([A-Z_]+)(?::([a-z_]+))?\}", replace, pattern)


def _fail(what: str, hint: str, path: Path) -> InputError:
    return InputError(what, path=path, hint=hint)


def compile_table(data: dict[str, Any], path: Path = RULES_PATH) -> RuleTable:
    """Compile a parsed rule table.

    Raises:
        InputError: a malformed entry (unknown macro, bad regular expression, missing field).
    """
    lexicon = dict(data.get("lexicon") or {})
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    for name, words in (data.get("word_macros") or {}).items():
        macros[str(name)] = "(?:" + "|".join(str(w) for w in sorted(lexicon[words], key=len, reverse=True)) + ")"
    boilerplate = tuple(re.compile(p, re.IGNORECASE) for p in data.get("boilerplate") or [])
    patterns = []
    seen: set[str] = set()
    for entry in data.get("patterns") or []:
        rid = str(entry.get("id") or "")
        if not rid or rid in seen:
            raise _fail(f"pattern without a unique id: {entry!r}", "give every rule its own `id:`", path)
        seen.add(rid)
        try:
            regex = re.compile(expand_macros(str(entry["pattern"]), macros), re.IGNORECASE)
        except KeyError as exc:
            raise _fail(f"rule {rid}: unknown macro or field {exc}", "see the macros at the top of the file", path) from None
        except re.error as exc:
            raise _fail(f"rule {rid}: bad regular expression: {exc}", "fix the pattern", path) from None
        specs = entry.get("facts") or [entry]
        facts = tuple(FactSpec(relation=s["relation"], subject=str(s.get("subject", "s")),
                               object=s.get("object", "o" if "value" not in s else None), value=s.get("value"),
                               format=s.get("format")) for s in specs)
        patterns.append(Pattern(id=rid, regex=regex, facts=facts, confidence=float(entry.get("confidence", 0.8)),
                                new=entry.get("new"), scope=str(entry.get("scope", "sentence")),
                                not_before=expand_macros(str(entry["not_before"]), macros) if entry.get("not_before") else None,
                                where=dict(entry.get("where") or {}),
                                not_on_credit_lines=bool(entry.get("not_on_credit_lines", False)),
                                after=re.compile(expand_macros(str(entry["after"]), macros), re.IGNORECASE)
                                if entry.get("after") else None))
    frames = []
    for entry in data.get("frames") or []:
        rid = str(entry.get("id") or "")
        if not rid or rid in seen:
            raise _fail(f"frame without a unique id: {entry!r}", "give every rule its own `id:`", path)
        seen.add(rid)
        frames.append(Frame(id=rid, lemmas=frozenset(entry["lemmas"]), relation=entry["relation"],
                            subject=tuple(entry.get("subject", ["patient"])),
                            object=tuple(entry.get("object", ["agent"])), fallback=entry.get("fallback"),
                            confidence=float(entry.get("confidence", 0.7)),
                            pos=frozenset(entry.get("pos", ["VERB", "AUX"])),
                            object_fallback=entry.get("object_fallback"), voice=entry.get("voice"),
                            subject_kinds=tuple(entry.get("subject_kinds", ()))))
    nouns = []
    for entry in data.get("noun_frames") or []:
        rid = str(entry.get("id") or "")
        if not rid or rid in seen or not entry.get("lemmas") or not entry.get("relation"):
            raise _fail(f"noun frame without a unique id, lemmas or relation: {entry!r}",
                        "give every rule its own `id:`, `lemmas:` and `relation:`", path)
        seen.add(rid)
        nouns.append(NounFrame(id=rid, lemmas=frozenset(str(w).lower() for w in entry["lemmas"]),
                               relation=entry["relation"], kinds=tuple(entry.get("kinds", ["work"])),
                               confidence=float(entry.get("confidence", 0.7)),
                               preps=tuple(entry.get("preps", ["of", "for", "behind", "on", "at"])),
                               holder=tuple(entry.get("holder", ["name"])),
                               holder_is_subject=bool(entry.get("holder_is_subject", False))))
    return RuleTable(boilerplate=boilerplate, lexicon=lexicon, macros=macros, patterns=tuple(patterns),
                     frames=tuple(frames), path=path, noun_frames=tuple(nouns))


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> RuleTable:
    """The compiled rule table (parsed once per process).

    Raises:
        InputError: the file is missing or malformed.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("rule table not found", path=path, hint="reinstall kg: the table ships with it") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', exc)}", path=path,
                         line=mark.line + 1 if mark else None, hint="fix the YAML syntax") from None
    if not isinstance(data, dict):
        raise InputError("the rule table must be a mapping", path=path, hint="see the header of rules.yaml")
    return compile_table(data, Path(path))
