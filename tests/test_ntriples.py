"""What kg push sends: the file as N-Triples lines, in chunks that never split a blank node's triples."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import ntriples
from kg.errors import InputError
from tests.conftest import OUT


def test_blank_labels_are_subjects_and_objects_only() -> None:
    assert ntriples.blank_labels(b"_:a <urn:p> _:b .\n") == [b"_:a", b"_:b"]
    assert ntriples.blank_labels(b'<urn:s> <urn:p> "ends in _:x" .\n') == []
    assert ntriples.blank_labels(b'<urn:s> <urn:p> "a _:x"@en .\n') == []
    assert ntriples.blank_labels(b"<urn:s> <urn:p> <urn:o_:x> .\n") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.booleans()), max_size=80),
       st.integers(1, 9))
def test_chunks_keep_each_blank_node_group_whole(edges: list[tuple[int, int, bool]], size: int) -> None:
    lines = []
    for i, (a, b, blank) in enumerate(edges):
        subject = f"_:n{a}" if blank else f"<urn:s{a}>"
        obj = f"_:n{b}" if blank else f"<urn:o{b}>"
        lines.append(f"{subject} <urn:p{i}> {obj} .\n".encode())
    import io

    parts = list(ntriples.chunks(io.BytesIO(b"".join(lines)), size=size))
    assert sorted(line for part in parts for line in part) == sorted(lines)  # every line once
    where: dict[bytes, int] = {}
    for n, part in enumerate(parts):
        for line in part:
            for label in ntriples.blank_labels(line):
                assert where.setdefault(label, n) == n  # a label never in two chunks
    plain = [p for p in parts if not any(ntriples.blank_labels(line) for line in p)]
    assert all(len(p) <= size for p in plain)


def test_convert_reads_the_seed_as_the_same_graph(tmp_path: Path) -> None:
    target = tmp_path / "seed.nt"
    count = ntriples.convert(OUT / "graph.ttl", target)
    back = Graph().parse(target, format="nt")
    assert count == len(back) and isomorphic(back, Graph().parse(OUT / "graph.ttl"))


def test_convert_refuses_a_broken_file_before_anything(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('<urn:a> <urn:b> "ok" .\n<urn:a> <urn:b> "no end\n', encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse the graph"):
        ntriples.convert(broken, tmp_path / "out.nt")
