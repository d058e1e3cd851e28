"""Where the story happens: the place whose zone "local" times are in.

In order of trust:

1. the location the caller already knows (``Article.location`` from a sidecar or feed);
2. a dateline: a capitalised place name opening the text, followed by a comma or dash
   ("ANCHORAGE, Alaska —", "KYIV (Reuters) -");
3. the place named in the sentence that says "local" about a time ("... in Anchorage,
   commencing at 10:30 p.m. Moscow time (11:30 a.m. local)");
4. the city (a gazetteer place with a zone, smaller than a country) named most often,
   ties broken by the earlier first mention; then the most often named admin region.

The answer is a place name as written in the article (or the caller's), which the timex
stage resolves to a zone.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from storydiff.analyze import places
from storydiff.analyze.docdata import sd, text_of


_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'\-]{2,40}?)(?:,| \(|\s+[—–-])")


def _city_or_region(name: str) -> str | None:
    place = places.lookup(name)
    if place is None or not place.timezone:
        return None
    return place.kind if place.kind in ("city", "admin1") else None


def guess(doc: Doc, mentions: list[dict]) -> str | None:
    """The place the story happens, or None when the text does not say.

    Args:
        doc: the analysed doc.
        mentions: the mention dicts of the entities stage.

    Returns:
        A place name, or None.
    """
    match = _DATELINE.match(text_of(doc))
    if match:
        name = match.group(1).strip().title()
        if _city_or_region(name):
            return name
    places_in = [m for m in mentions if m["label"] in ("GPE", "LOC")]
    for sent in doc.sents:
        if re.search(r"\blocal\b", sent.text, re.IGNORECASE) and re.search(r"\d", sent.text):
            here = [m for m in places_in if sent.start_char <= m["start"] < sent.end_char
                    and _city_or_region(m["text"]) == "city"]
            if here:
                return here[-1]["text"]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for m in places_in:
        kind = _city_or_region(m["text"])
        if kind:
            counts[m["text"]] += 1
            first.setdefault(m["text"], m["start"])
            kinds[m["text"]] = kind
    for wanted in ("city", "admin1"):
        ranked = sorted((n for n in counts if kinds[n] == wanted), key=lambda n: (-counts[n], first[n]))
        if ranked:
            return ranked[0]
    return None


def find_location(doc: Doc) -> Doc:
    """Set ``doc._.sd["location"]`` (keeps a location the caller gave).

    Args:
        doc: a doc after the entities stage.

    Returns:
        The same doc.
    """
    data = sd(doc)
    data["location"] = data.get("location_hint") or guess(doc, data.get("mentions", []))
    return doc
