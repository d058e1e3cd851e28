"""What a compare request gives (pasted texts, uploaded files, URLs) -> Articles.

Limits are checked here, before any parsing or fetching, with one-line messages that say
what to do. Uploaded file names are only labels (the outlet's fallback); they never
reach the file system: the bytes are read from the request and handed to the ingest
readers. URLs go only through ``storydiff.ingest.fetch.fetch``, the SSRF-guarded fetcher.

A bad input does not sink the others: it is recorded as a :class:`Refused` with its
reason and the comparison goes on while enough articles are left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storydiff.errors import InputError, InputTooLarge, StorydiffError, UnsupportedFormat
from storydiff.ingest.dates import parse_published
from storydiff.ingest.fetch import fetch
from storydiff.ingest.html import extract_html
from storydiff.ingest.jsondata import parse_json
from storydiff.ingest.sources import SIDECAR_FIELDS, SIDECAR_SUFFIX, apply_metadata, field_names, sniff_format
from storydiff.ingest.text import read_text
from storydiff.model import Article, Refused


@dataclass(frozen=True)
class Limits:
    """How much one compare request may hold.

    The defaults: a comparison is of 2 to 5 articles (issue 8; more than 5 side-by-side
    columns stop fitting a laptop screen and the pipeline takes ~1 s per article on our
    2-core CI machine, so 5 keeps a request under ~10 s). One article may be 2 MB: the
    largest page of the article-extraction benchmark (../shared/data/aeb) is under 2 MB
    of HTML, and a long news text is ~100 kB. The request as a whole may hold five of
    those plus form overhead. Change them with ``create_app(limits=Limits(...))``; re-run
    ``tests/test_web_limits.py`` and ``bench/web_load.py`` after.
    """

    min_articles: int = 2
    max_articles: int = 5
    max_article_bytes: int = 2_000_000
    #: Characters of cleaned text per article. Bytes bound the upload, not the analysis:
    #: 2 MB of text is up to 2,000,000 characters, and the analysis runs at about 14,000
    #: characters per CPU second (docs/benchmarks.md, "analysis": 2,425 words/CPU s), so
    #: one such article would hold the compare pool for minutes. 100,000 characters, a
    #: very long news text, is ~7 CPU s; five of them ~35 s.
    max_article_chars: int = 100_000
    paste_slots: int = 3
    allow_private: bool = False  # let the fetcher reach loopback/private hosts (tests only)

    @property
    def max_request_bytes(self) -> int:
        """The body limit: every article at its cap, plus 64 kB for fields and boundaries."""
        return self.max_articles * self.max_article_bytes + 64_000

    @property
    def max_article_mb(self) -> float:
        return round(self.max_article_bytes / 1_000_000, 1)

    def as_dict(self) -> dict[str, Any]:
        """The limits as the compare page's JSON twin shows them."""
        return {
            "min_articles": self.min_articles,
            "max_articles": self.max_articles,
            "max_article_bytes": self.max_article_bytes,
            "max_article_chars": self.max_article_chars,
            "max_request_bytes": self.max_request_bytes,
            "private_urls_allowed": self.allow_private,
        }


@dataclass
class Given:
    """One input as the request gave it, before reading."""

    kind: str  # "text", "file" or "url"
    name: str  # a label for messages: "pasted text 1", the file's name, the URL
    data: bytes | str = b""
    outlet: str = ""
    title: str = ""
    published: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # from an uploaded NAME.meta.json sidecar
    meta_source: str = ""


@dataclass
class Read:
    """The outcome of reading a request's inputs."""

    articles: list[Article] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


_SAFE_LABEL = re.compile(r"[^\w .,()+-]+", re.UNICODE)


