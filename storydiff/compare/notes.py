"""Notes: what storydiff says about one article's own text, for the report.

- ``spelling``: a capitalised word that is no known place but is one or two edits from a
  known place, in a place-like position ("the Kamkatcha Peninsula" -> Kamchatka);
- ``time_consistency`` (and ``ambiguous_zone``): the timex stage's notes on sentences
  that give one moment in several zones, passed on as they are;
- ``boilerplate``: lines ingest removed from the article (``Article.removed``).
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

from storydiff.model import Article, Note

# A word is checked only when it is this long: short words are one edit from too many
# place names ("Bath", "Nice"). Re-run tests/test_compare_notes.py after changing.
MIN_LENGTH = 6
# Edits allowed: 1 for words up to 8 letters, 2 above. Measured on all 772 ECB+
# documents: with 2 edits from 8 letters, "Puntland" became Portland; three edits turn
# surnames into towns ("Dmitriev" is 3 from "Dmitrov"). Re-run the check in
# tests/test_compare_resolve.py::test_spelling_notes_guarded after changing.
MAX_DISTANCE_SHORT, MAX_DISTANCE_LONG = 1, 2
LONG_WORD = 9
# A suggestion must be a well-known place: a country, a first-level region, or a city
# of this many people. Small towns one edit from a real name unknown to the gazetteer
# ("Patton State Hospital" -> Pattan, "Hornby Island" -> Hornsby, both on ECB+) are
# not worth a note.
MIN_POPULATION = 500_000
# Words that follow a place name and mark the word before as a place ("Kamkatcha
# Peninsula"); other capitalised words are checked only when tagged a place mention.
PLACE_NOUNS = frozenset(
    "peninsula island islands sea ocean river lake mountains mountain bay gulf strait "
    "oblast region province state county city valley coast desert".split()
)


@lru_cache(maxsize=1)
def zone_places() -> dict[str, str]:
    """Place names from the IANA time zone database ("Asia/Kamchatka" -> Kamchatka).

    The zone names cover regions the city gazetteer lacks (peninsulas, islands,
    territories: Kamchatka, Aleutian, Azores). Keyed by their sorted lower-case letters,
    so a word with the same letters in another order finds them.
    """
    names: dict[str, str] = {}
    for zone in zoneinfo.available_timezones():
        if "/" not in zone:
            continue
        name = zone.rsplit("/", 1)[-1].replace("_", " ")
        if len(name) >= MIN_LENGTH and name.isalpha():
            names.setdefault("".join(sorted(name.lower())), name)
    return names


def _scrambled(word: str) -> str | None:
    """A known place with the same letters as ``word`` in another order, same first two.

    "Kamkatcha" / "Kamchatka" is a typing scramble that edit distance puts four edits
    away; requiring the same letters, the same first two letters and a place noun after
    it (``PLACE_NOUNS``) or a place mention keeps ordinary words out.
    """
    name = zone_places().get("".join(sorted(word.lower())))
    if name and name != word and name[:2].lower() == word[:2].lower():
        return name
    return None


_CAPITALISED = re.compile(r"\b([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b(?:\s+([A-Za-z]+))?")


def spelling_notes(article: Article) -> list[Note]:
    """Place names that look misspelt, with the gazetteer's closest spelling.

    Args:
        article: an article (analysed or not; place mentions widen the search).

    Returns:
        Notes of kind ``spelling`` with ``suggestion`` set; empty when the gazetteer
        (``storydiff.analyze.places``) is not available.
    """
    try:
        from storydiff.analyze import places
    except ImportError:
        return []
    place_spans = {(m.start, m.end) for m in article.mentions if m.label in ("GPE", "LOC", "FAC")}
    person_words = {w for m in article.mentions if m.label in ("PERSON", "ORG", "NORP") for w in m.text.split()}
    notes: list[Note] = []
    seen: set[str] = set()
    for match in _CAPITALISED.finditer(article.text):
        word, after = match.group(1), (match.group(2) or "").lower()
        span = (match.start(1), match.end(1))
        if len(word) < MIN_LENGTH or word in seen or word in person_words:
            continue
        if after not in PLACE_NOUNS and span not in place_spans:
            continue
        if places.is_place(word) or word in {n for n in zone_places().values()}:
            continue
        name = _scrambled(word)
        if name is None:
            limit = MAX_DISTANCE_SHORT if len(word) < LONG_WORD else MAX_DISTANCE_LONG
            found = places.closest_name(word, max_distance=limit)
            if found is None:
                continue
            name, distance = found
            if distance == 0 or name.lower() == word.lower() or name[:1].lower() != word[:1].lower():
                continue
            # "Indian" / Indiana, "Yemeni" / Yemen: a demonym or adjective, not a typo.
            if name.lower().startswith(word.lower()) or word.lower().startswith(name.lower()):
                continue
            place = places.lookup(name)
            if place is None or (place.kind == "city" and (place.population or 0) < MIN_POPULATION):
                continue
        seen.add(word)
        notes.append(
            Note(span[0], span[1], word, kind="spelling", suggestion=name,
                 message=f"'{word}' is no known place; did the author mean {name}?")
        )
    return notes


def boilerplate_notes(article: Article) -> list[Note]:
    """One note per removed boilerplate line (no span: the text is no longer there)."""
    return [
        Note(0, 0, "", kind="boilerplate", message=f"removed: {line.strip()}")
        for line in article.removed
        if line.strip()
    ]


def article_notes(article: Article) -> list[Note]:
    """All notes about one article: the analysis' own (timex consistency), spelling,
    boilerplate.

    Args:
        article: an analysed article.

    Returns:
        Its notes, the analysis' first.
    """
    return list(article.notes) + spelling_notes(article) + boilerplate_notes(article)
