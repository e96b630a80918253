"""Helpers for tests that write a small made-up article, extract it and look at the draft."""

from __future__ import annotations

from pathlib import Path

from kg.annotations import Annotation


def draft(tmp_path: Path, name: str, text: str) -> Annotation:
    """The draft ``kg extract`` makes of ``text`` (written to ``tmp_path/name``).

    Raises:
        KgError: whatever the extraction raises on the text.
    """
    from kg import pipeline

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pipeline.extract([path])[0].annotation


def types(annotation: Annotation) -> dict[str, str]:
    """``entity name -> type`` of the draft."""
    return {e.name: e.type for e in annotation.entities}


def facts(annotation: Annotation) -> set[tuple[str, str, str]]:
    """``(subject name, relation, object name or value)`` of every fact of the draft."""
    names = {e.id: e.name for e in annotation.entities}
    return {(names.get(f.subject, f.subject), f.relation, names.get(f.object, f.object) if f.object else str(f.value))
            for f in annotation.facts}
