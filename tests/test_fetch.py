"""Fetching URLs from a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
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


# --- DNS rebinding: the connection goes to the address that was checked ---------------

class _Resolver:
    """A DNS server we control for one made-up name: ``answers`` in turn, the last repeated.

    Every other name goes to the real resolver, so the IP literals the fetcher connects to
    resolve as usual (a literal needs no DNS query).
    """

    def __init__(self, monkeypatch, name: str, answers: list[str]):
        self.name, self.answers, self.asked = name, answers, 0
        self._real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host, port, *args, **kwargs):
        if host != self.name:
            return self._real(host, port, *args, **kwargs)
        address = self.answers[min(self.asked, len(self.answers) - 1)]
        self.asked += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]


class _Recorder(_Handler):
    hosts: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hosts.append(self.headers.get("Host", ""))
        super().do_GET()


@pytest.fixture()
def recording_server(server):
    """A second loopback server that records the Host header of every request it gets."""
    _Recorder.hosts = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], _Recorder.hosts
    httpd.shutdown()
    httpd.server_close()


def _network(monkeypatch, routes: dict[str, str]) -> list[tuple[str, int]]:
    """Tests touch loopback only: a connection to an address in ``routes`` goes to its
    loopback address instead (a stand-in for a public server), one to any other
    non-loopback address is refused; every address tried is noted."""
    tried: list[tuple[str, int]] = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        tried.append(address)
        host, port = address[0], address[1]
        # A name (what httpx passes without pinning) is resolved as the real function would.
        literals = [routes.get(info[4][0], info[4][0])
                    for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]
        if not all(ipaddress.ip_address(literal).is_loopback for literal in literals):
            raise ConnectionRefusedError(111, "refused by the test: not loopback")
        return real((literals[0], port), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return tried


@pytest.fixture()
def loopback_only(monkeypatch):
    """Only loopback answers; any other address is refused (and noted)."""
    return _network(monkeypatch, {})


# A globally routable address (so the fetcher's check passes it) that the test network
# routes to 127.0.0.1: the recording server plays the public site that redirects.
PUBLIC = "93.184.216.34"


@pytest.fixture()
def public_site(monkeypatch):
    """Connections to PUBLIC reach the loopback servers; other addresses as loopback_only."""
    return _network(monkeypatch, {PUBLIC: "127.0.0.1"})


def test_rebinding_to_loopback_after_the_check_does_not_reach_it(recording_server, monkeypatch, loopback_only):
    port, hosts = recording_server
    # Public when checked, loopback for anyone who asks again: the classic rebinding attack.
    resolver = _Resolver(monkeypatch, "rebind.test", ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch(f"http://rebind.test:{port}/article")
    assert hosts == []  # the loopback server never saw a request
    assert resolver.asked == 1  # the name was resolved once, for the check
    assert loopback_only == [("93.184.216.34", port)]  # the socket went to the checked address


def test_a_redirect_to_a_private_address_is_refused(recording_server, monkeypatch, public_site):
    port, hosts = recording_server
    # The first hop is public and allowed; only its redirect's target resolves to loopback.
    _Handler.routes["/to-private"] = (302, {"Location": f"http://intranet.test:{port}/article"}, b"")
    _Resolver(monkeypatch, "news.test", [PUBLIC])
    _Resolver(monkeypatch, "intranet.test", ["127.0.0.1"])
    with pytest.raises(BlockedAddress, match=rf"^http://news\.test:{port}/to-private: redirects to http://intranet\.test:{port}/article, "
                       r"which resolves to 127\.0\.0\.1, a private, loopback or link-local address"):
        fetch(f"http://news.test:{port}/to-private")
    assert hosts == [f"news.test:{port}"]  # the redirect was served; its target never asked
    assert public_site == [(PUBLIC, port)]


def test_a_redirect_off_the_web_names_the_input_and_the_hop(server):
    _Handler.routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(FetchError) as raised:
        fetch(f"{server}/to-file", allow_private=True)
    assert str(raised.value) == (f"{server}/to-file: redirects to file:///etc/passwd, which is not an http:// or "
                                 "https:// URL; give a web address or a file path")


def test_rebinding_on_a_redirect_hop_does_not_reach_loopback(recording_server, monkeypatch, public_site):
    port, hosts = recording_server
    _Handler.routes["/to-rebind"] = (302, {"Location": f"http://rebind.test:{port}/article"}, b"")
    _Resolver(monkeypatch, "news.test", [PUBLIC])
    # The redirect's target is public when the hop is checked, loopback when asked again.
    second = "93.184.216.35"  # global, and not routed by the test network: unreachable
    rebind = _Resolver(monkeypatch, "rebind.test", [second, "127.0.0.1"])
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch(f"http://news.test:{port}/to-rebind")
    assert hosts == [f"news.test:{port}"]  # only the first hop reached a server
    assert rebind.asked == 1
    assert public_site == [(PUBLIC, port), (second, port)]  # each hop went to its checked address


def test_allow_private_connects_to_the_first_answer_and_keeps_the_host_name(recording_server, monkeypatch):
    port, hosts = recording_server
    # 127.0.0.2 is loopback too but nothing listens there: a second resolution would fail.
    resolver = _Resolver(monkeypatch, "newsroom.test", ["127.0.0.1", "127.0.0.2"])
    page = fetch(f"http://newsroom.test:{port}/article", allow_private=True)
    assert b"Ferry service resumes" in page.content
    assert page.final_url == f"http://newsroom.test:{port}/article"
    assert hosts == [f"newsroom.test:{port}"]  # the Host header names the host, not the address
    assert resolver.asked == 1


def test_every_redirect_hop_is_resolved_and_pinned(recording_server, monkeypatch):
    port, hosts = recording_server
    _Handler.routes["/hop"] = (301, {"Location": f"http://second.test:{port}/article"}, b"")
    first = _Resolver(monkeypatch, "first.test", ["127.0.0.1"])
    second = _Resolver(monkeypatch, "second.test", ["127.0.0.1", "127.0.0.2"])
    page = fetch(f"http://first.test:{port}/hop", allow_private=True)
    assert page.final_url == f"http://second.test:{port}/article"
    assert hosts == [f"first.test:{port}", f"second.test:{port}"]
    assert (first.asked, second.asked) == (1, 1)


# --- TLS: pinned to an address, still checked against the name --------------------------

def _openssl(*args: str, cwd) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 whose certificate (from a throwaway CA) names
    ``secure.test`` only; it records the SNI name each handshake asked for."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=storydiff test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign", cwd=folder)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
             "-subj", "/CN=secure.test", cwd=folder)
    (folder / "leaf.ext").write_text("subjectAltName=DNS:secure.test\nextendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext", cwd=folder)
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "leaf.pem", folder / "leaf.key")
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], folder / "ca.pem", names
    httpd.shutdown()
    httpd.server_close()


def test_https_keeps_sni_and_the_certificate_check_on_the_name(server, tls_server, monkeypatch):
    port, ca, names = tls_server
    # Trust the throwaway CA (and only it) in place of the system's roots.
    monkeypatch.setattr(httpx, "create_ssl_context", lambda **_: ssl.create_default_context(cafile=str(ca)))
    _Resolver(monkeypatch, "secure.test", ["127.0.0.1", "127.0.0.2"])
    _Resolver(monkeypatch, "impostor.test", ["127.0.0.1"])
    page = fetch(f"https://secure.test:{port}/article", allow_private=True)
    assert b"Ferry service resumes" in page.content
    assert names[-1] == "secure.test"  # SNI named the host, not the pinned address
    # Same address, another name: the certificate (secure.test) does not match it.
    with pytest.raises(FetchError, match="cannot be reached .*certificate"):
        fetch(f"https://impostor.test:{port}/article", allow_private=True)
    assert names[-1] == "impostor.test"
