"""`kg review` with no file: every draft under the data folder, one after another, in one app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.annotations import parse_annotation

from tests.browser.review_support import ARTICLE, kg, make_draft, open_review, start

pytestmark = pytest.mark.browser

SECOND = """Harbour Lights Returns

"Harbour Lights" was directed by Maren Solberg. The film stars Kofi Mensah.
"""


def test_every_draft_one_after_another(review_browser: Any, tmp_path: Path) -> None:
    make_draft(tmp_path, ARTICLE, "lantern-quay")
    make_draft(tmp_path, SECOND, "harbour-lights")
    data = tmp_path / "data"
    app = start(cwd=tmp_path, extra=("--data", str(data)))
    try:
        page = open_review(review_browser, app)
        assert page.locator("#docs").inner_text() == "draft 1 of 2"
        assert page.locator("#file").inner_text().endswith("harbour-lights.yaml")
        assert page.locator("#title").inner_text() == "Harbour Lights Returns"
        page.click("#next-doc")
        page.wait_for_function("() => window.kg && window.kg.ready && location.search === '?doc=1'")
        assert page.locator("#docs").inner_text() == "draft 2 of 2"
        assert page.locator("#file").inner_text().endswith("lantern-quay.yaml")
        assert page.locator("#next-doc").is_hidden()
        i = page.evaluate("kg.data.state.facts.findIndex((f) => f.relation === 'director')")
        page.locator(f'.fact[data-fact="{i}"] button.accept').click()
        page.wait_for_function("() => kg.actions >= 1")
    finally:
        out = app.stop()
    assert "stopped" in out
    second = parse_annotation(data / "annotations" / "lantern-quay.yaml")
    assert second.method == "automatic"  # five facts are still pending
    assert {f.relation: f.method for f in second.facts}["director"] == "curated"
    first = parse_annotation(data / "annotations" / "harbour-lights.yaml")
    assert {f.method for f in first.facts} == {"automatic"}  # untouched
    assert kg("build", "--data", str(data), "--out", str(tmp_path / "out")).returncode == 0
