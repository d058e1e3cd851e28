"""Fetching URLs from a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storydiff import settings
from storydiff.errors import BlockedAddress, FetchError, InputTooLarge, UnsupportedFormat
from storydiff.ingest import load
from storydiff.ingest.fetch import check_address, fetch

INPUTS = Path(__file__).parent / "data" / "inputs"


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server():
    page = (INPUTS / "article.html").read_bytes()
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, page),
        "/feed": (200, {"Content-Type": "application/rss+xml"}, (INPUTS / "feed.rss").read_bytes()),
        "/moved": (301, {"Location": "/article"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/image": (200, {"Content-Type": "image/png"}, (INPUTS / "pixel.png").read_bytes()),
        "/big": (200, {"Content-Type": "text/plain"}, b"word " * 50_000),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_page_follows_redirects(server):
    page = fetch(f"{server}/moved", allow_private=True)
    assert page.status == 200 and page.content_type == "text/html"
    assert page.final_url == f"{server}/article"
    assert b"Ferry service resumes" in page.content


def test_loopback_is_refused_without_allow_private(server):
    with pytest.raises(BlockedAddress) as raised:
        fetch(f"{server}/article")
    assert str(raised.value) == (
        f"{server}/article: resolves to 127.0.0.1, a private, loopback or link-local address, "
        "which storydiff does not fetch; pass --allow-private if you mean it"
    )


@pytest.mark.parametrize("url", ["http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/"])
def test_private_and_link_local_addresses_are_refused(url):
    with pytest.raises(BlockedAddress):
        check_address(url)


def test_redirect_loop_stops(server):
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(f"{server}/loop", allow_private=True)


def test_content_type_is_checked(server):
    with pytest.raises(UnsupportedFormat, match="has content type image/png"):
        fetch(f"{server}/image", allow_private=True)


def test_size_cap(server):
    with pytest.raises(InputTooLarge):
        fetch(f"{server}/big", allow_private=True, max_bytes=100_000)


def test_http_error(server):
    with pytest.raises(FetchError, match=r"returned HTTP 404; check the URL in a browser$"):
        fetch(f"{server}/missing", allow_private=True)


def test_unreachable_port():
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch("http://127.0.0.1:9/", allow_private=True)


def test_unresolvable_host():
    with pytest.raises(FetchError, match="cannot be resolved"):
        fetch("http://no-such-host.invalid/article")


def test_load_reads_urls_by_content_type(server, monkeypatch):
    monkeypatch.setattr(settings, "FETCH_MAX_REDIRECTS", 2)
    batch = load([f"{server}/moved", f"{server}/feed", f"{server}/article"], allow_private=True)
    assert [a.title for a in batch.articles][:2] == [
        "Ferry service resumes after three-day strike", "Bridge closed to trucks after inspection"]
    # The URL actually read (after redirects) is the article's URL and its source the one asked.
    assert batch.articles[0].url == f"{server}/article"
    assert batch.articles[0].source == f"{server}/moved"
    blocked = load([f"{server}/article"])
    assert [f.code for f in blocked.failures] == ["blocked_address"]
