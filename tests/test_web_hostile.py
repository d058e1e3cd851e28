"""What broke in the web app under hostile requests (issue 19), each against a real uvicorn
server on 127.0.0.1: DNS rebinding, a cross-site POST without ``Origin``, hostile JSON
bodies, HEAD requests. Each test failed before its fix.
"""

from __future__ import annotations

import json

import httpx
import pytest

from storydiff.web import create_app
from web_support import example_report, running


@pytest.fixture(scope="module")
def served(example_dir):
    """A token-less server (as ``storydiff serve`` on loopback) holding one comparison."""
    app = create_app(None)
    report_id = app.state.catalog.save_report(example_report(example_dir))
    with running(app) as base:
        yield base, report_id


@pytest.fixture()
def client(served):
    with httpx.Client(base_url=served[0], timeout=30) as http:
        yield http


def _port(client: httpx.Client) -> int:
    return client.base_url.port


def test_a_rebound_name_is_refused_without_a_token(client, served):
    """DNS rebinding: a page on attacker.example, its name re-pointed at 127.0.0.1, sent
    ``Host`` and ``Origin`` of its own name and got 201 from /compare.json, and 200 on
    every page (so it could read the stories)."""
    rebound = f"attacker.example:{_port(client)}"
    post = client.post("/compare.json", json={"articles": [{"text": "a"}, {"text": "b"}]},
                       headers={"Host": rebound, "Origin": f"http://{rebound}"})
    assert post.status_code == 400
    body = post.json()
    assert body["ok"] is False and "answers only to localhost" in body["error"]
    read = client.get(f"/reports/{served[1]}.json", headers={"Host": rebound})
    assert read.status_code == 400 and "attacker.example" in read.json()["error"]
    page = client.get("/", headers={"Host": rebound})
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "localhost", "[::1]:{port}", "127.0.0.1"])
def test_loopback_names_are_served(client, host):
    response = client.get("/index.json", headers={"Host": host.format(port=_port(client))})
    assert response.status_code == 200, response.text


def test_a_token_server_serves_any_name(example_dir):
    """With a token the rebinding page has nothing to send: other names are the owner's."""
    app = create_app(None, token="s3cret")
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        port = http.base_url.port
        answer = http.get("/index.json", headers={"Host": f"news.example:{port}", "Authorization": "Bearer s3cret"})
        assert answer.status_code == 200


