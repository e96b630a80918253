"""`kg review` end to end: the real app (a `kg review` subprocess), a real browser (headless Debian Chromium),
a real draft (`kg extract` of a fictional article), then the real `kg build` and `kg query` on the result."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.review_support import ARTICLE, App, copy_data, kg, open_review, select_text, start

pytestmark = pytest.mark.browser

FACTS_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?subject ?relation ?object ?quote ?start ?end ?method WHERE {
  ?s a kg:Statement ; kg:relation ?relation ; rdf:subject/schema:name ?subject ; rdf:object ?o ;
     prov:wasGeneratedBy/kg:method ?m .
  FILTER (?relation NOT IN ("type", "name"))
  OPTIONAL { ?o schema:name ?oname }
  BIND (COALESCE(?oname, STR(?o)) AS ?object)
  BIND (STRAFTER(STR(?m), "#") AS ?method)
  ?anno oa:hasBody ?s ; oa:hasTarget/oa:hasSelector ?q, ?p .
  ?q oa:exact ?quote . ?p oa:start ?start ; oa:end ?end .
}
ORDER BY ?start ?relation
"""


@pytest.fixture
def app(pristine: Path, tmp_path: Path) -> Iterator[App]:
    data = copy_data(pristine, tmp_path / "data")
    running = start(data / "annotations" / "lantern-quay.yaml", cwd=tmp_path)
    yield running
    if running.process.poll() is None:
        running.stop()


def fact(page: Any, relation: str, obj: str | None = None) -> int:
    """The number of the fact with this relation (and object id or value)."""
    index = page.evaluate("""([relation, obj]) => kg.data.state.facts.findIndex(
        (f) => f.relation === relation && (obj === null || f.object === obj || f.value === obj))""", [relation, obj])
    assert index >= 0, f"no {relation} {obj} fact in the draft"
    return index


def done(page: Any, n: int) -> None:
    """Wait until the page has saved its n-th action."""
    page.wait_for_function("(n) => window.kg.actions >= n", arg=n)


def statuses(page: Any) -> list[tuple[str, str, str]]:
    return [tuple(x) for x in page.evaluate("kg.data.state.facts.map((f) => [f.relation, f.object || f.value, f.status])")]


