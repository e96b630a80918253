"""What spaCy's ``attribute_ruler`` then ``lemmatizer`` set on a doc's tokens, as look-ups: :class:`TokenRules`,
which :mod:`kg.extract.nlp` puts in their place in the pipeline (the same attributes, found faster).

The model's own attribute patterns (its tag map and word exceptions) are compiled into look-ups by a token's
lower form, tag, dependency and space flag, and the model's own lemmatizer is asked once per word form, part of
speech and morphology. Importing this module does not import spaCy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: The token attributes a pattern of the attribute ruler may test, and those it may set, that TokenRules knows.
_TESTED = ("LOWER", "TAG", "DEP", "IS_SPACE")
_SET = ("POS", "MORPH", "LEMMA", "TAG", "DEP")


class Unknown(Exception):
    """A pattern of a form TokenRules does not compile."""


class TokenRules:
    """What ``attribute_ruler`` then ``lemmatizer`` (rule mode, not overwriting) set on a doc's tokens.

    Patterns are a token or two; each test of a token (its lower form, tag, dependency, whether it is space) is
    an equality, ``IN``, ``NOT_IN`` or ``REGEX``, all on the values the doc had before the step, as spaCy's
    Matcher sees them. Where several patterns set one attribute of a token, the later pattern wins, as in the
    ruler. A token's lemma, unless a pattern set it, is the lemmatizer's for its text, part of speech and
    morphology: asked once per such triple.

    Raises (on construction):
        Unknown: a pattern tests or sets another attribute, or uses another operator.
    """

    def __init__(self, vocab: Any, patterns: list[dict[str, Any]], lemmatizer: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        self.vocab, self.strings = vocab, vocab.strings
        self.lemmatize = lemmatizer.lemmatize
        lemmatizer._validate_tables()
        self.read, self.write = [ORTH, LOWER, TAG, DEP, IS_SPACE], [POS, MORPH, LEMMA, TAG, DEP]
        self.rules: list[tuple[list[Callable[[tuple[int, ...]], bool]], int, tuple[int | None, ...]]] = []
        self.index: dict[tuple[int, int], list[int]] = {}  # (column, value hash) -> rules whose first token needs it
        self.generic: list[int] = []  # rules with no equality on their first token
        for pattern in patterns:
            values = self._values(pattern.get("attrs", {}))
            for tokens in pattern["patterns"]:
                if not 1 <= len(tokens) <= 2:
                    raise Unknown(tokens)
                rule = len(self.rules)
                self.rules.append(([self._test(t) for t in tokens], int(pattern.get("index", 0)), values))
                key = self._key(tokens[0])
                for k in key:
                    self.index.setdefault(k, []).append(rule)
                if not key:
                    self.generic.append(rule)
        self.first: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}  # see _firsts
        self.tokens: dict[tuple[int, int, int], Any] = {}  # (orth, tag, dep) -> see _info
        self.lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma hash

    def _values(self, attrs: dict[str, Any]) -> tuple[int | None, ...]:
        if set(attrs) - set(_SET):
            raise Unknown(attrs)
        out: list[int | None] = []
        for name in _SET:
            value = attrs.get(name)
            if value is None:
                out.append(None)
            elif name == "MORPH":
                out.append(self.vocab.morphology.add(value))
            elif name == "POS":
                from spacy.parts_of_speech import IDS as POS_IDS

                out.append(POS_IDS[value])
            else:
                out.append(self.strings.add(value))
        return tuple(out)

    def _column(self, name: str, value: Any) -> int:
        return int(value) if name == "IS_SPACE" else self.strings.add(value)

    def _key(self, token: dict[str, Any]) -> list[tuple[int, int]]:
        """The (column, value) pairs one of which the first token must have: from its first equality or IN."""
        for name in _TESTED:
            test = token.get(name)
            col = _TESTED.index(name)
            if isinstance(test, (str, bool)):
                return [(col, self._column(name, test))]
            if isinstance(test, dict) and set(test) == {"IN"}:
                return [(col, self._column(name, v)) for v in test["IN"]]
        return []

    def _test(self, token: dict[str, Any]) -> Callable[[tuple[int, ...]], bool]:
        checks: list[Callable[[tuple[int, ...]], bool]] = []
        for name, test in token.items():
            if name not in _TESTED:
                raise Unknown(token)
            col = _TESTED.index(name)
            if isinstance(test, (str, bool)):
                want = self._column(name, test)
                checks.append(lambda v, c=col, w=want: v[c] == w)
            elif isinstance(test, dict) and len(test) == 1 and next(iter(test)) in ("IN", "NOT_IN"):
                op, items = next(iter(test.items()))
                group = frozenset(self._column(name, x) for x in items)
                checks.append((lambda v, c=col, g=group: v[c] in g) if op == "IN" else
                              (lambda v, c=col, g=group: v[c] not in g))
            elif isinstance(test, dict) and set(test) == {"REGEX"} and name != "IS_SPACE":
                regex = re.compile(test["REGEX"])
                checks.append(lambda v, c=col, r=regex: bool(r.search(self.strings[v[c]] if v[c] else "")))
            else:
                raise Unknown(token)
        return lambda v: all(check(v) for check in checks)

    def _firsts(self, values: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The one-token rules and the two-token rules whose first test a token of these values passes."""
        found = self.first.get(values)
        if found is None:
            candidates = {r for col in range(len(values)) for r in self.index.get((col, values[col]), ())}
            candidates.update(self.generic)
            passed = sorted(r for r in candidates if self.rules[r][0][0](values))
            found = self.first[values] = (tuple(r for r in passed if len(self.rules[r][0]) == 1),
                                          tuple(r for r in passed if len(self.rules[r][0]) == 2))
        return found

    def _info(self, row: list[int]) -> tuple[tuple[int | None, ...], tuple[int, ...], tuple[int, ...]]:
        """For a token of ``row`` (orth, lower, tag, dep, is_space): what its one-token rules set (later rules
        win), its two-token rules whose first test it passes, and its tested values."""
        values = tuple(row[1:])
        singles, pairs = self._firsts(values)
        out: list[int | None] = [None] * len(_SET)
        for rule in singles:
            for col, value in enumerate(self.rules[rule][2]):
                if value is not None:
                    out[col] = value
        info = self.tokens[(row[0], row[2], row[3])] = (tuple(out), pairs, values)
        return info

    def __call__(self, doc: Doc) -> Doc:
        import numpy

        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array(self.read).tolist()  # orth, lower, tag, dep, is_space
        tokens = self.tokens
        infos = [tokens.get((row[0], row[2], row[3])) or self._info(row) for row in rows]
        paired: dict[int, list[int]] = {}  # token -> two-token rules that set it
        for i in range(n - 1):
            for rule in infos[i][1]:
                tests, index, _ = self.rules[rule]
                if tests[1](infos[i + 1][2]):
                    paired.setdefault(i + index if index >= 0 else i + 2 + index, []).append(rule)
        out = doc.to_array(self.write).tolist()  # pos, morph, lemma, tag, dep
        lemmas = self.lemmas
        for i, (row, info, now) in enumerate(zip(rows, infos, out)):
            if i in paired:
                for rule in sorted((*self._firsts(info[2])[0], *paired[i])):
                    for col, value in enumerate(self.rules[rule][2]):
                        if value is not None:
                            now[col] = value
            else:
                for col, value in enumerate(info[0]):
                    if value is not None:
                        now[col] = value
            if not now[2]:
                key = (row[0], now[0], now[1])
                lemma = lemmas.get(key)
                if lemma is None:
                    token = doc[i]
                    token.pos = now[0]
                    token.set_morph(now[1] or None)
                    lemma = lemmas[key] = self.strings.add(self.lemmatize(token)[0])
                now[2] = lemma
        doc.from_array(self.write, numpy.array(out, dtype="uint64"))
        return doc
