"""Entity forms of real pages, each on a small made-up text (fictional names and sentences only): award
category lines, bracketed works, lists of acts, kind cues, headline verbs, listing lines, award names,
middle names."""

from __future__ import annotations

from pathlib import Path

from kg.annotations import Annotation
from kg.extract.resolve import middle_names


def _draft(tmp_path: Path, name: str, text: str) -> Annotation:
    """The draft ``kg extract`` makes of ``text`` (written to ``tmp_path/name``)."""
    from kg import pipeline

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pipeline.extract([path])[0].annotation


def _types(annotation: Annotation) -> dict[str, str]:
    return {e.name: e.type for e in annotation.entities}


def _facts(annotation: Annotation) -> set[tuple[str, str, str]]:
    ids = {e.id: e.name for e in annotation.entities}
    return {(ids.get(f.subject, f.subject), f.relation, ids.get(f.object, f.object) if f.object else str(f.value))
            for f in annotation.facts}


def test_a_middle_name_is_the_same_person(tmp_path: Path) -> None:
    assert middle_names({"Mara Quill Hendry", "Mara Hendry", "Tom J. Arlo", "Tom Arlo", "Ana Ruiz"}) == {
        "mara quill hendry": "mara hendry", "tom j arlo": "tom arlo"}
    assert middle_names({"Mara Quill Hendry", "Ana Hendry"}) == {}  # another first name: another person
    annotation = _draft(tmp_path, "middle.txt",
                        "The new film Glass Harbour was directed by Mara Quill Hendry.\n"
                        "In an interview, Mara Hendry said the shoot was hard. Hendry laughed.\n")
    people = [e for e in annotation.entities if e.type == "Person"]
    assert [e.name for e in people] == ["Mara Quill Hendry"] and "Mara Hendry" in people[0].aliases
