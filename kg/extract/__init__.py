"""Extraction: an article about creative work -> a draft annotation (entities and facts with evidence).

Stages, each a module, composed only by :mod:`kg.pipeline` (``extract``):

``source``              read .txt/.md/.html into the plain text that is stored and quoted; boilerplate lines
``nlp``                 the spaCy pipeline, loaded once and lazily (nothing is downloaded)
``mentions``            names in the text: people, organisations, works, events, award categories
``pointers``            events without a name, descriptions ("the film"), possessives and pronouns
``resolve``             one entity per real thing (surnames, first names, nicknames, lower-case captions);
``refs``, ``naming``    what descriptions and pronouns point to; names, classes and aliases of entities
``rules`` (+ ``rules.yaml``)  the rule table (data), compiled
``relations``, ``frames``     facts from surface patterns over masked sentences and from verb frames
``values``              dates, durations and words normalised
``draft``               the draft annotation (same format as a curated one) and its YAML
``evaluate``            precision, recall and F1 of a draft against a gold annotation (``kg eval``)
``names``               helpers about names shared by the stages

Nothing here imports spaCy or trafilatura at import time.
"""
