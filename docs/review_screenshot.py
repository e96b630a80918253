"""Take docs/review.png, the README's picture of `kg review`: the real app on the draft `kg extract` makes of
the tests' fictional article, two facts accepted, one rejected, words selected to add a fact.

    .venv/bin/python docs/review_screenshot.py
"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright
from tests.browser.review_support import ARTICLE, launch, make_draft, open_review, select_text, start

with tempfile.TemporaryDirectory() as tmp:
    draft = make_draft(Path(tmp))
    app = start(draft, cwd=Path(tmp))
    try:
        with sync_playwright() as pw:
            browser = launch(pw.chromium)
            page = open_review(browser, app, viewport={"width": 1280, "height": 720})
            facts = page.evaluate("kg.data.state.facts.map((f) => f.relation + ' ' + (f.object || f.value))")
            def click(rel, obj, button):
                i = facts.index(f"{rel} {obj}")
                n = page.evaluate("kg.actions")
                page.locator(f'.fact[data-fact="{i}"] button.{button}').click()
                page.wait_for_function("(n) => window.kg.actions > n", arg=n)
            click("director", "odile-marchetti", "accept")
            click("performer", "rafe-okonkwo", "accept")
            click("about", "night-ferry-to-lantern-quay", "reject")
            i = facts.index("composer lio-tanaka")
            page.locator(f'.fact[data-fact="{i}"] .rel').click()
            at = ARTICLE.index("the lead actress")
            select_text(page, at, at + len("the lead actress"))
            page.select_option("#add-subject", "sunny-holt")
            page.select_option("#add-kind", "value")
            page.fill("#add-value", "actress")
            page.evaluate("document.getElementById('side').scrollTop = 0")
            page.screenshot(path=str(ROOT / "docs" / "review.png"))
            browser.close()
    finally:
        app.stop()
print(ROOT / "docs" / "review.png")
