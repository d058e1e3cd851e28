"""Outlet names from URLs: the registered domain ("bbc.co.uk" for news.bbc.co.uk)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _extractor():
    # On first use: tldextract takes ~0.17 s to import and most inputs name their outlet.
    import tldextract

    # The bundled public-suffix snapshot only: never download the list at run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str:
    """The registered domain of a URL, from the Public Suffix List snapshot in tldextract.

    Args:
        url: an absolute URL or a host name.

    Returns:
        ``"example.co.uk"`` for ``https://news.example.co.uk/x``; ``""`` when there is none
        (an IP address, ``localhost``).
    """
    parts = _extractor()(url)
    if not parts.domain or not parts.suffix:
        return ""
    return f"{parts.domain}.{parts.suffix}"
