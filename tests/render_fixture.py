"""A hand-built report on the example event's real text, for the render tests.

The spans are found in the real articles with ``str.find`` (so every offset is real), and
the findings are those issue 6 expects of the compare stage. Rendering is tested on this
report independently of the models; the end-to-end test uses ``compare()`` itself.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from storydiff.model import (
    Article,
    Entity,
    EntityMention,
    EntityRole,
    Evidence,
    Finding,
    Identifier,
    Mention,
    Note,
    Quantity,
    Quote,
    Report,
    Role,
    Span,
    Story,
    Timex,
)

BOILERPLATE = ("Read the full article here", "Share.", "Leave A Reply", "Exit mobile version")


def _read(path: Path) -> tuple[str, list[str]]:
    """The text with its boilerplate tail cut off (as ingest does), and the lines removed."""
    text = path.read_text(encoding="utf-8")
    cut = text.find(BOILERPLATE[0])
    if cut < 0:
        return text.strip(), []
    removed = [line.strip() for line in text[cut:].splitlines() if line.strip()]
    return text[:cut].rstrip(), removed


def find(article: Article, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th ``needle`` in the article's text."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} not in {article.id}"
    return start, start + len(needle)


def sentence(article: Article, needle: str) -> Evidence:
    """The sentence of the article that holds ``needle`` (split at '. ' and line ends,
    not after "p.m.", "a.m." or "U.S.")."""
    start, _ = find(article, needle)
    text = article.text
    bounds = [0] + [m.end() for m in _BOUNDARY.finditer(text)] + [len(text)]
    left = max(b for b in bounds if b <= start)
    right = min(b for b in bounds if b > start)
    right = len(text[:right].rstrip())
    left = left + len(text[left:]) - len(text[left:].lstrip())
    return Evidence(article.id, left, right, text[left:right])


_BOUNDARY = re.compile(r"(?<!p\.m)(?<!a\.m)(?<!U\.S)\.(?= )|\n")


def _span(article: Article, needle: str, occurrence: int = 0) -> Span:
    start, end = find(article, needle, occurrence)
    return Span(start, end, article.text[start:end])


def _timex(article: Article, needle: str, value: str, local: str | None, zone: str | None,
           granularity: str = "minute") -> Timex:
    start, end = find(article, needle)
    return Timex(start, end, needle, type="TIME" if "T" in value else "DATE", value=value,
                 local=local, zone=zone, granularity=granularity, timeml=value.rstrip("Z"))


def example_report(example_dir: Path) -> Report:
    """The hand-built report of the two example articles (a1: 2200 Moscow; a2: 10:30 p.m.)."""
    text1, removed1 = _read(example_dir / "russian-delegation-arrives.txt")
    text2, removed2 = _read(example_dir / "putin-visits-magadan.txt")
    a1 = Article(text=text1, id="a1", source=str(example_dir / "russian-delegation-arrives.txt"),
                 outlet="russian-delegation-arrives", title="Key members of the Russian delegation arrive",
                 published=dt.date(2025, 8, 15), voice="v1", removed=removed1, location="Anchorage")
    a2 = Article(text=text2, id="a2", source=str(example_dir / "putin-visits-magadan.txt"),
                 outlet="putin-visits-magadan", title="Putin visits Magadan",
                 published=dt.date(2025, 8, 15), voice="v2", removed=[], location="Anchorage")
    del removed2

    a1.timexes = [
        _timex(a1, "Friday", "2025-08-15", None, None, "day"),
        _timex(a1, "2200 Moscow time", "2025-08-15T19:00:00Z", "2025-08-15T22:00:00+03:00", "Europe/Moscow"),
        _timex(a1, "2000 London time", "2025-08-15T19:00:00Z", "2025-08-15T20:00:00+01:00", "Europe/London"),
        _timex(a1, "1500 Eastern time", "2025-08-15T19:00:00Z", "2025-08-15T15:00:00-04:00", "America/New_York"),
        _timex(a1, "1100 Anchorage time", "2025-08-15T19:00:00Z", "2025-08-15T11:00:00-08:00", "America/Anchorage"),
    ]
    a2.timexes = [
        _timex(a2, "Friday", "2025-08-15", None, None, "day"),
        _timex(a2, "10:30 p.m. Moscow time", "2025-08-15T19:30:00Z", "2025-08-15T22:30:00+03:00", "Europe/Moscow"),
        _timex(a2, "11:30 a.m. local", "2025-08-15T19:30:00Z", "2025-08-15T11:30:00-08:00", "America/Anchorage"),
        _timex(a2, "2018", "2018", None, None, "year"),
    ]
    start, end = find(a2, "nearly 400 kilograms")
    a2.quantities = [
        Quantity(start, end, a2.text[start:end], value=400, unit="kg", low=None, high=400,
                 approximate=True, qualifier="nearly", kind="measure"),
    ]
    start, end = find(a2, "Three")
    a2.quantities.append(Quantity(start, end, "Three", value=3, unit="plane", kind="count"))
    start, end = find(a1, "Several")
    a1.quantities = [Quantity(start, end, "Several", value=None, low=2, unit="plane", approximate=True, kind="vague")]
    start, end = find(a2, "RA-96023")
    a2.identifiers = [Identifier(start, end, "RA-96023", kind="aircraft_registration", normalized="RA-96023",
                                 details={"country": "Russia"})]
    for article in (a1, a2):
        start, end = find(article, "Il-96")
        article.identifiers.append(Identifier(start, end, "Il-96", kind="aircraft_type", normalized="IL-96"))

    quote = _span(a2, "“I believe he’s now certain that he will make a deal. I think he will do it. "
                      "We’ll find out soon — I’ll know very quickly,”")
    a2.quotes = [Quote(quote.start, quote.end, quote.text, speaker=Span(find(a2, "Trump stated")[0], find(a2, "Trump stated")[0] + 5, "Trump"),
                       cue=_span(a2, "stated"), speaker_entity="e2")]

    def mention(article: Article, needle: str, label: str, occurrence: int = 0, role: str | None = None) -> Mention:
        start, end = find(article, needle, occurrence)
        roles = []
        if role:
            r_start, r_end = find(article, role)
            roles.append(Role(r_start, r_end, role, normalized=role.lower()))
        return Mention(start, end, needle, label=label, roles=roles)

    a1.mentions = [
        mention(a1, "Sergei Lavrov", "PERSON", role="Foreign Minister"),
        mention(a1, "Andrey Belousov", "PERSON", role="Defense Minister"),
        mention(a1, "Alexander Darchiyev", "PERSON", role="ambassador to Washington"),
        mention(a1, "Vladimir Putin", "PERSON"),
        mention(a1, "Joint Base Elmendorf–Richardson", "FAC"),
        mention(a1, "Kamkatcha Peninsula", "LOC"),
    ]
    a2.mentions = [
        mention(a2, "Sergei Lavrov", "PERSON", role="Foreign Minister"),
        mention(a2, "Andrei Belousov", "PERSON", role="Defense Minister"),
        mention(a2, "Vladimir Putin", "PERSON"),
        mention(a2, "Donald Trump", "PERSON", role="U.S. President"),
        mention(a2, "Joint Base Elmendorf-Richardson", "FAC"),
    ]

    def entity(eid: str, name: str, etype: str, *found: tuple[Article, str, str | None]) -> Entity:
        ent = Entity(eid, name, etype)
        for article, needle, role in found:
            start, end = find(article, needle)
            ent.mentions.append(EntityMention(article.id, start, end, needle))
            if needle != name and needle not in ent.aliases:
                ent.aliases.append(needle)
            if role:
                ent.roles.append(EntityRole(role, article.id))
        return ent

    entities = [
        entity("e1", "Vladimir Putin", "PERSON", (a1, "Vladimir Putin", "Russian Federation President"),
               (a2, "Vladimir Putin", "President")),
        entity("e2", "Donald Trump", "PERSON", (a1, "Donald Trump", "U.S. President"),
               (a2, "Donald Trump", "U.S. President")),
        entity("e3", "Sergei Lavrov", "PERSON", (a1, "Sergei Lavrov", "Foreign Minister"),
               (a2, "Sergei Lavrov", "Foreign Minister")),
        entity("e4", "Andrey Belousov", "PERSON", (a1, "Andrey Belousov", "Defense Minister"),
               (a2, "Andrei Belousov", "Defense Minister")),
        entity("e5", "Alexander Darchiyev", "PERSON", (a1, "Alexander Darchiyev", "ambassador to Washington")),
        entity("e6", "Joint Base Elmendorf–Richardson", "FAC", (a1, "Joint Base Elmendorf–Richardson", None),
               (a2, "Joint Base Elmendorf-Richardson", None)),
    ]

    findings = [
        Finding("f1", "single_source", "identifier",
                "Tail number of the Il-96: RA-96023 (only a2)",
                [sentence(a2, "RA-96023")], voices=["v2"]),
        Finding("f2", "corroborated", "place",
                "Venue of the talks: Joint Base Elmendorf–Richardson, Anchorage",
                [sentence(a1, "Joint Base Elmendorf–Richardson"), sentence(a2, "Joint Base Elmendorf-Richardson")],
                voices=["v1", "v2"], subject="e6"),
        Finding("f3", "conflict", "time",
                "Start of the talks: 19:00 UTC (a1: 2200 Moscow time) vs 19:30 UTC (a2: 10:30 p.m. Moscow time)",
                [sentence(a1, "2200 Moscow time"), sentence(a2, "10:30 p.m. Moscow time")],
                voices=["v1", "v2"]),
        Finding("f4", "complementary", "number",
                "Russian planes in Alaska: several Il-96 (a1) and three, including an Il-96 (a2)",
                [sentence(a1, "Several Russian Federation"), sentence(a2, "Three Russian government planes")],
                voices=["v1", "v2"]),
        Finding("f5", "single_source", "person",
                "Alexander Darchiyev, ambassador to Washington, in the delegation (only a1)",
                [sentence(a1, "Alexander Darchiyev")], voices=["v1"], subject="e5"),
    ]
    findings[2].evidence[0].value = "2025-08-15T19:00:00Z"
    findings[2].evidence[1].value = "2025-08-15T19:30:00Z"
    findings[0].evidence[0].value = "RA-96023"

    start, end = find(a1, "Kamkatcha")
    notes = [
        ("a1", Note(start, end, "Kamkatcha", kind="spelling", suggestion="Kamchatka",
                    message="misspelt place: Kamkatcha, did you mean Kamchatka?")),
        ("a1", Note(*find(a1, "2200 Moscow time"), "2200 Moscow time", kind="time_consistency",
                    message="consistent: 2200 Moscow = 2000 London = 1500 Eastern = 1100 Anchorage on 15 August 2025")),
        ("a1", Note(0, 0, "", kind="boilerplate", message=f"removed {len(removed1)} boilerplate lines")),
    ]
    return Report(articles=[a1, a2], entities=entities, findings=findings, notes=notes,
                  story=Story("s1", ["a1", "a2"], "Trump–Putin summit in Alaska"))
