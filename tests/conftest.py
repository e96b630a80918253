"""Shared fixtures: the seed graph is built once per test session from the project's own data/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from kg import pipeline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUT = ROOT / "out"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    """The graph built from data/ (read-only: copy it before changing it)."""
    return pipeline.build_graph(DATA)


@pytest.fixture(scope="session")
def seed_outputs(seed_graph: Graph) -> dict[str, str]:
    """The text of every output file for the seed graph."""
    return pipeline.outputs(seed_graph)


def need(what: str, available: bool) -> None:
    """Skip when a real part (Chromium, a server) is missing, but fail under CI=true."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true: install it (see .ci/run)")
    pytest.skip(f"{what} is missing")
