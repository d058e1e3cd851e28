"""Reading a compare request's inputs: URLs through the real fetcher, uploads, sidecars."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from storydiff.errors import InputError
from storydiff.web.inputs import Given, Limits, attach_sidecars, label_of_filename, read_all


@pytest.fixture(scope="module")
def site(example_dir):
    """A loopback web server with the example articles as a page and as plain text."""
    texts = {p.name: p.read_bytes() for p in example_dir.glob("*.txt")}
    paragraphs = "".join(f"<p>{line}</p>" for line in texts["putin-visits-magadan.txt"].decode().splitlines() if line)
    page = (f"<html><head><title>Putin visits Magadan</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Putin visits Magadan</h1>{paragraphs}</article><footer>Contact</footer></body></html>")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path == "/magadan.html":
                body, kind = page.encode(), "text/html; charset=utf-8"
            elif self.path == "/delegation.txt":
                body, kind = texts["russian-delegation-arrives.txt"], "text/plain; charset=utf-8"
            elif self.path == "/scan.pdf":
                body, kind = b"%PDF-1.7 binary", "application/pdf"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_urls_are_fetched_and_read(site):
    limits = Limits(allow_private=True)  # the test site is on loopback
    read = read_all([Given(kind="url", name=f"{site}/magadan.html"), Given(kind="url", name=f"{site}/delegation.txt"),
                     Given(kind="url", name=f"{site}/scan.pdf"), Given(kind="url", name=f"{site}/gone")], limits)
    magadan, delegation = read.articles
    assert [magadan.id, delegation.id] == ["a1", "a2"]
    assert magadan.title == "Putin visits Magadan"
    assert "10:30 p.m. Moscow time" in magadan.text and "Contact" not in magadan.text
    assert "2200 Moscow time" in delegation.text
    refused = {r.source.rsplit("/", 1)[-1]: r for r in read.refused}
    assert set(refused) == {"scan.pdf", "gone"}
    assert "404" in refused["gone"].error


def test_loopback_urls_are_refused_by_default(site):
    with pytest.raises(InputError) as caught:
        read_all([Given(kind="url", name=f"{site}/magadan.html"), Given(kind="url", name=f"{site}/delegation.txt")],
                 Limits())
    assert "only 0 of 2 articles could be read" in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


@pytest.mark.parametrize("name,label", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\story.txt", "story.txt"),
    ("<script>.txt", "script_.txt"),
    ("", "upload 3"),
    ("..", "upload 3"),
])
def test_file_names_are_labels_only(name, label):
    assert label_of_filename(name, 3) == label


def test_sidecars_attach_by_name_and_bad_ones_are_refused():
    files = [Given(kind="file", name="a.txt", data=b"Text A."), Given(kind="file", name="b.html", data=b"<p>B</p>")]
    refused = attach_sidecars(files, [
        ("a.meta.json", b'{"published": "2025-08-15", "outlet": "Outlet A", "title": null}'),
        ("b.meta.json", b'{"colour": "red"}'),
        ("c.meta.json", b"{}"),
        ("d.meta.json", b"not json"),
    ])
    assert files[0].meta == {"published": "2025-08-15", "outlet": "Outlet A"}
    assert files[1].meta == {}
    reasons = {r.source: r.error for r in refused}
    assert "unknown field(s) colour" in reasons["b.meta.json"]
    assert "belongs to no uploaded article" in reasons["c.meta.json"]
    assert set(reasons) == {"b.meta.json", "c.meta.json", "d.meta.json"}


def test_published_date_is_checked():
    with pytest.raises(InputError) as caught:
        read_all([Given(kind="text", name="pasted text 1", data="Talks began.", published="next blue moon"),
                  Given(kind="text", name="pasted text 2", data="Talks began.")], Limits())
    assert "is not a date; write it as 2025-08-15" in str(caught.value)
