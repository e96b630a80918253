"""`kg review` in the browser, beyond the happy path: a file changed on disk while the page is open, a page of
another site posting to the app, DNS rebinding, hostile names and article text, a selection that is not unique,
and the screen's navigation (fact -> quote, quote -> facts, lowest confidence first)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.annotations import parse_annotation
from kg.quotes import locate
from tests.browser.review_support import (ARTICLE, CHROMIUM_ARGS, App, copy_data, make_draft, open_review,
                                          select_text, start)

pytestmark = pytest.mark.browser

#: a fictional article written to break a page that renders text as HTML: tags, quotes, right-to-left text,
#: a right-to-left override, a zero-width joiner and a tab (kg refuses other control characters in an
#: article), and characters outside the BMP before the quotes (offsets)
HOSTILE = ("🎬🎞️ <script>alert('article')</script> & <img src=x onerror=alert(1)> \u202e\u200d\t[31m\n\n"
           '"Ashen Tide" was directed by Noor Haddad. The film stars Ilse Varga and Tomas "Tom" O\'Reilly. '
           "Haddad (נור חדאד, نور حداد) wrote </mark><script>alert(2)</script> on set.\n")


@pytest.fixture
def data(pristine: Path, tmp_path: Path) -> Path:
    return copy_data(pristine, tmp_path / "data")


@pytest.fixture
def app(data: Path) -> Iterator[App]:
    running = start(data / "annotations" / "lantern-quay.yaml", cwd=data.parent)
    yield running
    if running.process.poll() is None:
        running.stop()


def fact(page: Any, relation: str, obj: str | None = None) -> int:
    return page.evaluate("""([relation, obj]) => kg.data.state.facts.findIndex(
        (f) => f.relation === relation && (obj === null || f.object === obj || f.value === obj))""", [relation, obj])


def test_stale_save_is_refused_and_the_page_reloads(review_browser: Any, app: App, data: Path) -> None:
    page = open_review(review_browser, app)
    path = data / "annotations" / "lantern-quay.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Rafe Okonkwo", "name: Rafe Okonkwo-Baptiste"),
                    encoding="utf-8")
    theirs = path.read_bytes()
    page.locator(f'.fact[data-fact="{fact(page, "director")}"] button.accept').click()
    page.wait_for_selector("#notice:not([hidden])")
    assert "changed on disk by someone else" in page.locator("#notice").inner_text()
    assert "nothing was overwritten" in page.locator("#notice").inner_text()
    assert path.read_bytes() == theirs
    # the page now shows the file as it is on disk, and the next change is made on top of it
    page.wait_for_function("() => kg.data.state.entities.some((e) => e.name === 'Rafe Okonkwo-Baptiste')")
    assert page.locator('.entity[data-entity="rafe-okonkwo"] .name').inner_text() == "Rafe Okonkwo-Baptiste"
    assert page.evaluate("kg.data.state.facts.every((f) => f.status === 'pending')")
    page.locator(f'.fact[data-fact="{fact(page, "director")}"] button.accept').click()
    page.wait_for_function("() => kg.actions >= 1")
    saved = parse_annotation(path)
    assert "Rafe Okonkwo-Baptiste" in [e.name for e in saved.entities]
    assert [f.method for f in saved.facts if f.relation == "director"] == ["curated"]
    # the only console message is the browser's own note of the 409 answer
    assert [e for e in page.errors if "status of 409" not in e] == [] and page.outside == []


def test_a_page_of_another_site_cannot_write(review_browser: Any, app: App, data: Path) -> None:
    """A page of another web site on this machine (another port) posts to the app three ways. (A page of a
    public site is stopped by Chromium itself before its request leaves, by Private Network Access; this
    one's requests reach the app, which must refuse them.)"""
    path = data / "annotations" / "lantern-quay.yaml"
    before = path.read_bytes()
    _, state = app.request("GET", "/api/state")
    with evil_site() as evil:
        context = review_browser.new_context()
        page = context.new_page()
        page.goto(f"{evil}/")
        results = attack(page, app, state)
        context.close()
    assert results == {"simple": "opaque", "json": "blocked"}
    assert path.read_bytes() == before
    assert app.request("GET", "/api/state")[1]["canUndo"] is False
    # the requests reached the app, which refused them (it says so on its console)
    log = app.stop_and_log()
    assert log.count(f"refused POST /api/edit: Origin '{evil}'") >= 2, log


@contextlib.contextmanager
def evil_site() -> Iterator[str]:
    """Another web site on this machine (a Starlette app under uvicorn in a thread): its address."""
    import socket
    import threading

    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def home(request: Any) -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>evil</title><p>hi")

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/", home)]), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def attack(page: Any, app: App, state: dict[str, Any]) -> dict[str, str]:
    payload = json.dumps({"doc": 0, "token": state["token"], "action": "status",
                          "params": {"fact": 0, "status": "rejected"}})
    return page.evaluate("""async ([url, body]) => {
        const out = {};
        // a "simple" request: no preflight, the browser sends it as it is (with the evil site's Origin)
        try { const simple = await fetch(url + 'api/edit', {method: 'POST', mode: 'no-cors', body,
                                                            headers: {'Content-Type': 'text/plain'}});
              out.simple = simple.type; } catch (e) { out.simple = 'blocked'; }
        // a JSON request: the browser asks first (preflight), the app refuses
        try { await fetch(url + 'api/edit', {method: 'POST', body, headers: {'Content-Type': 'application/json'}});
              out.json = 'sent'; } catch (e) { out.json = 'blocked'; }
        // a form post to a hidden frame
        const frame = document.createElement('iframe'); frame.name = 'f'; document.body.append(frame);
        const form = document.createElement('form'); form.method = 'POST'; form.action = url + 'api/edit';
        form.target = 'f'; form.enctype = 'text/plain';
        const input = document.createElement('input'); input.name = body; input.value = ''; form.append(input);
        document.body.append(form);
        await new Promise((done) => { frame.onload = done; form.submit(); });
        return out;
    }""", [app.url, payload])


def test_dns_rebinding_is_refused(review_browser: Any, app: App, data: Path) -> None:
    """A name an attacker controls, resolved to 127.0.0.1 (as DNS rebinding does): the app refuses it."""
    rebinding = review_browser.browser_type.launch(executable_path="/usr/bin/chromium", headless=True,
                                           args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
    try:
        page = rebinding.new_page()
        answer = page.goto(f"http://rebind.test:{app.port}/api/state")
        assert answer is not None and answer.status == 403
        assert "is not this app's address" in page.inner_text("body")
        assert page.goto(f"http://rebind.test:{app.port}/").status == 403
        good = page.goto(f"http://localhost:{app.port}/")
        assert good is not None and good.status == 200
    finally:
        rebinding.close()


def test_hostile_names_and_text_are_shown_as_text(review_browser: Any, tmp_path: Path) -> None:
    draft = make_draft(tmp_path / "hostile", HOSTILE, "ashen-tide")
    running = start(draft, cwd=tmp_path)
    try:
        _, state = running.request("GET", "/api/state")
        assert state["text"] == HOSTILE
        person = next(i for i, e in enumerate(state["state"]["entities"]) if e["type"] == "Person")
        eid = state["state"]["entities"][person]["id"]
        evil = "<img src=x onerror=alert('name')>\"'</span>\u202eשלום\x07"
        status, answer = running.request("POST", "/api/edit", {"doc": 0, "token": state["token"], "action": "rename",
                                                               "params": {"entity": eid, "name": evil}})
        assert status == 200, answer
        page = open_review(review_browser, running)
        assert page.evaluate("document.getElementById('article').textContent") == HOSTILE
        assert page.evaluate("document.querySelectorAll('#article *:not(mark):not(span)').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 1  # the page's own
        assert page.evaluate("document.querySelectorAll('img, b, iframe').length") == 0
        assert page.locator(f'.entity[data-entity="{eid}"] .name').evaluate("(n) => n.textContent") == evil
        for mark in page.evaluate("""Array.from(document.querySelectorAll('#article mark'))
                .map((m) => [Number(m.dataset.start), Number(m.dataset.end), m.textContent])"""):
            assert HOSTILE[mark[0]:mark[1]] == mark[2]  # code-point offsets, emoji before them
        assert state["spans"] and all(s is not None for s in state["spans"])
        shown = page.evaluate("Array.from(document.querySelectorAll('.fact .quote')).map((q) => q.textContent)")
        assert shown == [f.get("quote") for f in state["state"]["facts"]]
        # a hostile alias added from the page
        page.locator(f'.entity[data-entity="{eid}"] button.edit-entity').click()
        page.fill("#ent-alias", "<script>alert('alias')</script>")
        page.click("#ent-add-alias")
        page.wait_for_function("() => kg.actions >= 1")
        assert "<script>alert('alias')</script>" in page.locator(f'.entity[data-entity="{eid}"] .aliases').inner_text()
        assert page.dialogs == [] and page.errors == [] and page.outside == []
    finally:
        running.stop()


def test_a_selection_that_is_not_unique_gets_a_prefix_or_suffix(review_browser: Any, app: App, data: Path) -> None:
    page = open_review(review_browser, app)
    quote = "Night Ferry to Lantern Quay"
    second = ARTICLE.index(quote, 1)
    assert ARTICLE.index(quote) == 0 < second
    select_text(page, second, second + len(quote))
    assert page.locator("#sel-quote").inner_text() == quote
    # the words selected are inside a drafted quote: the facts they support are listed
    assert page.locator("#sel-facts a").count() == 1
    assert "directed by" in page.locator("#sel-facts").inner_text()
    page.select_option("#add-subject", "lantern-quay")
    page.select_option("#add-object", "night-ferry-to-lantern-quay")
    page.select_option("#add-relation", "mentions")
    page.click("#add-submit")
    page.wait_for_function("() => kg.actions >= 1")
    added = page.evaluate("kg.data.state.facts[kg.data.state.facts.length - 1]")
    assert added["quote"] == quote and added["status"] == "accepted"
    assert "prefix" in added or "suffix" in added
    assert locate(ARTICLE, quote, prefix=added.get("prefix"), suffix=added.get("suffix")) == (second, second + len(quote))
    saved = parse_annotation(data / "annotations" / "lantern-quay.yaml")
    mention = next(f for f in saved.facts if f.relation == "mentions")
    assert (mention.quote, mention.prefix, mention.suffix, mention.method) == (
        quote, added.get("prefix"), added.get("suffix"), "curated")


def test_fact_to_quote_quote_to_facts_and_lowest_confidence_first(review_browser: Any, app: App) -> None:
    page = open_review(review_browser, app, viewport={"width": 1000, "height": 300})
    composer = fact(page, "composer")
    page.locator(f'.fact[data-fact="{composer}"] .rel').click()
    focused = page.locator("#article mark.focus").first
    quote = page.evaluate("(i) => kg.data.state.facts[i].quote", composer)  # the drafted fact's own words
    assert quote.endswith("composed by Lio Tanaka") and quote in ARTICLE
    assert focused.inner_text() == quote
    assert focused.is_visible()
    in_view = page.evaluate("""() => { const m = document.querySelector('#article mark.focus').getBoundingClientRect();
        const p = document.getElementById('article-pane').getBoundingClientRect();
        return m.top >= p.top && m.bottom <= p.bottom; }""")
    assert in_view
    # clicking highlighted words lists the facts they support
    page.locator("#article mark", has_text="and Sunniva Holt").first.click()
    listed = page.locator("#sel-facts").inner_text()
    assert "Sunniva Holt" in listed and "Rafe Okonkwo" not in listed
    page.select_option("#order", "confidence")
    confidences = page.evaluate("""Array.from(document.querySelectorAll('#facts .fact'))
        .map((r) => kg.data.state.facts[Number(r.dataset.fact)].confidence)""")
    assert confidences == sorted(confidences) and len(confidences) == 6
    first = page.evaluate("document.querySelector('#facts .fact').dataset.fact")
    page.locator("#facts .fact").first.click()
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.evaluate("document.querySelector('.fact.current').dataset.fact") == first
    assert page.errors == []
