"""Plain text: decode bytes in any common encoding, clean up, build the Article.

``build_article`` is the one place an Article is made from an input's text; the HTML,
feed and JSON Lines readers call it too, so every article gets the same clean-up,
offset map and content hash.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from storydiff import settings
from storydiff.errors import BinaryInput, EmptyInput, EncodingError, InputTooLarge
from storydiff.ingest.boilerplate import find_boilerplate
from storydiff.ingest.jsondata import clean_text
from storydiff.ingest.normalize import normalize, slice_map
from storydiff.ingest.outlets import registered_domain
from storydiff.model import Article, Problem

# Magic numbers of the binary formats people most often pass by mistake.
_MAGIC = [
    (b"%PDF-", "a PDF document", "convert it to text first (e.g. `pdftotext FILE out.txt`) and give the .txt"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "give the article's text or web page instead"),
    (b"\xff\xd8\xff", "a JPEG image", "give the article's text or web page instead"),
    (b"GIF8", "a GIF image", "give the article's text or web page instead"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt)", "unpack it or save the document as plain text"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first (e.g. `gunzip FILE`)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file", "save it as plain text first"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
#: Share of control bytes (other than tab, newline, carriage return, form feed) above
#: which undecoded input is treated as binary. Text in any 8-bit encoding has none;
#: uniformly random bytes have 25/256 ~ 10%; 2% catches binary with long text runs too.
_CONTROL_SHARE = 0.02
#: Share of undecodable bytes tolerated when the input is mostly UTF-8: a handful of bad
#: bytes in a real UTF-8 file (a truncated character, one stray cp1252 quote) should not
#: lose the article; beyond 1% the file is in some other encoding or broken.
_BAD_UTF8_SHARE = 0.01
_MB = 1024 * 1024  # sizes are shown in binary megabytes, as settings states them
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 12, 13)) + b"\x7f"


def sniff_binary(data: bytes, source: str) -> None:
    """Raise :class:`BinaryInput` when ``data`` is a binary file rather than text.

    Args:
        data: the input's bytes.
        source: the input's name, for the message.

    Raises:
        BinaryInput: for known binary formats and for data full of control bytes.
    """
    for magic, what, todo in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(source, f"this is {what}, not text or HTML; {todo}")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return  # UTF-16/32 text is full of NUL bytes; the BOM says it is text
    head = data[:65536]
    controls = sum(head.count(bytes([c])) for c in _CONTROL_BYTES)
    if head and controls / len(head) > _CONTROL_SHARE:
        raise BinaryInput(
            source,
            "this looks like binary data, not text or HTML; give a text, HTML, RSS/Atom or JSON Lines file",
        )


def check_size(size: int, source: str, limit: int | None = None) -> None:
    """Raise :class:`InputTooLarge` when ``size`` bytes is over the limit.

    Args:
        size: the input's size in bytes.
        source: the input's name, for the message.
        limit: the cap; ``settings.MAX_INPUT_BYTES`` when not given.

    Raises:
        InputTooLarge: when the input is over the cap.
    """
    limit = settings.MAX_INPUT_BYTES if limit is None else limit
    if size > limit:
        raise InputTooLarge(
            source,
            f"is {size / _MB:.1f} MB, over the {limit / _MB:.0f} MB limit for one input; "
            "split it into one file per article",
        )


def check_length(chars: int, source: str) -> None:
    """Raise :class:`InputTooLarge` for an article text the analysis cannot take.

    Args:
        chars: the cleaned text's length in characters.
        source: the input's name, for the message.

    Raises:
        InputTooLarge: ``chars`` is over ``settings.MAX_ARTICLE_CHARS``.
    """
    limit = settings.MAX_ARTICLE_CHARS
    if chars > limit:
        raise InputTooLarge(
            source,
            f"holds {chars:,} characters of text, over the {limit:,}-character limit for one article "
            "(the most the analysis takes); split it into one file per article",
        )


def decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode an input's bytes: BOM, then UTF-8, then the declared charset, then the one
    charset-normalizer detects.

    Args:
        data: the input's bytes (not binary: call :func:`sniff_binary` first).
        source: the input's name, for the message.
        declared: the charset the input names (HTTP header, ``<meta charset>``), if any.

    Returns:
        ``(text, encoding)``.

    Raises:
        EncodingError: when no common encoding decodes the bytes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: detect instead
    # Mostly UTF-8 with a few broken bytes: keep UTF-8 (a detector would pick some
    # 8-bit code page and garble every non-ASCII character that was right).
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    valid = sum(1 for char in lenient if char > "\x7f" and char != "\ufffd")
    if valid > bad and bad / max(1, len(data)) <= _BAD_UTF8_SHARE:
        return lenient, "utf-8 (with replaced bytes)"

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(
            source, "cannot be decoded as text in any common encoding; save it as UTF-8 and try again"
        )
    return str(best), best.encoding


def build_article(
    original: str,
    *,
    source: str,
    strip_boilerplate: bool = True,
    outlet: str | None = None,
    title: str | None = None,
    published: dt.datetime | dt.date | None = None,
    authors: list[str] | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Article:
    """Clean up ``original`` and wrap it in an Article with its offset map and content hash.

    Args:
        original: the text as read (decoded, or extracted from HTML).
        source: path, URL or ``-``; names the input in messages.
        strip_boilerplate: remove boilerplate lines at the head and tail (plain text only).
        outlet: the publisher; the file's stem when not given.
        title: the article's title.
        published: publication date or timezone-aware datetime.
        authors: author names.
        url: the article's URL.
        language: ISO 639-1 code when known.

    Returns:
        The Article, with ``id`` empty (the caller or the store assigns ids).

    Raises:
        EmptyInput: when no text is left after clean-up.
        InputTooLarge: the text is over ``settings.MAX_ARTICLE_CHARS`` characters.
    """
    # A lone surrogate (from a JSON "\ud800" or a pasted string) is no character: the
    # content hash, SQLite and every response would fail to encode it.
    original = clean_text(original)
    text, offset_map = normalize(original)
    if strip_boilerplate:
        start, end, removed = find_boilerplate(text)
    else:
        start, end, removed = 0, len(text), []
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if start == end:
        raise EmptyInput(source, "holds no article text; give a file with the article's text")
    check_length(end - start, source)
    offset_map = slice_map(offset_map, start, end)
    text = text[start:end]
    return Article(
        text=text,
        source=source,
        outlet=outlet or default_outlet(source, url),
        title=title or "",
        published=published,
        authors=list(authors or []),
        url=url,
        language=language,
        removed=removed,
        original=original,
        offset_map=offset_map,
        content_hash=content_hash(text),
    )


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text, the key that makes the same content the same article.

    Args:
        text: the article's cleaned text.

    Returns:
        The hex digest.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_outlet(source: str, url: str | None = None) -> str:
    """The outlet when the input names none: the URL's registered domain, else the file's stem.

    Args:
        source: path, URL or ``-``.
        url: the article's URL, when known.

    Returns:
        A name for the outlet ("stdin" for ``-``).
    """
    for candidate in (url, source):
        if candidate and candidate.startswith(("http://", "https://")):
            domain = registered_domain(candidate)
            if domain:
                return domain
    if source in ("", "-"):
        return "stdin"
    name = Path(source.split("#", 1)[0]).name
    return name.split(".", 1)[0] or name


def read_text(data: bytes | str, *, source: str) -> Article:
    """Read one plain-text article: decode, clean up Unicode, strip boilerplate lines.

    Args:
        data: the file's bytes (any common encoding) or already-decoded text.
        source: path or ``-``; names the input in messages and is the outlet's fallback.

    Returns:
        The Article. A lenient decode is recorded in ``article.problems``.

    Raises:
        EmptyInput: the input holds no text.
        BinaryInput: the input is a PDF, image, archive or other binary data.
        InputTooLarge: the input is over ``settings.MAX_INPUT_BYTES``.
        EncodingError: the bytes cannot be decoded.
    """
    encoding = "str"
    if isinstance(data, bytes):
        check_size(len(data), source)
        if not data.strip():
            raise EmptyInput(source, "is empty; give a file with the article's text")
        sniff_binary(data, source)
        original, encoding = decode(data, source)
    else:
        check_size(len(data.encode("utf-8", errors="replace")), source)
        original = data
    if not original.strip():
        raise EmptyInput(source, "is empty; give a file with the article's text")
    article = build_article(original, source=source)
    if "replaced" in encoding:
        article.problems.append(
            Problem("ingest", "encoding", f"{source}: some bytes were not valid UTF-8 and were replaced; check the file's encoding")
        )
    return article
