"""Extraction: an article about creative work -> a draft annotation (entities and facts with evidence).

Stages, each a module, composed only by :mod:`kg.pipeline` (``extract``). Read them in this order to follow
an article through: each module imports only modules above it (``tests/test_extract_layout.py`` checks it).

Shared by every stage:

``rules``      the rule table (data, ``rules.yaml``), compiled
``names``      helpers about names: the ``Mention`` record, normalising, title and list forms
``values``     dates, durations and words normalised

The stages, in the order an article goes through them:

``headline``   whether the first line is a headline, and what its form names ("Review: Title", "Artist: Title")
``markup``     HTML and Markdown made plain text (trafilatura for a page's main text; italics kept as title hints)
``source``     read .txt/.md/.html into the plain text that is stored and quoted; boilerplate lines
``tokenrules`` spaCy's attribute ruler and lemmatizer compiled into look-ups (the same attributes, faster)
``nlp``        the spaCy pipeline, loaded once and lazily (nothing is downloaded)
``finder``     what the recognisers of names share: the mentions found so far (first come, first served)
``awardlines`` names an awards line gives: "Best X: Title by Artist", "CATEGORY: Winner, Title", "the Y Prize for Best Z"
``tracklists``  the songs of a track list, and the artist and album its heading runs together
``lineforms``  names a line's form gives: track lists, line-ups ("Title, dir: A"), transcript speakers, sub-headlines
``titles``     titles of works: quoted, italic, the headline's, collections, titles without quotes
``credits``    credit and infobox lines (run-together cells cut into names), glued credits, credits in capitals
``institutions``  organisations by the form of their name ("Royal Academy of X") or as a cited source ("according to")
``acts``       bands and solo artists in lists after a cue ("worked with the likes of A, B and C")
``mentions``   names in the text: people, organisations, awards, events; ``find_names`` runs every recogniser
``pointers``   events without a name, descriptions ("the film"), possessives and pronouns;
               ``find_mentions``, the whole mention stage
``resolve``    one entity per real thing: the named entities grouped by name
``occurrences``  their other occurrences: surnames, first names, short forms, nicknames, lower-case captions
``singles``    one-word names no full name explains: a person or an organisation of their own, or nothing
``positions``  the mentions of a resolution by position, looked up by bisection
``leads``      the work a body without a headline is about (its defining first lines, or a news lead)
``refs``       what descriptions, pronouns and a quoted "I" point to
``naming``     names, classes and aliases of entities; ``resolve``, the whole resolution stage
``kinds``      the typing step: every cue of a name (its words, the words around it, its place in a list)
``masking``    sentences with their mentions as placeholders, the article's context, candidate facts
``frames``     facts from verb frames over the dependency parse
``roles``      facts from role nouns over the dependency parse ("director A", "A, the composer of B")
``relations``  facts from surface patterns; ``find_candidates``, the whole fact stage (patterns and frames)
``calibration``  each rule's confidence from how often it was right on the tuned real articles (``calibration.yaml``)
``draft``      the draft annotation (same format as a curated one) and its YAML

Apart from the stages, used by ``kg eval``:

``evaluate``   precision, recall and F1 of a draft against a gold annotation

Nothing here imports spaCy or trafilatura at import time.
"""
