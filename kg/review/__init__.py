"""``kg review``: a local web app that turns a draft annotation into a reviewed one, fact by fact.

:mod:`~kg.review.document` reads an annotation file into a plain dict (the review state), writes it back in
the documented format (:mod:`~kg.review.fileformat`) after the same checks as ``kg build``; :mod:`~kg.review.edits` holds the edits as pure
functions over that dict, with undo/redo history; :mod:`~kg.review.anchor` turns a selection into a quote;
:mod:`~kg.review.app` is the Starlette app (routes and the Host/Origin guard). :mod:`kg.pipeline.review`
composes them and runs the server.
"""