def test_review_end_to_end(review_browser: Any, app: App, tmp_path: Path) -> None:
    page = open_review(review_browser, app)
    draft = statuses(page)
    assert sorted((r, o) for r, o, _ in draft) == sorted([
        ("about", "night-ferry-to-lantern-quay"), ("director", "odile-marchetti"), ("performer", "rafe-okonkwo"),
        ("performer", "sunniva-holt"), ("cinematographer", "bram-kessler"), ("composer", "lio-tanaka")])
    assert {s for _, _, s in draft} == {"pending"}
    # every drafted quote is highlighted at its exact offsets, as text
    marks = page.evaluate("""Array.from(document.querySelectorAll('#article mark'))
        .map((m) => [Number(m.dataset.start), Number(m.dataset.end), m.textContent])""")
    for start_, end_, text in marks:
        assert ARTICLE[start_:end_] == text
    director = fact(page, "director")
    assert page.evaluate("(i) => kg.firstSegment[i].textContent", director) == (
        '"Night Ferry to Lantern Quay" was directed by Odile Marchetti')
    assert page.locator("#progress").inner_text() == "reviewed 0 of 6 · accepted 0 · rejected 0"
    assert "a accept" in page.locator("#keys").inner_text().replace("\n", " ")

    # accept three facts: by button, by keyboard, by button
    page.locator(f'.fact[data-fact="{director}"] button.accept').click()
    done(page, 1)
    page.locator(f'.fact[data-fact="{fact(page, "performer", "rafe-okonkwo")}"] .rel').click()
    page.keyboard.press("a")
    done(page, 2)
    page.locator(f'.fact[data-fact="{fact(page, "performer", "sunniva-holt")}"] button.accept').click()
    done(page, 3)
    # reject two
    page.locator(f'.fact[data-fact="{fact(page, "about")}"] button.reject').click()
    done(page, 4)
    page.locator(f'.fact[data-fact="{fact(page, "composer")}"] .rel').click()
    page.keyboard.press("r")
    done(page, 5)
    # correct one relation: only relations that fit a film and a person are offered
    page.locator(f'.fact[data-fact="{fact(page, "cinematographer")}"] button.correct').click()
    offered = page.eval_on_selector_all("#fix-relation option", "(os) => os.map((o) => o.value)")
    assert {"director", "contributor", "cinematographer", "writer"} <= set(offered)
    assert not {"founder", "startDate", "occupation", "inAlbum", "workPresented"} & set(offered)
    page.select_option("#fix-relation", "contributor")
    page.click("#fix-submit")
    done(page, 6)
    # add a missing fact by selecting its words
    at = ARTICLE.index("the lead actress")
    select_text(page, at, at + len("the lead actress"))
    page.select_option("#add-subject", "sunny-holt")
    page.select_option("#add-kind", "value")
    assert page.eval_on_selector_all("#add-relation option", "(os) => os.map((o) => o.value)") == ["occupation"]
    page.fill("#add-value", "actress")
    page.click("#add-submit")
    done(page, 7)
    # merge the two entities that are one person
    page.locator('.entity[data-entity="sunny-holt"] button.edit-entity').click()
    page.select_option("#ent-merge", "sunniva-holt")
    page.click("#ent-merge-go")
    done(page, 8)
    # a mistaken step, undone with the keyboard
    page.locator(f'.fact[data-fact="{director}"] .rel').click()
    page.keyboard.press("r")
    done(page, 9)
    assert ("director", "odile-marchetti", "rejected") in statuses(page)
    page.keyboard.press("u")
    done(page, 10)
    expected = sorted([
        ("about", "night-ferry-to-lantern-quay", "rejected"), ("director", "odile-marchetti", "accepted"),
        ("performer", "rafe-okonkwo", "accepted"), ("performer", "sunniva-holt", "accepted"),
        ("contributor", "bram-kessler", "accepted"), ("composer", "lio-tanaka", "rejected"),
        ("occupation", "actress", "accepted")])
    assert sorted(statuses(page)) == expected
    assert page.locator("#progress").inner_text() == "reviewed 7 of 7 · accepted 5 · rejected 2"
    assert page.errors == [] and page.outside == []

    # reload: the state is kept (it is in the file)
    page.reload()
    page.wait_for_function("() => window.kg && window.kg.ready")
    assert sorted(statuses(page)) == expected
    assert page.locator("#progress").inner_text() == "reviewed 7 of 7 · accepted 5 · rejected 2"
    assert page.locator('.entity[data-entity="sunny-holt"]').count() == 0
    assert "Sunny Holt" in page.locator('.entity[data-entity="sunniva-holt"] .aliases').inner_text()
    page.context.close()

    # stop the app as a person does (Ctrl-C), then build and query the result
    assert "stopped" in app.stop()
    data = tmp_path / "data"
    saved = (data / "annotations" / "lantern-quay.yaml").read_text(encoding="utf-8")
    assert "\nmethod: curated\n" in saved and "\nrejected:\n" in saved
    kg("build", "--data", str(data), "--out", str(tmp_path / "out"))
    assert kg("validate", str(tmp_path / "out" / "graph.ttl")).returncode == 0
    answer = kg("query", FACTS_QUERY, "--graph", str(tmp_path / "out" / "graph.ttl"), "-f", "csv").stdout
    rows = [(r["subject"], r["relation"], r["object"], r["quote"], int(r["start"]), int(r["end"]), r["method"])
            for r in csv.DictReader(io.StringIO(answer))]

    def where(quote: str, after: int = 0) -> tuple[str, int, int]:
        at = ARTICLE.index(quote, after)
        return quote, at, at + len(quote)

    film = "Night Ferry to Lantern Quay"
    assert sorted(rows) == sorted([
        (film, "director", "Odile Marchetti", *where('"Night Ferry to Lantern Quay" was directed by Odile Marchetti'),
         "curated"),
        (film, "performer", "Rafe Okonkwo", *where("The film stars Rafe Okonkwo"), "curated"),
        (film, "performer", "Sunniva Holt", *where("The film stars Rafe Okonkwo and Sunniva Holt"), "curated"),
        (film, "contributor", "Bram Kessler", *where("It was shot by Bram Kessler"), "curated"),
        ("Sunniva Holt", "occupation", "actress", *where("the lead actress"), "curated"),
    ])
