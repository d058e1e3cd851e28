"""Fetch one URL with httpx: timeouts, a streamed size cap, a redirect limit, a content-type
check, and private addresses refused.

Server-side request forgery is the risk: storydiff may run as a web app that fetches URLs
users paste. So every host name is resolved before connecting and EVERY address it
resolves to must be public (not private, loopback, link-local, reserved, multicast or
unspecified); redirects are followed by hand so each new location is checked the same
way. ``allow_private=True`` lifts the check (tests on 127.0.0.1, an intranet).
Known gap: httpx resolves the name again when it connects, so a DNS server that answers
differently within milliseconds (DNS rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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


def check_address(url: str, *, allow_private: bool = False) -> None:
    """Check a URL's scheme and that its host resolves only to public addresses.

    Args:
        url: the URL about to be requested.
        allow_private: skip the address check.

    Raises:
        FetchError: the scheme is not http(s), or the host does not resolve.
        BlockedAddress: the host resolves to a private, loopback or link-local address.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "is not an http:// or https:// URL; give a web address or a file path")
    if allow_private:
        return
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(url, f"host {host} cannot be resolved ({error}); check the URL and your network") from None
    for info in infos:
        address = str(info[4][0])
        if not _is_public(address):
            raise BlockedAddress(
                url,
                f"resolves to {address}, a private, loopback or link-local address, which storydiff does not fetch; "
                "pass --allow-private if you mean it",
            )


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    timeout: float | None = None,
    transport=None,
) -> FetchedPage:
    """Fetch a URL, safely.

    Args:
        url: an http or https URL.
        allow_private: allow private, loopback and link-local addresses.
        max_bytes: size cap; ``settings.MAX_INPUT_BYTES`` when not given.
        max_redirects: redirects followed; ``settings.FETCH_MAX_REDIRECTS`` when not given.
        timeout: whole-download budget in seconds; ``settings.FETCH_TOTAL_TIMEOUT``.
        transport: an httpx transport (for callers that route requests themselves).

    Returns:
        The FetchedPage.

    Raises:
        BlockedAddress: a URL on the way resolves to a non-public address.
        FetchError: connection failure, timeout, HTTP error, too many redirects.
        InputTooLarge: the body is over the cap.
        UnsupportedFormat: the content type is not HTML, a feed, text or JSON.
    """
    import httpx

    cap = settings.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    redirects = settings.FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    budget = settings.FETCH_TOTAL_TIMEOUT if timeout is None else timeout
    limits = httpx.Timeout(connect=settings.FETCH_CONNECT_TIMEOUT, read=settings.FETCH_READ_TIMEOUT,
                           write=settings.FETCH_READ_TIMEOUT, pool=settings.FETCH_CONNECT_TIMEOUT)
    started = time.monotonic()
    current = url
    with httpx.Client(follow_redirects=False, timeout=limits, transport=transport, trust_env=False,
                      headers={"User-Agent": settings.FETCH_USER_AGENT}) as client:
        for _ in range(redirects + 1):
            check_address(current, allow_private=allow_private)
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