def label_of_filename(filename: str | None, index: int) -> str:
    """A display label from an uploaded file's name: its last path part, odd characters
    dropped. Only ever shown and used as the outlet's fallback; never opened."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_LABEL.sub("_", name).strip(" ._")[:120]
    return name or f"upload {index}"


def check_count(given: list[Given], limits: Limits) -> None:
    """Raise when the request holds too few or too many articles.

    Raises:
        InputError: fewer than ``min_articles`` or more than ``max_articles``.
    """
    if len(given) > limits.max_articles:
        raise InputError(
            "compare",
            f"{len(given)} articles given, at most {limits.max_articles} can be compared at once; "
            "remove some",
        )
    if len(given) < limits.min_articles:
        raise InputError(
            "compare",
            f"{len(given)} article given, a comparison needs at least {limits.min_articles}: "
            "paste, upload or link another",
        )


def check_size(item: Given, limits: Limits) -> None:
    """Raise :class:`InputTooLarge` for an input over the per-article cap."""
    size = len(item.data.encode("utf-8")) if isinstance(item.data, str) else len(item.data)
    if size > limits.max_article_bytes:
        raise InputTooLarge(
            item.name,
            f"is {size / 1e6:.1f} MB, over this server's {limits.max_article_mb:g} MB limit for one article; "
            "paste only the article's text",
        )


def looks_like_html(name: str, data: bytes | str) -> bool:
    """Whether an upload is a web page: by its name, else by its first bytes."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:2048].lower() if isinstance(data, str) else data[:2048].lower().decode("latin-1")
    return "<html" in head or "<!doctype html" in head


def read_one(item: Given, limits: Limits) -> Article:
    """Read one input into an Article (not yet analysed).

    Args:
        item: the input.
        limits: the server's limits (size, whether private URLs may be fetched).

    Returns:
        The Article with the outlet, title and published date the user gave, if any.

    Raises:
        InputError: any reason the input cannot be read (the message names it).
    """
    if item.kind == "url":
        article = _fetch(item.name, limits)
    else:
        check_size(item, limits)
        check_one_article(item.name if item.kind == "file" else "", item.data)
        if looks_like_html(item.name, item.data):
            article = extract_html(item.data, source=item.name)
        else:
            article = read_text(item.data, source=item.name)
    if len(article.text) > limits.max_article_chars:
        raise InputTooLarge(
            item.name,
            f"holds {len(article.text):,} characters of text, over this server's {limits.max_article_chars:,}-character "
            "limit for one article; give the article's own text, or compare it with `storydiff compare`",
        )
    if item.meta:
        apply_metadata(article, item.meta, item.meta_source)
    if item.outlet.strip():
        article.outlet = item.outlet.strip()
    if item.title.strip():
        article.title = item.title.strip()
    if item.published.strip():
        published = parse_published(item.published)
        if published is None:
            raise InputError(item.name, f"published date {item.published[:40]!r} is not a date; write it as 2025-08-15")
        article.published = published
    return article


def _fetch(url: str, limits: Limits) -> Article:
    if not url.startswith(("http://", "https://")):
        raise InputError(url[:200], "is not an http(s) URL; give a link that starts with https://")
    page = fetch(url, allow_private=limits.allow_private, max_bytes=limits.max_article_bytes,
                 blocked_hint="this server does not fetch them; paste the article's text instead")

    check_one_article(url, page.content, content_type=page.content_type)
    if "html" in page.content_type or looks_like_html(url, page.content):
        return extract_html(page.content, source=url, url=page.final_url)
    if page.content_type.startswith("text/"):
        return read_text(page.content, source=url)
    raise InputError(url, f"is {page.content_type or 'of an unknown type'}, not a web page or text; "
                     "give the article's own page")


