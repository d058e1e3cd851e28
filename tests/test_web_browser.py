"""End-to-end tests in headless Chromium (Debian's /usr/bin/chromium via Playwright).

They drive a real uvicorn server on 127.0.0.1 the way a journalist would: open a report,
open an article, upload the example event. Screenshots go to test-artifacts/web/ (git
ignored) so a reviewer can look at the pages.
"""

from __future__ import annotations

import pytest

from storydiff.web import create_app
from web_support import ARTIFACTS, chromium, example_report, hostile_article, running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: errors.append(f"off-host request {request.url}")
           if not request.url.startswith(("http://127.0.0.1", "data:")) else None)
    tab.errors = errors
    yield tab
    context.close()


@pytest.fixture(scope="module")
def hand_built(example_dir):
    app = create_app(None)
    report_id = app.state.catalog.save_report(example_report(example_dir, extra=hostile_article()))
    with running(app) as base:
        yield base, report_id


def test_report_shows_the_time_conflict_side_by_side(page, hand_built):
    base, rid = hand_built
    page.goto(f"{base}/reports/{rid}")
    conflict = page.locator("#conflicts .conflict.card").first
    assert conflict.is_visible()
    values = conflict.locator(".side-value").all_inner_texts()
    assert values == ["Fri 15 Aug 2025 19:00 UTC", "Fri 15 Aug 2025 19:30 UTC"]
    assert page.locator("svg.timeline .mark-label.conflict").count() >= 2
    assert page.locator("svg.timeline .bracket").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.goto(f"{base}/")
    assert page.locator(f'a[href="/reports/{rid}"]').is_visible()
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert page.errors == []


def test_article_page_highlights_its_extractions(page, hand_built):
    base, rid = hand_built
    page.goto(f"{base}/reports/{rid}")
    page.get_by_role("link", name="Magadan report").first.click()
    page.wait_for_url(f"{base}/reports/{rid}/articles/a2")
    text = page.locator("#article-text")
    assert text.locator("mark.hl.time").first.inner_text() == "10:30 p.m. Moscow time"
    assert "RA-96023" in text.locator("mark.hl.identifier").all_inner_texts()
    assert text.locator("mark.hl.quantity").first.inner_text() == "nearly 400 kilograms"
    assert text.locator("mark.hl.entity").count() >= 5
    assert text.locator("mark.hl.quote").count() >= 1
    # The highlighted text reads exactly as the article does.
    data = page.request.get(f"{base}/reports/{rid}/articles/a2.json").json()
    assert text.inner_text().strip() == data["article"]["text"].strip()
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)
    assert page.errors == []


def test_script_in_an_article_shows_as_text(page, hand_built):
    base, rid = hand_built
    page.goto(f"{base}/reports/{rid}/articles/a3")
    assert page.evaluate("window.__storydiff_pwned") is None
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__storydiff_pwned = 1;</script>" in text
    assert '<img src=x onerror="window.__storydiff_pwned = 2">' in text
    assert page.locator("h1").inner_text() == "<script>window.__storydiff_pwned = 3</script>Title"
    page.goto(f"{base}/reports/{rid}")
    assert page.evaluate("window.__storydiff_pwned") is None
    assert page.get_by_text("<i>Hostile</i> Outlet").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)
    assert page.errors == []


@pytest.mark.slow
def test_upload_the_example_event_and_see_the_time_conflict(page, example_dir):
    """The whole path: the compare form, the real pipeline, the stored report's page."""
    app = create_app(None)
    with running(app) as base:
        page.goto(f"{base}/compare")
        page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
        page.set_input_files("#files", sorted(str(p) for p in example_dir.iterdir() if p.suffix in (".txt", ".json")))
        # The pipeline takes seconds per article on a busy 2-core machine (plus loading
        # the models on first use): give the navigation three minutes.
        page.set_default_timeout(180_000)
        page.click("#compare-button")
        page.wait_for_url(f"{base}/reports/c-*", timeout=180_000)
        conflicts = page.locator("#conflicts .conflict.card")
        assert conflicts.count() >= 1
        time_conflict = page.locator("#conflicts .conflict.card", has_text="conflict · time").first
        assert time_conflict.is_visible()
        values = " ".join(time_conflict.locator(".side-value").all_inner_texts())
        assert "19:00 UTC" in values and "19:30 UTC" in values
        page.screenshot(path=str(ARTIFACTS / "uploaded-report.png"), full_page=True)
        page.locator(".article-list a").first.click()
        assert page.locator("#article-text mark.hl.time").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "uploaded-article.png"), full_page=True)
        assert page.errors == []
