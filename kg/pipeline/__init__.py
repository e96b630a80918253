"""The only composer: articles + annotations -> graph -> validate -> outputs.

The CLI and the Python API both call these functions and nothing else::

    from kg import pipeline
    graph = pipeline.build_graph(Path("data"))
    pipeline.build(Path("data"), Path("out"))

The functions live in submodules by area, and every one is re-exported here: :mod:`~kg.pipeline.core`
(load, build, outputs, open, query, explain, validate), :mod:`~kg.pipeline.extraction` (kg extract, kg eval),
:mod:`~kg.pipeline.review` (kg review),
:mod:`~kg.pipeline.page` (the graph page), :mod:`~kg.pipeline.views` (render, stats, path, export, links) and
:mod:`~kg.pipeline.service` (stores, endpoints, push, serve). No stage module imports the pipeline.
"""

from __future__ import annotations

from kg.pipeline.core import (OUTPUTS, BuildResult, annotation_files, build, build_graph, explain_entity,
                              explain_fact, load, load_graph, open_graph, outputs, query, validate_graph)
from kg.pipeline.extraction import (Draft, article_files, draft_article, draft_graph, draft_yaml, evaluate,
                                    evaluation_pairs, extract, write_draft)
from kg.pipeline.page import Page, render_page
from kg.pipeline.review import ReviewServer, review, review_files
from kg.pipeline.service import Answer, ask, graph_file_for, open_store, push, serve, turtle_of
from kg.pipeline.views import export_graph, links, path, render, stats

__all__ = [
    "OUTPUTS", "BuildResult", "annotation_files", "load", "build_graph", "outputs", "build", "load_graph",
    "open_graph", "query", "explain_entity", "explain_fact", "validate_graph",
    "Draft", "article_files", "extract", "draft_yaml", "draft_article", "draft_graph", "write_draft",
    "evaluation_pairs", "evaluate",
    "Page", "render_page", "render", "stats", "path", "export_graph", "links",
    "ReviewServer", "review", "review_files",
    "Answer", "graph_file_for", "turtle_of", "open_store", "ask", "push", "serve",
]
