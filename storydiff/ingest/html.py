"""HTML pages: the main text with trafilatura, the metadata from the page's own markup.

trafilatura finds the article body. Its date keeps only the day, so the publication time
with its time of day and zone is read here from, in order: JSON-LD ``datePublished``,
``<meta property="article:published_time">`` and its kin, ``itemprop="datePublished"``,
then ``<time datetime>``. The first value with a time AND a zone wins; else the first date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from storydiff.errors import NoArticleFound
from storydiff.ingest.dates import parse_published
from storydiff.ingest.jsondata import parse_json
from storydiff.ingest.outlets import registered_domain
from storydiff.ingest.text import build_article, check_size, decode, sniff_binary
from storydiff.model import Article

#: trafilatura options, chosen on the 181 pages of ../shared/data/aeb with the benchmark's
#: metric (4-gram shingles, mean precision and recall over pages, trafilatura 2.3.1):
#: defaults f1=0.9525; favor_precision 0.9586; include_comments=False 0.9598;
#: both 0.9641 (kept); both + include_tables=False 0.9543; both + deduplicate 0.9585;
#: favor_recall 0.9378 (word-split metric). Re-run `storydiff eval extract
#: ../shared/data/aeb` after changing any of them; they were tuned as a set.
EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "deduplicate": False,
}

_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued",
    "dcterms.issued", "dcterms.created", "dc.date", "date",
)
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting",
                  "analysisnewsarticle", "opinionnewsarticle", "webpage", "liveblogposting"}


def _json_ld(tree) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, flattening ``@graph`` and lists."""
    found: list[dict[str, Any]] = []

    def walk(root: Any) -> None:
        # Iterative: a page may nest lists as deep as the JSON parser allows.
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                found.append(node)
                if "@graph" in node:
                    stack.append(node["@graph"])

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(parse_json(script.text_content() or "null", strict=False))
        except ValueError:
            continue  # broken JSON-LD is common; the other sources still apply
    return found


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value (a string, an object or a list)."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _meta(tree, *keys: str) -> list[str]:
    values = []
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in keys:
            values.append(element.get("content", "").strip())
    return [v for v in values if v]


def _best_published(candidates: list[str]) -> dt.datetime | dt.date | None:
    first_date = None
    for value in candidates:
        parsed = parse_published(value)
        if isinstance(parsed, dt.datetime):
            return parsed
        if parsed is not None and first_date is None:
            first_date = parsed
    return first_date


def read_metadata(tree) -> dict[str, Any]:
    """Title, authors, outlet, url and publication time from a page's markup.

    Args:
        tree: the page parsed by ``trafilatura.utils.load_html``.

    Returns:
        A dict with the keys found among ``title``, ``authors``, ``outlet``, ``url``,
        ``published``.
    """
    found: dict[str, Any] = {}
    objects = _json_ld(tree)
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES] or objects
    dates = [str(o["datePublished"]) for o in articles if o.get("datePublished")]
    dates += _meta(tree, *_DATE_META)
    dates += [e.get("datetime") or e.get("content") or "" for e in tree.xpath('//*[@itemprop="datePublished"]')]
    dates += [e.get("datetime", "") for e in tree.xpath("//time[@datetime]")]
    published = _best_published([d for d in dates if d])
    if published is not None:
        found["published"] = published
    for node in articles:
        authors = _names(node.get("author"))
        if authors:
            found["authors"] = list(dict.fromkeys(authors))
            break
    site = _meta(tree, "og:site_name", "application-name")
    publishers = [name for node in articles for name in _names(node.get("publisher"))]
    if site or publishers:
        found["outlet"] = (site or publishers)[0]
    urls = _meta(tree, "og:url") + [e.get("href", "") for e in tree.xpath('//link[@rel="canonical"][@href]')]
    urls = [u for u in urls if u.startswith(("http://", "https://"))]
    if urls:
        found["url"] = urls[0]
    headlines = [str(o["headline"]) for o in articles if isinstance(o.get("headline"), str)]
    titles = _meta(tree, "og:title") + headlines
    if titles:
        found["title"] = titles[0]
    return found


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([-\w:.]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 kB (``<meta charset>`` or http-equiv)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def extract_html(html: str | bytes, *, source: str = "", url: str | None = None,
                 encoding: str | None = None) -> Article:
    """Extract the article and its metadata from an HTML page.

    Args:
        html: the page, as bytes (any encoding) or text.
        source: path or URL; names the input in messages.
        url: the page's URL when known (outlet and links); else the page's canonical URL.
        encoding: the charset the server named for the bytes; else the page's own
            ``<meta charset>``; else detected.

    Returns:
        The Article: ``original`` is the extracted text, ``text`` its cleaned form.

    Raises:
        NoArticleFound: the page cannot be parsed or holds no article text.
        BinaryInput, InputTooLarge, EncodingError: for bytes that are not a page.
    """
    # Only for a page: trafilatura takes ~1 s to import (measured with -X importtime).
    import trafilatura
    from trafilatura.utils import load_html

    name = source or url or "<html>"
    if isinstance(html, bytes):
        check_size(len(html), name)
        sniff_binary(html, name)
        html, _ = decode(html, name, encoding or declared_charset(html))
    else:
        check_size(len(html), name)
    tree = load_html(html)
    if tree is None:
        raise NoArticleFound(name, "cannot be parsed as HTML; check that the file is a web page")
    meta = read_metadata(tree)
    page_url = url or meta.get("url")
    try:
        document = trafilatura.bare_extraction(
            tree, url=page_url, with_metadata=True, **EXTRACT_OPTIONS
        )
    except Exception as error:  # noqa: BLE001 - a malformed page must be one failure, not a crash
        # trafilatura and htmldate assume a well-formed tree: an <svg> at the root of an
        # XHTML page failed an assertion in lxml (found by tests/test_fuzz_readers.py).
        raise NoArticleFound(name, f"cannot be read as an article ({type(error).__name__} in the extractor); "
                             "save the article's text as a .txt file and give that") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise NoArticleFound(
            name,
            "holds no article text that storydiff can find; save the article's text as a .txt file and give that",
        )
    title = meta.get("title") or getattr(document, "title", None)
    authors = meta.get("authors")
    if not authors and getattr(document, "author", None):
        authors = [a.strip() for a in document.author.split(";") if a.strip()]
    outlet = meta.get("outlet")
    sitename = getattr(document, "sitename", None) or ""
    # trafilatura falls back to the host name ("news.example.co.uk"); the registered
    # domain names the outlet better, so a host-like sitename is not used.
    if not outlet and sitename and not ("." in sitename and " " not in sitename):
        outlet = sitename
    if not outlet and page_url:
        outlet = registered_domain(page_url) or None
    published = meta.get("published")
    if published is None and getattr(document, "date", None):
        published = parse_published(document.date)
    return build_article(
        text,
        source=source or page_url or "",
        strip_boilerplate=False,
        outlet=outlet,
        title=title,
        published=published,
        authors=authors,
        url=page_url,
        language=getattr(document, "language", None),
    )
