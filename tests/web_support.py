"""Helpers for the web tests: a real uvicorn server on loopback, and reports built by hand.

The hand-built reports use the real example texts read by the real ingest stage, with
spans found in the cleaned text (never typed offsets), and go through the render stage's
``report_to_dict``: they test the pages independently of the NLP models, as spaCy's own
tests build a ``Doc`` by hand (STYLE.md section 5). The comparison tests use the real
pipeline instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

from storydiff.model import (
    Article,
    Entity,
    EntityMention,
    EntityRole,
    Evidence,
    Finding,
    Identifier,
    Note,
    Quantity,
    Quote,
    Report,
    Span,
    Story,
    Timex,
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(app, *, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread; yield its base URL; stop it after.

    Raises:
        RuntimeError: the server did not start within 20 s.
    """
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start on 127.0.0.1")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def find(article: Article, text: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``text`` in the article's cleaned text."""
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(text, start + 1)
    return article.span(start, start + len(text))


def sentence(article: Article, inner: Span) -> Span:
    """The sentence around a span: from the last sentence end before it to the next one."""
    text = article.text
    start = max(text.rfind(". ", 0, inner.start) + 2, text.rfind("\n", 0, inner.start) + 1, 0)
    ends = [i for i in (text.find(". ", inner.end), text.find("\n", inner.end)) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return article.span(start, end)


def evidence(article: Article, inner: Span, value: str | None = None) -> Evidence:
    s = sentence(article, inner)
    return Evidence(article=article.id, start=s.start, end=s.end, text=s.text, value=value)


def example_articles(example_dir: Path) -> list[Article]:
    """The two example articles, read by the real ingest stage, ids a1 and a2."""
    from storydiff.ingest.text import read_text

    a1 = read_text((example_dir / "russian-delegation-arrives.txt").read_bytes(),
                   source="russian-delegation-arrives.txt")
    a2 = read_text((example_dir / "putin-visits-magadan.txt").read_bytes(), source="putin-visits-magadan.txt")
    a1.id, a2.id = "a1", "a2"
    a1.outlet, a2.outlet = "Delegation report", "Magadan report"
    # As their sidecars say (examples/alaska-summit-2025/*.meta.json).
    a1.published = a2.published = dt.date(2025, 8, 15)
    return [a1, a2]


def example_report(example_dir: Path, extra: Article | None = None) -> Report:
    """A report of the example event built by hand: the time conflict (19:00 vs 19:30 UTC),
    a corroborated aircraft type, a single-source registration, entities with roles,
    a quote, a number and a spelling note. ``extra`` adds a third article as is."""
    a1, a2 = example_articles(example_dir)
    t1 = find(a1, "2200 Moscow time")
    t2 = find(a2, "10:30 p.m. Moscow time")
    a1.timexes = [
        Timex(t1.start, t1.end, t1.text, type="TIME", value="2025-08-15T19:00:00Z",
              local="2025-08-15T22:00:00+03:00", zone="Europe/Moscow", granularity="minute"),
    ]
    anchorage = find(a1, "1100 Anchorage time")
    a1.timexes.append(Timex(anchorage.start, anchorage.end, anchorage.text, type="TIME", value="2025-08-15T19:00:00Z",
                            local="2025-08-15T11:00:00-08:00", zone="America/Anchorage", granularity="minute"))
    a2.timexes = [
        Timex(t2.start, t2.end, t2.text, type="TIME", value="2025-08-15T19:30:00Z",
              local="2025-08-15T22:30:00+03:00", zone="Europe/Moscow", granularity="minute"),
    ]
    il1, il2 = find(a1, "Il-96"), find(a2, "Il-96")
    reg = find(a2, "RA-96023")
    a1.identifiers = [Identifier(il1.start, il1.end, il1.text, kind="aircraft_type", normalized="Il-96")]
    a2.identifiers = [Identifier(il2.start, il2.end, il2.text, kind="aircraft_type", normalized="Il-96"),
                      Identifier(reg.start, reg.end, reg.text, kind="aircraft_registration", normalized="RA-96023")]
    kg = find(a2, "nearly 400 kilograms")
    a2.quantities = [Quantity(kg.start, kg.end, kg.text, value=400, unit="kg", approximate=True, qualifier="nearly")]
    # The cleaned text has straight apostrophes (ingest normalises them), so cut by ends.
    said_start, said_end = find(a2, "I believe he").start, find(a2, "I think he will do it.").end
    said = a2.span(said_start, said_end)
    trump2 = find(a2, "Trump", 3)
    a2.quotes = [Quote(said.start, said.end, said.text, speaker=trump2, cue=find(a2, "stated"),
                       speaker_entity="e3")]
    spell = find(a1, "Kamkatcha")

    def mention(article: Article, text: str, nth: int = 0) -> EntityMention:
        s = find(article, text, nth)
        return EntityMention(article=article.id, start=s.start, end=s.end, text=s.text)

    entities = [
        Entity("e1", "Sergei Lavrov", "PERSON", aliases=["Lavrov"],
               roles=[EntityRole("Foreign Minister", "a1"), EntityRole("Foreign Minister", "a2")],
               mentions=[mention(a1, "Sergei Lavrov"), mention(a2, "Sergei Lavrov")]),
        Entity("e2", "Andrey Belousov", "PERSON", aliases=["Andrei Belousov"],
               roles=[EntityRole("Defense Minister", "a1"), EntityRole("Defense Minister", "a2")],
               mentions=[mention(a1, "Andrey Belousov"), mention(a2, "Andrei Belousov")]),
        Entity("e3", "Donald Trump", "PERSON", aliases=["Trump"],
               roles=[EntityRole("U.S. President", "a2")],
               mentions=[mention(a1, "Donald Trump"), mention(a2, "Donald Trump"), mention(a2, "Trump", 3)]),
        Entity("e4", "Kirill Dmitriev", "PERSON",
               roles=[EntityRole("special economic envoy", "a2")],
               mentions=[mention(a1, "Kirill Dmitriev"), mention(a2, "Kirill Dmitriev")]),
        Entity("e5", "Magadan", "GPE", mentions=[mention(a2, "Magadan")]),
    ]
    findings = [
        Finding("f1", "conflict", "time",
                "Start of the talks: 19:00 UTC (a1: 2200 Moscow time) vs 19:30 UTC (a2: 10:30 p.m. Moscow time)",
                evidence=[evidence(a1, t1, "2025-08-15T19:00:00Z"), evidence(a2, t2, "2025-08-15T19:30:00Z")],
                voices=["a1", "a2"]),
        Finding("f2", "corroborated", "identifier", "A Russian Il-96 was at Anchorage",
                evidence=[evidence(a1, il1, "Il-96"), evidence(a2, il2, "Il-96")], voices=["a1", "a2"]),
        Finding("f3", "single_source", "identifier", "The Il-96's registration is RA-96023",
                evidence=[evidence(a2, reg, "RA-96023")], voices=["a2"]),
        Finding("f4", "corroborated", "role", "Andrey Belousov is Defense Minister",
                evidence=[evidence(a1, find(a1, "Andrey Belousov")), evidence(a2, find(a2, "Andrei Belousov"))],
                voices=["a1", "a2"], subject="e2"),
    ]
    articles = [a1, a2] + ([extra] if extra is not None else [])
    return Report(
        articles=articles,
        entities=entities,
        findings=findings,
        notes=[("a1", Note(spell.start, spell.end, spell.text, kind="spelling", suggestion="Kamchatka"))],
        story=Story(id="s1", article_ids=[a.id for a in articles], title="Trump–Putin summit in Alaska"),
    )


#: An article whose text carries markup that must show as text on every page.
HOSTILE_TEXT = (
    'Officials said the meeting <script>window.__storydiff_pwned = 1;</script> ended early. '
    '<img src=x onerror="window.__storydiff_pwned = 2"> The "summit" & the <b>talks</b> went on in Anchorage.'
)


def hostile_article(article_id: str = "a3") -> Article:
    """An article (real ingest) whose text holds a script tag, an onerror image and markup,
    with an entity-style highlight inside the script (so escaping inside marks is tested)."""
    from storydiff.ingest.text import read_text

    article = read_text(HOSTILE_TEXT, source="hostile.txt")
    article.id = article_id
    article.outlet = "<i>Hostile</i> Outlet"
    article.title = "<script>window.__storydiff_pwned = 3</script>Title"
    pwned = find(article, "window.__storydiff_pwned = 1")
    article.identifiers = [Identifier(pwned.start, pwned.end, pwned.text, kind="code", normalized=pwned.text)]
    return article


#: Chromium as issue 8 runs it: no sandbox (CI runs as root in a container), no GPU, no
#: background requests (the tests touch loopback only).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "web"


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless Chromium through Playwright; skips the test when it is absent."""
    import shutil

    import pytest

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.skip(f"{path} is absent: run `make browser` (installs Debian's chromium) to run the browser tests")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
