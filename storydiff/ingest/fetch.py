"""Fetch one URL with httpx: timeouts, a streamed size cap, a redirect limit, a content-type
check, and private addresses refused.

Server-side request forgery is the risk: storydiff may run as a web app that fetches URLs
users paste. So every host name is resolved before connecting and EVERY address it
resolves to must be public (not private, loopback, link-local, reserved, multicast or
unspecified); redirects are followed by hand so each new location is checked the same
way. ``allow_private=True`` lifts the check (tests on 127.0.0.1, an intranet).

DNS rebinding: a name can resolve to a public address when checked and to 127.0.0.1 a
moment later. So the connection never resolves the name again: the addresses that were
checked are pinned for that host (:class:`PinnedBackend`, httpcore's network backend) and
the socket connects to them, while the URL, the Host header and TLS (SNI and the
certificate check) keep the name. Every redirect hop is resolved, checked and pinned anew.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

# Imported here, not lazily: this module is itself imported only when a URL is fetched
# (storydiff.ingest.sources, storydiff.web.inputs), and PinnedBackend subclasses httpcore's.
import httpcore
import httpx

from storydiff import settings
from storydiff.errors import BlockedAddress, FetchError, InputTooLarge, UnsupportedFormat


@dataclass(slots=True)
class FetchedPage:
    """What a URL gave: the final URL after redirects, the content type and the bytes."""

    url: str  # as asked
    final_url: str
    status: int
    content_type: str  # media type only, lower case ("text/html")
    content: bytes
    encoding: str | None = None  # the charset the server named, if any


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # is_global is False for private, loopback, link-local, reserved, unspecified, shared
    # (100.64/10, carrier NAT) and documentation ranges; multicast is excluded on top.
    return ip.is_global and not ip.is_multicast


def _host_key(url: str) -> str:
    """The host as httpcore will name it when it connects: IDNA-encoded ASCII, lower case."""
    return httpx.URL(url).raw_host.decode("ascii").lower()


#: What a refused address's message tells the user to do, on the command line.
BLOCKED_HINT = "pass --allow-private if you mean it"


def check_address(url: str, *, allow_private: bool = False, blocked_hint: str = BLOCKED_HINT) -> list[str]:
    """Check a URL's scheme, resolve its host, and check every address is public.

    Args:
        url: the URL about to be requested.
        allow_private: resolve but skip the public-address check.
        blocked_hint: what the message of a refused address tells the user to do (the web
            app has no ``--allow-private``).

    Returns:
        The addresses the host resolved to, in the resolver's order, without duplicates:
        the only addresses a connection for this URL may use (see :class:`PinnedBackend`).

    Raises:
        FetchError: the scheme is not http(s), or the host does not resolve.
        BlockedAddress: the host resolves to a private, loopback or link-local address.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "is not an http:// or https:// URL; give a web address or a file path")
    try:
        host = _host_key(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (httpx.InvalidURL, ValueError, UnicodeError) as error:
        raise FetchError(url, f"is not a valid URL ({error}); check the address") from None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(url, f"cannot be resolved (host {host}: {error}); check the URL and your network") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            if not _is_public(address):
                raise BlockedAddress(
                    url,
                    f"resolves to {address}, a private, loopback or link-local address, which storydiff does not fetch; "
                    f"{blocked_hint}",
                )
    return addresses


class PinnedBackend(httpcore.SyncBackend):
    """Connect to the addresses checked for a host, never to a fresh resolution of it.

    httpcore hands ``connect_tcp`` the URL's host; the socket is opened to the pinned IP
    literal instead (no DNS query), and httpcore then starts TLS with the name as SNI and
    checks the certificate against the name, as it always does.
    """

    def __init__(self) -> None:
        super().__init__()
        self.pins: dict[str, list[str]] = {}

    def pin(self, host: str, addresses: list[str]) -> None:
        """Let connections to ``host`` (as :func:`_host_key` names it) go to ``addresses`` only."""
        self.pins[host] = addresses

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        """Open a TCP connection to the first pinned address of ``host`` that answers.

        Raises:
            httpcore.ConnectError: the host was never pinned, or no address answers.
            httpcore.ConnectTimeout: the last address tried timed out.
        """
        addresses = self.pins.get(host.lower())
        if not addresses:
            # Unreachable through fetch(): every hop is pinned before it is requested.
            raise httpcore.ConnectError(f"{host} was not resolved and checked before connecting")
        failure: Exception | None = None
        for address in addresses:  # in the resolver's order, as socket.create_connection does
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure


def _pinned_transport(backend: PinnedBackend) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through ``backend`` (no proxies, no env)."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx (0.27/0.28, pinned in pyproject.toml) has no public way to hand a network
    # backend to its transport, so its connection pool is replaced by an equal one built
    # with httpcore's public API plus the backend. tests/test_fetch.py's rebinding and TLS
    # tests fail if a new httpx stops routing connections through ``_pool``.
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                              network_backend=backend)
    return transport


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    timeout: float | None = None,
    transport=None,
    blocked_hint: str = BLOCKED_HINT,
) -> FetchedPage:
    """Fetch a URL, safely.

    Args:
        url: an http or https URL.
        allow_private: allow private, loopback and link-local addresses.
        max_bytes: size cap; ``settings.MAX_INPUT_BYTES`` when not given.
        max_redirects: redirects followed; ``settings.FETCH_MAX_REDIRECTS`` when not given.
        timeout: whole-download budget in seconds; ``settings.FETCH_TOTAL_TIMEOUT``.
        transport: an httpx transport (for callers that route requests themselves); such
            a transport connects as it likes, so DNS rebinding is then the caller's to stop.
        blocked_hint: what the message of a refused address tells the user to do.

    Returns:
        The FetchedPage.

    Raises:
        BlockedAddress: a URL on the way resolves to a non-public address.
        FetchError: connection failure, timeout, HTTP error, too many redirects.
        InputTooLarge: the body is over the cap.
        UnsupportedFormat: the content type is not HTML, a feed, text or JSON.
    """
    cap = settings.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    redirects = settings.FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    budget = settings.FETCH_TOTAL_TIMEOUT if timeout is None else timeout
    limits = httpx.Timeout(connect=settings.FETCH_CONNECT_TIMEOUT, read=settings.FETCH_READ_TIMEOUT,
                           write=settings.FETCH_READ_TIMEOUT, pool=settings.FETCH_CONNECT_TIMEOUT)
    started = time.monotonic()
    current = url
    backend = None
    if transport is None:
        backend = PinnedBackend()
        transport = _pinned_transport(backend)
    with httpx.Client(follow_redirects=False, timeout=limits, transport=transport, trust_env=False,
                      headers={"User-Agent": settings.FETCH_USER_AGENT}) as client:
        for _ in range(redirects + 1):
            try:
                addresses = check_address(current, allow_private=allow_private, blocked_hint=blocked_hint)
            except FetchError as error:
                if current == url:
                    raise
                # A batch records a failure under its error's source: name the input the
                # caller gave, and the hop that failed (check_address's messages read after "which").
                raise type(error)(url, f"redirects to {current}, which {error.message}") from None
            if backend is not None:
                backend.pin(_host_key(current), addresses)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(url, f"redirected (HTTP {response.status_code}) without a Location; check the URL")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(url, f"returned HTTP {response.status_code}; check the URL in a browser")
                    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                    if media and media not in settings.FETCH_CONTENT_TYPES:
                        raise UnsupportedFormat(url, f"has content type {media}, not a web page, feed or text; give the article's page")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise InputTooLarge(url, f"is {int(declared) / 2**20:.1f} MB, over the {cap / 2**20:.0f} MB limit; save the article's text and give the file")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > cap:
                            raise InputTooLarge(url, f"is over the {cap / 2**20:.0f} MB limit; save the article's text and give the file")
                        if time.monotonic() - started > budget:
                            raise FetchError(url, f"took longer than {budget:.0f} s to download; try again later")
                    return FetchedPage(url=url, final_url=str(response.url), status=response.status_code,
                                       content_type=media, content=bytes(body), encoding=response.charset_encoding)
            except httpx.TimeoutException:
                raise FetchError(url, "timed out; check that the site is up and try again later") from None
            except httpx.TransportError as error:
                raise FetchError(url, f"cannot be reached ({type(error).__name__}: {error}); check the URL and your network") from None
    raise FetchError(url, f"redirected more than {redirects} times; open it in a browser and give the final URL")
