"""Every page on a phone (390 px, an iPhone's CSS width) and on a desktop (1400 px), in
real headless Chromium: nothing wider than the window (no sideways scrolling of the page),
titles not squeezed to a word per line, and a screenshot of each page kept in
test-artifacts/web/responsive/ for a reviewer to look at.

A real store (the example event ingested by the real pipeline) gives a story; a
hand-built comparison with a hostile third article gives a report page without models.
"""

from __future__ import annotations

import pytest

from storydiff.render.html import render_html
from storydiff.web import create_app
from web_support import ARTIFACTS, chromium, example_report, hostile_article, running

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1400)
SHOTS = ARTIFACTS / "responsive"


@pytest.fixture(scope="module")
def site(example_dir, tmp_path_factory):
    from storydiff.stream import ingest_stream

    folder = tmp_path_factory.mktemp("responsive")
    db = folder / "stories.db"
    ingest_stream([example_dir], db, progress=False)
    app = create_app(db)
    report = example_report(example_dir, extra=hostile_article())
    report_id = app.state.catalog.save_report(report)
    static = folder / "report.html"
    static.write_text(render_html(example_report(example_dir)), encoding="utf-8")
    with running(app) as base:
        yield base, report_id, static


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _pages(base: str, report_id: str, static) -> dict[str, str]:
    return {
        "home": f"{base}/",
        "home-search": f"{base}/?q=summit&sort=newest",
        "story": f"{base}/stories/s1",
        "story-findings": f"{base}/stories/s1/findings?status=conflict",
        "comparison": f"{base}/reports/{report_id}",
        "comparison-findings": f"{base}/reports/{report_id}/findings",
        "article": f"{base}/reports/{report_id}/articles/a2",
        "hostile-article": f"{base}/reports/{report_id}/articles/a3",
        "outlets": f"{base}/outlets",
        "outlet": f"{base}/outlets/putin-visits-magadan",
        "compare": f"{base}/compare",
        "docs": f"{base}/docs",
        "not-found": f"{base}/stories/s999",
        "static-report": static.as_uri(),
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_window(browser, site, width):
    base, report_id, static = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(240_000)  # the story's report is computed on first open
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    too_wide = {}
    try:
        for name, url in _pages(base, report_id, static).items():
            tab.goto(url)
            scroll, inner = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                too_wide[name] = scroll
            tab.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert too_wide == {}, f"pages wider than {width} px: {too_wide}"
    assert errors == []


def test_phone_titles_and_timeline_stay_readable(browser, site):
    base, report_id, static = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(240_000)
    try:
        tab.goto(f"{base}/")
        # A story's title gets the card's width, not a squeezed table column.
        title = tab.locator("table.list a").first.bounding_box()
        assert title is not None and title["width"] > 200
        tab.goto(f"{base}/reports/{report_id}")
        # The timeline keeps a readable size and scrolls inside its own box.
        picture = tab.locator("svg.timeline").bounding_box()
        assert picture is not None and picture["width"] >= 640
        tab.goto(static.as_uri())
        assert tab.locator(".timeline-scroll svg.timeline").bounding_box()["width"] >= 720
        assert tab.locator("ol.times li").count() >= 2  # and the same times as a list
        tab.locator('nav.toc a[href="#matrix"]').click()
        assert tab.evaluate("location.hash") == "#matrix"
    finally:
        context.close()


def test_review_a_conflict_on_a_phone(browser, site):
    """The newsroom's flow on a phone: find the story by a name, filter it to its
    conflicts, dismiss one with a note (a plain form, no script), see it on the report."""
    base, _, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(240_000)
    try:
        tab.goto(f"{base}/")
        tab.fill('input[name="q"]', "Putin")
        tab.click(".filters button")
        tab.locator("table.list a").first.click()
        tab.locator("a.count.conflict").first.click()
        tab.wait_for_url("**/findings?status=conflict")
        card = tab.locator("article.finding.conflict").first
        card.get_by_label("Dismiss").check()
        card.locator('textarea[name="note"]').fill("The 19:30 start was a typo, corrected later.")
        card.locator('input[name="reviewer"]').fill("Dana")
        card.get_by_role("button", name="Save the review").click()
        tab.wait_for_url("**/findings?status=conflict#k*")
        line = tab.locator("article.finding.conflict .review-line").first.inner_text()
        assert line.startswith("Dismissed by Dana") and "typo" in line
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        tab.screenshot(path=str(SHOTS / "reviewed-390.png"), full_page=True)
        tab.goto(f"{base}/stories/s1")
        assert tab.locator("#conflicts .review.dismissed").count() == 1
        exported = tab.request.get(f"{base}/stories/s1/findings.csv?reviewed=dismissed").text()
        assert "Dana" in exported and "typo" in exported
    finally:
        context.close()
