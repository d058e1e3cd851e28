"""The web app's pages and JSON API, against a real uvicorn server on 127.0.0.1.

Reports here are built by hand from the real example texts (tests/web_support.py), so
these tests check the web layer without the NLP models; test_web_compare.py runs the
real pipeline through the compare endpoint.
"""

from __future__ import annotations

import re

import httpx
import pytest

from storydiff.model import SCHEMA
from storydiff.web import create_app
from storydiff.web.inputs import Limits
from web_support import example_report, hostile_article, running


@pytest.fixture(scope="module")
def served(example_dir):
    """A server without a database holding one hand-built comparison; yields (base, id)."""
    app = create_app(None)
    report_id = app.state.catalog.save_report(example_report(example_dir, extra=hostile_article()))
    with running(app) as base:
        yield base, report_id


@pytest.fixture()
def client(served):
    with httpx.Client(base_url=served[0], timeout=30) as http:
        yield http


def test_report_json_twin_is_the_contract(client, served):
    _, rid = served
    response = client.get(f"/reports/{rid}.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["link"] == f'</reports/{rid}>; rel="alternate"; type="text/html"'
    data = response.json()
    assert data["schema"] == SCHEMA
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for finding in data["findings"]:
        for ev in finding["evidence"]:
            assert texts[ev["article"]][ev["start"]:ev["end"]] == ev["text"]
    assert [f["status"] for f in data["findings"]][0] == "conflict"


def test_accept_header_gives_the_same_json(client, served):
    _, rid = served
    by_suffix = client.get(f"/reports/{rid}.json").json()
    by_accept = client.get(f"/reports/{rid}", headers={"Accept": "application/json"})
    assert by_accept.headers["content-type"].startswith("application/json")
    assert by_accept.json() == by_suffix
    # A browser's Accept (HTML preferred, */* last) gets the page.
    browser = client.get(f"/reports/{rid}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.headers["content-type"].startswith("text/html")


def test_report_page_shows_conflict_first_with_both_sides(client, served):
    _, rid = served
    response = client.get(f"/reports/{rid}")
    assert response.status_code == 200
    assert response.headers["link"] == f'</reports/{rid}.json>; rel="alternate"; type="application/json"'
    html = response.text
    conflicts = html.index('id="conflicts"')
    assert conflicts < html.index('id="timeline"') < html.index('id="findings"') < html.index('id="entities"')
    block = html[conflicts:html.index('id="timeline"')]
    assert "Fri 15 Aug 2025 19:00 UTC" in block and "Fri 15 Aug 2025 19:30 UTC" in block
    assert "would commence at 2200 Moscow time." in block
    assert "commencing at 10:30 p.m. Moscow time" in block
    assert "<svg" in html and 'class="mark-label conflict"' in html and 'class="bracket"' in html


def test_every_page_escapes_article_text(client, served):
    _, rid = served
    for path in ("/", f"/reports/{rid}", f"/reports/{rid}/articles/a3", f"/reports/{rid}/articles/a1"):
        html = client.get(path).text
        assert "<script>window" not in html, path
        assert "<img src=x" not in html, path
        assert "<i>Hostile</i>" not in html, path
    article = client.get(f"/reports/{rid}/articles/a3").text
    assert "&lt;script&gt;" in article and "&lt;img src=x onerror=" in article


def test_security_headers_forbid_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_article_page_and_twin(client, served):
    _, rid = served
    data = client.get(f"/reports/{rid}/articles/a2.json").json()
    kinds = {h["kind"] for h in data["highlights"]}
    assert kinds == {"entity", "time", "quantity", "identifier", "quote"}
    a1 = client.get(f"/reports/{rid}/articles/a1").text
    assert '<mark class="hl note" title="spelling → Kamchatka">Kamkatcha</mark>' in a1
    text = data["article"]["text"]
    for h in data["highlights"]:
        assert text[h["start"]:h["end"]] == h["text"]
    html = client.get(f"/reports/{rid}/articles/a2").text
    assert '<mark class="hl identifier" title="aircraft_registration: RA-96023">RA-96023</mark>' in html
    assert '<mark class="hl time"' in html


def test_errors_have_one_shape(client):
    missing = client.get("/reports/c-000000000000.json")
    assert missing.status_code == 404
    body = missing.json()
    assert body["ok"] is False and body["status"] == 404 and "run the comparison again" in body["error"]
    page = client.get("/reports/c-000000000000")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "run the comparison again" in page.text
    nowhere = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert nowhere.status_code == 404 and nowhere.json()["ok"] is False


@pytest.mark.parametrize("path", [
    "/reports/..%2F..%2Fpyproject.toml",
    "/reports/%2Fetc%2Fpasswd.json",
    "/stories/..%2Fstorydiff.db",
    "/static/..%2Fapp.py",
    "/static/%2E%2E/templates/base.html",
])
def test_no_path_reaches_the_file_system(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["ok"] is False
    assert "[project]" not in response.text and "root:" not in response.text


def test_static_files_come_from_the_package(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    assert "/reports/{report_id}.json" in spec["paths"] and "/compare.json" in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/reports/{report_id}.json" in docs.text
    # No CDN: every script, stylesheet and link the page loads is on this server.
    for page in (docs.text, client.get("/").text, client.get("/compare").text):
        targets = re.findall(r'(?:src|href)="([^"]*)"', page)
        assert targets and all(t.startswith(("/", "#")) for t in targets), targets


def test_story_list_without_db_lists_the_comparison(client, served):
    _, rid = served
    data = client.get("/index.json").json()
    assert data["stories"] == []
    (row,) = data["reports"]
    assert row["id"] == rid and row["size"] == 3 and row["conflicts"] == 1
    assert row["start"] == "2025-08-15"


def test_compare_limits_are_enforced_before_reading(served):
    base, _ = served
    limits = Limits()
    with httpx.Client(base_url=base, timeout=30) as http:
        files = [("files", (f"f{i}.txt", b"Some text.", "text/plain")) for i in range(limits.max_articles + 1)]
        too_many = http.post("/compare.json", files=files)
        assert too_many.status_code == 400
        assert "at most 5" in too_many.json()["error"]
        huge = b"x" * (limits.max_request_bytes + 1)
        too_big = http.post("/compare.json", files=[("files", ("big.txt", huge, "text/plain"))])
        assert too_big.status_code == 413
        assert too_big.json() == {"ok": False, "status": 413, "error": too_big.json()["error"]}
        assert "MB" in too_big.json()["error"]
        one = http.post("/compare.json", json={"articles": [{"text": "Only one article."}]})
        assert one.status_code == 400 and "at least 2" in one.json()["error"]
        bad = http.post("/compare.json", json={"articles": "nope"})
        assert bad.status_code == 400 and '"articles"' in bad.json()["error"]


def test_one_article_over_its_own_limit(served):
    base, _ = served
    limits = Limits()
    with httpx.Client(base_url=base, timeout=30) as http:
        big = "word " * (limits.max_article_bytes // 5 + 10)
        response = http.post("/compare.json", json={"articles": [{"text": big}, {"text": big}]})
    assert response.status_code == 400
    assert "2 MB limit for one article" in response.json()["error"]


def test_private_urls_are_refused_by_the_fetcher(served):
    base, _ = served
    with httpx.Client(base_url=base, timeout=30) as http:
        response = http.post("/compare.json", json={"articles": [
            {"url": "http://127.0.0.1:9/a"}, {"url": "http://10.0.0.1/b"}, {"url": "file:///etc/passwd"}]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert "127.0.0.1" in error and "10.0.0.1" in error and "file:///etc/passwd" in error


def test_token_auth(example_dir):
    app = create_app(None, token="s3cret-token")
    rid = app.state.catalog.save_report(example_report(example_dir))
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        refused = http.get(f"/reports/{rid}.json")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert refused.json()["ok"] is False
        assert http.get(f"/reports/{rid}.json", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = http.get(f"/reports/{rid}.json", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200
        # Unauthenticated uploads are refused before the body is read.
        upload = http.post("/compare.json", json={"articles": []})
        assert upload.status_code == 401
        assert http.get("/health").status_code == 200
        assert http.get("/static/style.css").status_code == 200
        # The browser path: sign in once, then the cookie carries the token.
        assert http.post("/login", data={"token": "nope"}).status_code == 401
        signed = http.post("/login", data={"token": "s3cret-token"})
        assert signed.status_code == 303
        assert http.get(f"/reports/{rid}").status_code == 200


def test_cached_pages_match_fresh_ones(client, served):
    _, rid = served
    for path in (f"/reports/{rid}", f"/reports/{rid}.json", f"/reports/{rid}/articles/a2"):
        first, second = client.get(path), client.get(path)
        assert first.content == second.content
        assert first.headers["link"] == second.headers["link"]
        assert first.headers["content-type"] == second.headers["content-type"]
    # The twin asked by Accept is cached apart from the page.
    by_accept = client.get(f"/reports/{rid}", headers={"Accept": "application/json"})
    assert by_accept.json()["schema"] == SCHEMA


def test_busy_server_answers_503_with_retry_after():
    from storydiff.web.jobs import CompareRunner

    runner = CompareRunner(max_pending=0)
    app = create_app(None, runner=runner)
    try:
        with running(app) as base:
            response = httpx.post(f"{base}/compare.json", timeout=30, json={"articles": [
                {"text": "The talks began at noon in Anchorage."}, {"text": "The talks began at 1 p.m. in Anchorage."}]})
    finally:
        runner.close()
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json() == {"ok": False, "status": 503, "error": response.json()["error"]}
    assert "retry in a few seconds" in response.json()["error"]


def test_form_errors_show_on_the_compare_page(client):
    response = client.post("/compare", data={"text_1": "Only one article here.", "outlet_1": "A"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in response.text and "at least 2" in response.text
    assert 'id="compare-form"' in response.text


def test_cross_site_posts_are_refused(client):
    evil = client.post("/compare", data={"text_1": "a", "text_2": "b"}, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    assert "cannot post to this server" in evil.text
    fetch_meta = client.post("/compare", data={"text_1": "a"}, headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"})
    assert fetch_meta.status_code == 403
    # The server's own pages post with their own origin; scripts send none.
    own = client.post("/compare.json", json={"articles": []}, headers={"Origin": str(client.base_url).rstrip("/")})
    assert own.status_code == 400
