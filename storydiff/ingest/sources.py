"""Dispatch: what each input is (directory, file, URL, ``-``) and which reader reads it.

A file's format comes from its extension, else from sniffing its first bytes. Beside
``NAME.txt`` or ``NAME.html`` a sidecar ``NAME.meta.json`` may give the metadata the text
lacks (docs/inputs.md); directories never read sidecars as articles.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from storydiff import settings
from storydiff.errors import InputError, MissingInput, UnsupportedFormat
from storydiff.ingest.dates import coerce_published
from storydiff.ingest.feeds import read_feed
from storydiff.ingest.html import extract_html
from storydiff.ingest.jsondata import parse_json
from storydiff.ingest.jsonl import read_jsonl
from storydiff.ingest.results import Batch, Failure
from storydiff.ingest.text import check_size, read_text

SIDECAR_SUFFIX = ".meta.json"
_FORMATS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
#: Files a directory walk passes over: they describe the folder, they are not articles.
#: Matched on the whole name before its first dot (README, README.md, LICENSE.txt), not as a
#: prefix: a prefix also took articles such as "license-plates-scanned.txt" without a word.
_NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "SOURCES", "CHANGELOG")
#: Sidecar keys copied onto the article; anything else in a sidecar is an error.
SIDECAR_FIELDS = ("published", "outlet", "title", "url", "authors", "location", "language")


def is_url(value: str) -> bool:
    """Whether an input names a URL rather than a path."""
    return value.startswith(("http://", "https://"))


def sniff_format(data: bytes, *, name: str = "", content_type: str = "") -> str:
    """Guess an input's format: ``text``, ``html``, ``feed`` or ``jsonl``.

    Args:
        data: the input's bytes.
        name: its file name or URL (the extension is trusted first).
        content_type: the HTTP media type, when fetched.

    Returns:
        The format's name.
    """
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    if content_type in ("application/rss+xml", "application/atom+xml"):
        return "feed"
    if content_type in ("application/x-ndjson", "application/jsonl"):
        return "jsonl"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    head_text = head.decode("utf-8", errors="ignore")
    if head_text.startswith("<?xml") or "<rss" in head_text or "<feed" in head_text or "<rdf:rdf" in head_text:
        if "<html" not in head_text:
            return "feed"
    if content_type in ("text/html", "application/xhtml+xml") or any(
        tag in head_text for tag in ("<!doctype html", "<html", "<head", "<body")
    ):
        return "html"
    if head_text.startswith("{"):
        first = data.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    return "text"


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of an article file is: ``NAME.meta.json`` beside ``NAME.txt``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict:
    """Metadata for ``path`` from ``NAME.meta.json`` beside it, or ``{}`` when there is none.

    Args:
        path: the article's file.

    Returns:
        The sidecar's fields (null values dropped).

    Raises:
        UnsupportedFormat: the sidecar is not a JSON object of known fields.
    """
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return {}
    try:
        meta = parse_json(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise UnsupportedFormat(str(sidecar), f"is not valid JSON ({error}); fix the sidecar or remove it") from None
    if not isinstance(meta, dict):
        raise UnsupportedFormat(str(sidecar), 'must be a JSON object such as {"published": "2025-08-15"}')
    unknown = sorted(set(meta) - set(SIDECAR_FIELDS))
    if unknown:
        raise UnsupportedFormat(
            str(sidecar), f"has unknown field(s) {field_names(unknown)}; use only {', '.join(SIDECAR_FIELDS)}"
        )
    return {key: value for key, value in meta.items() if value not in (None, "", [])}


def field_names(names: list[str]) -> str:
    """Field names for a one-line message: a name with a line break or a control
    character is shown quoted and escaped, the line stays one line."""
    return ", ".join(name if name.isprintable() else repr(name)[:60] for name in names)


def apply_metadata(article, meta: dict, source: str) -> None:
    """Copy sidecar or user metadata onto an article.

    Args:
        article: the Article to update.
        meta: fields from :data:`SIDECAR_FIELDS`.
        source: the sidecar's name, for messages.

    Raises:
        UnsupportedFormat: ``published`` is not a date.
    """
    if "published" in meta:
        published = coerce_published(meta["published"])
        if published is None:
            raise UnsupportedFormat(source, f"published {meta['published']!r} is not a date; use ISO 8601 such as 2025-08-15")
        article.published = published
    if "authors" in meta:
        authors = meta["authors"]
        if isinstance(authors, str):
            article.authors = [authors]
        elif isinstance(authors, list) and all(isinstance(a, (str, int, float)) for a in authors):
            article.authors = [str(a) for a in authors]
        else:
            raise UnsupportedFormat(source, 'authors must be a name or a list of names, such as ["Petra Holm"]')
    for key in ("outlet", "title", "url", "location", "language"):
        if key in meta:
            if isinstance(meta[key], (dict, list, bool)):
                raise UnsupportedFormat(source, f"{key} must be a string, such as \"{key}\": \"...\"")
            setattr(article, key, str(meta[key]))


def read_bytes(data: bytes, *, source: str, url: str | None = None, content_type: str = "",
               encoding: str | None = None) -> Batch:
    """Read one input's bytes with the reader its format needs.

    Args:
        data: the input's bytes.
        source: path, URL or ``-``.
        url: the page's URL when fetched.
        content_type: the HTTP media type when fetched.
        encoding: the charset the server named, when fetched.

    Returns:
        A Batch (a feed or JSON Lines file gives several articles).

    Raises:
        InputError: the input cannot be read (a single-article input).
    """
    kind = sniff_format(data, name=url or source, content_type=content_type)
    if kind == "feed":
        return read_feed(data, source=source)
    if kind == "jsonl":
        return read_jsonl(data, source=source)
    if kind == "html":
        return Batch(articles=[extract_html(data, source=source, url=url, encoding=encoding)])
    return Batch(articles=[read_text(data, source=source)])


def skip_reason(path: Path, *, regular: bool = True, partners: set | None = None) -> str | None:
    """Why a directory walk does not read a file, as a one-line message, or None if it reads it.

    Args:
        path: the file, inside a directory given as input.
        regular: whether it is a regular file (not a broken link, a pipe or a device).
        partners: ``(folder, stem)`` of the walk's files, which a ``STEM.meta.json`` belongs to.

    Returns:
        A message naming the file, why it is not read and what to do; None for a file in
        a format storydiff reads, and for a sidecar whose article is beside it.
    """
    if not regular:
        return (f"{path}: skipped, it is not a regular file (a broken link, a pipe or a device); "
                "if it is an article, put the file itself in the folder")
    if path.name.endswith(SIDECAR_SUFFIX):
        stem = path.name[: -len(SIDECAR_SUFFIX)]
        if partners is not None and (path.parent, stem) in partners:
            return None
        # Its metadata (a publication date, an outlet) would otherwise be lost without a word.
        return (f"{path}: skipped, a metadata sidecar with no article beside it; rename it to the "
                f"article's file name with {SIDECAR_SUFFIX} in place of the extension, or remove it")
    if path.suffix.lower() in _FORMATS:
        return None
    kind = f"{path.suffix} files" if path.suffix else "files without an extension"
    return (f"{path}: skipped, storydiff does not read {kind} in a directory; if it is an article, "
            "give it a .txt, .html, .xml (feed) or .jsonl extension, or name the file itself as an input")


def expand(sources: list[str | Path], skipped: list[Failure] | None = None) -> Iterator[str]:
    """The inputs to read: directories walked (sorted, hidden files and sidecars skipped).

    A directory's files that are not read (an extension storydiff does not read, such as
    ``.pdf`` or ``.docx``; a broken link or a pipe; a ``NAME.meta.json`` sidecar with no
    article named NAME beside it) are added to ``skipped`` with :func:`skip_reason`.
    Hidden files and folders, sidecars beside their article and the folder's own notes
    (README, LICENSE.txt...) are not articles and are passed over without a word.

    Args:
        sources: paths, URLs or ``-``.
        skipped: where to record the files not read (code ``skipped``); None: not recorded.

    Yields:
        One path, URL or ``-`` per input; a missing path is yielded as is (it fails later).
    """
    for source in sources:
        value = str(source)
        path = Path(value)
        if value == "-" or is_url(value) or not path.is_dir():
            yield value
            continue
        children = [child for child in sorted(path.rglob("*"))
                    if not any(part.startswith(".") for part in child.relative_to(path).parts)
                    and not child.is_dir()]
        partners = {(child.parent, child.stem) for child in children if not child.name.endswith(SIDECAR_SUFFIX)}
        for child in children:
            if child.name.split(".", 1)[0].upper() in _NOT_ARTICLES:
                continue
            reason = skip_reason(child, regular=child.is_file(), partners=partners)
            if reason is None:
                if not child.name.endswith(SIDECAR_SUFFIX):
                    yield str(child)
            elif skipped is not None:
                skipped.append(Failure(str(child), "skipped", reason))


def read_one(source: str, *, allow_private: bool = False) -> Batch:
    """Read one input (not a directory): a file with its sidecar, a URL, or ``-`` (stdin).

    Args:
        source: the path, URL or ``-``.
        allow_private: let URLs reach private addresses.

    Returns:
        A Batch; failures inside a feed or JSON Lines file are in it, a failed
        single-article input raises instead.

    Raises:
        InputError: the input cannot be read.
    """
    if source == "-":
        data = sys.stdin.buffer.read(settings.MAX_BATCH_FILE_BYTES + 1)
        return read_bytes(data, source="-")
    if is_url(source):
        # Only for a URL: fetch imports httpx, ~0.2 s.
        from storydiff.ingest.fetch import fetch

        page = fetch(source, allow_private=allow_private)
        return read_bytes(page.content, source=source, url=page.final_url, content_type=page.content_type,
                          encoding=page.encoding)
    path = Path(source)
    if not path.exists():
        raise MissingInput(source, "no such file or directory; check the path")
    if path.name.endswith(SIDECAR_SUFFIX):
        raise UnsupportedFormat(source, "is a metadata sidecar, not an article; give the article file beside it")
    kind = _FORMATS.get(path.suffix.lower())
    check_size(path.stat().st_size, source,
               settings.MAX_BATCH_FILE_BYTES if kind in ("feed", "jsonl") else settings.MAX_INPUT_BYTES)
    meta = read_sidecar(path)
    batch = read_bytes(path.read_bytes(), source=source)
    for article in batch.articles:
        apply_metadata(article, meta, str(sidecar_path(path)))
    return batch


def read_all(sources, *, allow_private: bool = False, progress: bool = False) -> Batch:
    """Read every input; one bad input is recorded and the rest goes on.

    Args:
        sources: paths, URLs, directories or ``-``.
        allow_private: let URLs reach private addresses.
        progress: show a progress bar on stderr (only when it is a terminal).

    Returns:
        The Batch of all articles and failures, in input order, and the files in
        directories that were not read (``skipped``; not failures).
    """
    batch = Batch()
    inputs = list(expand(list(sources), skipped=batch.skipped))
    bar = tqdm(inputs, desc="reading", unit="input", disable=not progress or not sys.stderr.isatty(),
               file=sys.stderr)
    for source in bar:
        try:
            batch.extend(read_one(source, allow_private=allow_private))
        except InputError as error:
            batch.failures.append(Failure.from_error(error))
        except OSError as error:
            batch.failures.append(Failure(source, "os", f"{source}: {error.strerror or error}; check the path and its permissions"))
    return batch