def test_cross_site_post_without_origin_is_403_not_500(client):
    """``Sec-Fetch-Site: cross-site`` with no ``Origin`` made the guard slice None: 500."""
    response = client.post("/compare.json", json={"articles": []}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    body = response.json()
    assert body == {"ok": False, "status": 403, "error": body["error"]}
    assert "another site" in body["error"]


def test_origin_of_another_port_is_refused(client):
    port = _port(client)
    response = client.post("/compare.json", json={"articles": []},
                           headers={"Origin": f"http://127.0.0.1:{port + 1}"})
    assert response.status_code == 403


def _post_raw(client: httpx.Client, body: str | bytes) -> httpx.Response:
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return client.post("/compare.json", content=data, headers={"Content-Type": "application/json"})


def test_lone_surrogate_in_a_json_body_is_read_not_500(client):
    """``"\\ud800"`` is valid JSON but no character: hashing the text raised
    UnicodeEncodeError, a 500. Now it is U+FFFD, as a bad byte is."""
    body = '{"articles": [{"text": "Officials met \\ud800 in Anchorage.", "outlet": "\\udfff"}, {"text": "  "}]}'
    response = _post_raw(client, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert "only 1 of 2 articles could be read" in error and "pasted text 2" in error


def test_deeply_nested_json_body_is_400_not_500(client):
    depth = 100_000
    response = _post_raw(client, '{"articles": ' + "[" * depth + "]" * depth + "}")
    assert response.status_code == 400
    assert "nests too deeply" in response.json()["error"]


def test_body_that_is_not_utf8_is_400(client):
    response = _post_raw(client, b'{"articles": ["\xff\xfe"]}')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


def test_text_too_long_to_analyse_is_refused_by_name(client, example_dir):
    """A 1.9 MB paste, inside the 2 MB upload limit, is over the 1,000,000 characters the
    analysis takes: it answered 500 after the analysis failed. Now it is refused when read."""
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    long_text = ("\n\n".join([text] * (1_900_000 // len(text) + 1)))[:1_900_000]
    response = client.post("/compare.json", json={"articles": [{"text": long_text}, {"text": text}]})
    assert response.status_code == 400, response.text[:300]
    error = response.json()["error"]
    assert "pasted text 1: holds 1," in error and "-character limit for one article" in error


def test_a_paste_past_the_servers_character_limit_is_refused(client, example_dir):
    """Under the 2 MB and 1,000,000-character limits a paste could still hold the compare
    pool for a minute or more: the server refuses past 100,000 characters."""
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    long_text = "\n\n".join([text] * (150_000 // len(text) + 1))
    response = client.post("/compare.json", json={"articles": [{"text": long_text}, {"text": text}]})
    assert response.status_code == 400, response.text[:300]
    assert "over this server's 100,000-character limit for one article" in response.json()["error"]


def test_health_answers_while_a_url_is_fetched(example_dir):
    """Reading and fetching ran on the event loop: a slow upload or URL stalled every other
    request, /health included. A loopback page that answers only when told to holds the
    fetch open while /health is asked."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from storydiff.web.inputs import Limits

    asked, release = threading.Event(), threading.Event()
    text = (example_dir / "putin-visits-magadan.txt").read_bytes()

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            asked.set()
            release.wait(30)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, *args):
            pass

    page_server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{page_server.server_address[1]}/story.txt"
    app = create_app(None, limits=Limits(allow_private=True))
    outcome: dict = {}
    try:
        with running(app) as base, httpx.Client(base_url=base, timeout=60) as http:
            def post():
                # Two URLs and no text: the second fetch fails fast, so no comparison runs.
                outcome["response"] = http.post("/compare.json", json={"articles": [
                    {"url": url}, {"url": "http://127.0.0.1:1/nothing-listens-here"}]})

            poster = threading.Thread(target=post)
            poster.start()
            assert asked.wait(30), "the compare request never fetched the page"
            try:
                health = httpx.get(base + "/health", timeout=20)  # the held fetch waits 30 s
            finally:
                release.set()
            poster.join(60)
            assert health.status_code == 200 and health.json() == {"ok": True}
            assert outcome["response"].status_code == 400
    finally:
        release.set()
        page_server.shutdown()


@pytest.mark.parametrize("path", ["/", "/index.json", "/health", "/docs", "/compare.json", "/static/style.css",
                                  "REPORT", "REPORT.json"])
def test_head_answers_like_get_without_a_body(client, served, path):
    """HEAD got 405 on every page (FastAPI adds no HEAD to GET routes)."""
    path = path.replace("REPORT", f"/reports/{served[1]}")
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200, (path, head.status_code)
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))


def test_head_on_a_missing_page_is_404(client):
    assert client.head("/reports/c-000000000000").status_code == 404


INPUTS = __import__("pathlib").Path(__file__).parent / "data" / "inputs"


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom", "articles.jsonl"])
def test_an_uploaded_feed_is_refused_not_read_as_text(client, name):
    """An RSS upload was read as one plain-text article, its markup and all."""
    files = [("files", (name, (INPUTS / name).read_bytes(), "application/octet-stream"))]
    response = client.post("/compare.json", files=files, data={"text_1": "Officials met in Anchorage on Friday."})
    assert response.status_code == 400, response.text[:300]
    error = response.json()["error"]
    assert f"{name}: is " in error and "which holds many articles, not one" in error


def test_a_private_url_is_refused_without_naming_a_cli_option(client):
    """The web app told users to "pass --allow-private", which serve does not have."""
    response = client.post("/compare.json", json={"articles": [{"url": "http://127.0.0.1:9/story"},
                                                                {"text": "Officials met."}]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert "private, loopback or link-local address" in error and "this server does not fetch them" in error
    assert "--allow-private" not in error
