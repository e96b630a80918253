"""Extraction: an article about creative work -> a draft annotation (entities and facts with evidence).

Stages, each a module, composed only by :mod:`kg.pipeline`:

``source``    read .txt/.md/.html into the plain text that is stored and quoted; mark boilerplate lines
``nlp``       the spaCy pipeline, loaded once and lazily (nothing is downloaded)
``mentions``  names in the text: people, organisations, works, events, award categories
``resolve``   one entity per real thing (surnames, first names, nicknames, lower-case captions)
``rules``     the rule table ``rules.yaml`` (data), compiled
``relations`` facts from the rules: surface patterns over sentences and verb frames over the parse
``draft``     the draft annotation (same format as a curated one) and its YAML
``evaluate``  precision, recall and F1 of a draft against a gold annotation

Nothing here imports spaCy or trafilatura at import time.
"""
