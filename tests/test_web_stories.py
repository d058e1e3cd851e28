"""Stories from a real store: ingest the example event into SQLite, serve it, browse it."""

from __future__ import annotations

import httpx
import pytest

from storydiff.model import SCHEMA
from storydiff.web import create_app
from web_support import ARTIFACTS, chromium, running

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served_base(example_dir, tmp_path_factory):
    from storydiff.stream import ingest_stream

    db = tmp_path_factory.mktemp("web") / "stories.db"
    ingest_stream([example_dir], db, progress=False)
    app = create_app(db)
    with running(app) as base:
        yield base


@pytest.fixture(scope="module")
def served_db(served_base):
    with httpx.Client(base_url=served_base, timeout=300) as http:
        yield http


def test_story_list_shows_size_outlets_span(served_db):
    data = served_db.get("/index.json").json()
    assert data["ok"] is True
    sizes = sorted(s["size"] for s in data["stories"])
    assert sum(sizes) == 2  # both example articles are in stories
    story = max(data["stories"], key=lambda s: s["size"])
    assert story["start"].startswith("2025-08-15")
    page = served_db.get("/")
    assert page.status_code == 200 and f'href="/stories/{story["id"]}"' in page.text


def test_story_report_and_its_articles(served_db):
    stories = served_db.get("/index.json").json()["stories"]
    story = max(stories, key=lambda s: s["size"])
    report = served_db.get(f"/stories/{story['id']}.json")
    assert report.status_code == 200
    data = report.json()
    assert data["schema"] == SCHEMA and len(data["articles"]) == story["size"]
    page = served_db.get(f"/stories/{story['id']}")
    assert page.status_code == 200 and 'id="conflicts"' in page.text
    first = data["articles"][0]["id"]
    article = served_db.get(f"/stories/{story['id']}/articles/{first}")
    assert article.status_code == 200 and 'id="article-text"' in article.text
    # Once computed, the list knows the story's conflicts.
    again = {s["id"]: s for s in served_db.get("/index.json").json()["stories"]}
    assert again[story["id"]]["conflicts"] == sum(1 for f in data["findings"] if f["status"] == "conflict")


def test_unknown_story_is_404(served_db):
    missing = served_db.get("/stories/s999.json")
    assert missing.status_code == 404
    assert missing.json()["ok"] is False and "no story with id 's999'" in missing.json()["error"]


def test_no_db_means_no_stories():
    app = create_app(None)
    with running(app) as base:
        response = httpx.get(f"{base}/stories/s1.json")
    assert response.status_code == 404
    assert "this server has no database" in response.json()["error"]


@pytest.mark.browser
def test_browse_from_the_story_list(served_base):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(180_000)  # the first open computes the story's report
        page.goto(f"{served_base}/")
        link = page.locator("table.list a").first
        assert link.is_visible()
        page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)
        link.click()
        page.wait_for_selector("#conflicts")
        assert page.locator(".article-list li").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "story-report.png"), full_page=True)
