"""The query page of ``kg serve`` in headless Chromium: a PREFIX typed and completed from the local list, a query
run, its answer shown, and not one request to any host but the server's own (127.0.0.1)."""

from __future__ import annotations

import urllib.parse
from typing import Any, Iterator

import pytest

from tests.test_serve import SEED, Served, local, start_kg_serve

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture()
def served() -> Iterator[Served]:
    service = start_kg_serve("--graph", SEED)
    try:
        yield service
    finally:
        assert service.stop()[0] == 0


def test_query_page_completes_a_prefix_runs_a_query_and_stays_offline(browser: Any, served: Served) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))

    def route(r: Any) -> None:  # anything not for the server is refused (and was already counted)
        host = urllib.parse.urlsplit(r.request.url).hostname
        if host == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(served.page_url)
        page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
        page.click(".yasqe .CodeMirror-code")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type("PREFIX sch", delay=30)
        hints = page.wait_for_selector(".CodeMirror-hints", timeout=10_000)
        assert "schema: <http://schema.org/>" in hints.inner_text()
        page.keyboard.press("Enter")
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.keyboard.type("PREFIX kg", delay=30)
        hints = page.wait_for_selector(".CodeMirror-hints", timeout=10_000)
        assert "kgr: <https://w3id.org/kg/id/>" in hints.inner_text()  # the project's own prefixes are offered
        page.keyboard.press("Escape")
        page.evaluate("""() => { const y = window.yasgui.getTab().getYasqe();
            const first = y.getValue().split('\\n')[0];
            y.setValue(first + '\\nSELECT ?name WHERE { ?w schema:director ?d . ?d schema:name ?name } ORDER BY ?name'); }""")
        assert page.evaluate("() => window.yasgui.getTab().getYasqe().getValue()").startswith(
            "PREFIX schema: <http://schema.org/>\n")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table.dataTable tbody td", timeout=30_000)
        shown = page.inner_text(".yasr table.dataTable")
        assert sorted({str(d) for _, d in local("directors")})[0] in shown
        page.wait_for_timeout(1000)  # anything the page would ask for later
    finally:
        context.close()
    outside = [u for u in requests if urllib.parse.urlsplit(u).hostname not in ("127.0.0.1", None)]
    assert outside == [], outside
    assert any(u.startswith(served.query_url) for u in requests)  # the query went to the server
    assert errors == []