def check_one_article(name: str, data: bytes | str, *, content_type: str = "") -> None:
    """Refuse a feed or a JSON Lines file: a comparison input is one article, and such a
    file holds many (its markup was read as the article's text).

    Raises:
        UnsupportedFormat: the input is an RSS/Atom feed or JSON Lines.
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    kind = sniff_format(raw[:4096], name=name, content_type=content_type)
    if kind in ("feed", "jsonl"):
        what = "an RSS or Atom feed" if kind == "feed" else "a JSON Lines file"
        raise UnsupportedFormat(name, f"is {what}, which holds many articles, not one; give each article's "
                                "page or text, or compare the whole file with `storydiff compare FILE`")


#: Largest sidecar accepted: a sidecar holds a few short fields (the example's are 70 bytes).
MAX_SIDECAR_BYTES = 64_000


def attach_sidecars(files: list[Given], sidecars: list[tuple[str, bytes]]) -> list[Refused]:
    """Give each uploaded article file the metadata of its ``NAME.meta.json``, as a
    directory given to ``storydiff compare`` does (examples/alaska-summit-2025/README.md).

    Args:
        files: the uploaded article files.
        sidecars: (file name, bytes) of the uploaded sidecars.

    Returns:
        Sidecars that could not be used, with the reason (the articles still go on).
    """
    by_stem = {item.name.rsplit(".", 1)[0]: item for item in files}
    refused = []
    for name, data in sidecars:
        stem = name[: -len(SIDECAR_SUFFIX)]
        target = by_stem.get(stem)
        try:
            if len(data) > MAX_SIDECAR_BYTES:
                raise ValueError(f"is over {MAX_SIDECAR_BYTES // 1000} kB; a sidecar holds a few short fields")
            if target is None:
                raise ValueError(f"belongs to no uploaded article (upload {stem}.txt or {stem}.html with it)")
            meta = parse_json(data.decode("utf-8"))
            if not isinstance(meta, dict):
                raise ValueError('must be a JSON object such as {"published": "2025-08-15"}')
            unknown = sorted(set(meta) - set(SIDECAR_FIELDS))
            if unknown:
                raise ValueError(f"has unknown field(s) {field_names(unknown)}; use only {', '.join(SIDECAR_FIELDS)}")
        except (ValueError, UnicodeDecodeError) as error:
            refused.append(Refused(source=name, error=f"{name}: {error}", code="sidecar"))
            continue
        target.meta = {k: v for k, v in meta.items() if v not in (None, "", [])}
        target.meta_source = name
    return refused


def read_all(given: list[Given], limits: Limits) -> Read:
    """Read every input; bad ones are refused with their reason, the rest go on.

    Args:
        given: the inputs, in the order the user gave them.
        limits: the server's limits.

    Returns:
        The articles (ids ``a1``, ``a2``, ... in input order) and the refused inputs.

    Raises:
        InputError: the count is out of bounds, or fewer than ``min_articles`` inputs
            could be read (the message lists why each failed).
    """
    check_count(given, limits)
    result = Read()
    for item in given:
        try:
            result.articles.append(read_one(item, limits))
        except StorydiffError as error:
            code = getattr(error, "code", "input")
            result.refused.append(Refused(source=item.name, error=str(error), code=code))
    if len(result.articles) < limits.min_articles:
        reasons = "; ".join(r.error for r in result.refused)
        raise InputError(
            "compare",
            f"only {len(result.articles)} of {len(given)} articles could be read ({reasons})",
        )
    for number, article in enumerate(result.articles, start=1):
        article.id = f"a{number}"
    return result


def given_from_json(body: Any) -> list[Given]:
    """Inputs from a JSON request: ``{"articles": [{"text"|"url", "outlet", "title", "published"}]}``.

    Raises:
        InputError: the body does not have that shape.
    """
    if not isinstance(body, dict) or not isinstance(body.get("articles"), list):
        raise InputError("request", 'send {"articles": [{"text": "..."}, {"url": "https://..."}]}')
    given = []
    for index, item in enumerate(body["articles"], start=1):
        if not isinstance(item, dict) or not (isinstance(item.get("text"), str) or isinstance(item.get("url"), str)):
            raise InputError("request", f'article {index} needs a "text" or a "url" string')
        meta = {k: str(item.get(k) or "") for k in ("outlet", "title", "published")}
        if isinstance(item.get("url"), str) and not item.get("text"):
            given.append(Given(kind="url", name=item["url"].strip(), **meta))
        else:
            given.append(Given(kind="text", name=f"pasted text {index}", data=item["text"], **meta))
    return given
