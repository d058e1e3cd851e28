"""What clustering compares for one article: its bags of terms, event slots and day.

:func:`features` turns one analysed article into bags of its words, of the names its
entity mentions give (two earthquakes share "earthquake" but not "Sumatra"), of places,
of numbers and dates, of its claims' predicates, plus the embedding of its title and lead
(:func:`lead_text`), its event slots (:func:`event_slots`) and its publication day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from storydiff.analyze.timex import lexicon as lx
from storydiff.model import Article
from storydiff.stories.thresholds import LEAD_SENTENCES

#: A year written in a text (a "d:" term): 1950-2049, what news writes as years.
YEAR_TERM = re.compile(r"^d:(?:19[5-9]\d|20[0-4]\d)$")
_MONTH_NAME = re.compile(r"\b" + lx.MONTH)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|\d+(?:[.,]\d+)*")
_ENTITY_LABELS = {"PERSON", "ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
# Places and nationalities name where and who at the level of a topic ("India", "Indian")
# more than which event: they get their own bag.
_PLACE_LABELS = {"GPE", "LOC", "NORP"}
#: One letter per bag: terms are kept in one dict as "w:quake", "n:sumatra", "d:2008".
_PREFIX = {"words": "w", "names": "n", "places": "p", "numbers": "d", "predicates": "v", "months": "m"}
_STOP: frozenset[str] | None = None
#: Predicates that report or frame an event without naming it ("say", "be", "make"): a
#: hand-made list of reporting and light verbs; left in, "say" would be the event of
#: nearly every story (the commonest predicate of ECB+ claims).
_LIGHT_PREDICATES = frozenset({
    "say", "be", "have", "do", "make", "get", "tell", "report", "include", "take", "come", "go", "know",
    "think", "want", "see", "add", "accord", "give", "believe", "write", "become", "continue", "leave",
    "use", "need", "find", "put", "call", "note", "state", "confirm", "announce", "expect", "seem", "look",
})
#: Argument slots that name who did or underwent the event (see ``thresholds.SLOT_WEIGHT``).
_EVENT_SLOTS = {"subject", "object"}


def _stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        # Imported here, not at the top: importing spaCy takes seconds (storydiff/lean_imports.py),
        # and a process that only reads saved stories never needs the stop words.
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP = frozenset(STOP_WORDS) | {"said", "says", "say", "according", "told", "reported"}
    return _STOP


def _stem(word: str) -> str:
    # A crude plural/inflection fold ("quakes" ~ "quake", "arrested" ~ "arrest"): enough to
    # pool counts; no lemmatiser needed, so clustering works on articles analysed elsewhere.
    if word.isdigit() or len(word) <= 4:
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """Content words of ``text``: lower-cased, stop words dropped, lightly stemmed.

    Args:
        text: any text.

    Returns:
        The words in order of appearance.
    """
    stop = _stop_words()
    out = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("'s", "").strip("'-")
        if word and word not in stop:
            out.append(_stem(word))
    return out


def lead_text(article: Article, sentences: int = LEAD_SENTENCES) -> str:
    """The title and first sentences of an article: what is embedded for clustering.

    Args:
        article: an article, analysed (``sentences`` set) or not.
        sentences: how many lead sentences to take.

    Returns:
        Title and lead joined by newlines.
    """
    if article.sentences:
        lead = [s.text for s in article.sentences[:sentences]]
    else:
        lead = re.split(r"(?<=[.!?])\s+", article.text.strip())[:sentences]
    return "\n".join(part for part in [article.title, *lead] if part.strip())


def published_day(article: Article) -> float | None:
    """The article's publication time as days since the epoch (UTC), or None."""
    value = article.published
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.timestamp() / 86400.0
    return (dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.timezone.utc)).timestamp() / 86400.0


#: The bags of terms compared, each a TF-IDF cosine in the score.
BAGS = ("words", "names", "numbers")
_NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}


@dataclass(slots=True)
class Features:
    """What clustering compares for one article."""

    terms: Counter  # "w:word", "n:name word", "p:place word", "d:digits": prefixed counts
    vector: np.ndarray  # unit-length title+lead embedding
    day: float | None  # publication time in days since the epoch
    # event predicate -> person name words of its subjects/objects -> weight (SLOT_WEIGHT)
    slots: dict[str, dict[str, float]] = field(default_factory=dict)


def features(article: Article, vector: np.ndarray) -> Features:
    """Features of one analysed article.

    Args:
        article: the article; its ``mentions`` (when analysed) give the entity names, its
            ``timexes`` and ``quantities`` the numbers (digits in the text when unanalysed).
        vector: the embedding of :func:`lead_text` of the article.

    Returns:
        The article's :class:`Features`.
    """
    text = f"{article.title}\n{article.text}"
    bags: dict[str, Counter] = {"words": Counter(words(text)), "names": Counter(), "places": Counter(),
                                "numbers": Counter(), "months": Counter()}
    numeric_spans = [m.text for m in article.mentions if m.label in _NUMERIC_LABELS]
    numeric_spans += [t.text for t in article.timexes] + [q.text for q in article.quantities]
    for mention in article.mentions:
        if mention.label in _ENTITY_LABELS:
            bags["names"].update(words(mention.text))
        elif mention.label in _PLACE_LABELS:
            bags["places"].update(words(mention.text))
    if not article.analyzed:
        numeric_spans = [text]
    for span in numeric_spans:
        bags["numbers"].update(w for w in words(span) if w[0].isdigit())
    for timex in article.timexes:
        # A resolved date ("2011-11-12" from "Saturday") names the event's time even
        # where the text gives no digits: its year and month count as numbers. Only when
        # the resolution is grounded: the article has a publication time, or the
        # expression writes its year. Without either, the analysis resolves relative
        # expressions against today, which would tie every undated article to the date
        # the stream is run on (and make results change from day to day).
        if not (timex.value and re.match(r"\d{4}-\d{2}", timex.value)):
            continue
        if article.published is None and _MONTH_NAME.search(timex.text):
            # An undated article's written month holds whatever year the resolution
            # guessed. A dated one has it below, with its year ("d:2013-09"): counted
            # twice, it lowered the dated bench stream's F1 (0.895 -> 0.881).
            bags["months"][timex.value[5:7]] += 1
        if article.published is not None or timex.value[:4] in timex.text:
            bags["numbers"].update([timex.value[:4], timex.value[:7]])
    bags["predicates"] = Counter(c.predicate.lower() for c in article.claims if c.predicate)
    terms: Counter = Counter()
    for bag, counts in bags.items():
        for term, count in counts.items():
            terms[f"{_PREFIX[bag]}:{term}"] = count
    return Features(terms=terms, vector=vector, day=published_day(article), slots=event_slots(article))


def event_slots(article: Article) -> dict[str, dict[str, float]]:
    """Who each of an article's events is about: the person names of its claims' slots.

    Args:
        article: an analysed article (no claims: no slots).

    Returns:
        predicate -> name word of a PERSON subject or object -> weight, where the i-th
        claim of the article counts 1/(1+i) (see ``thresholds.SLOT_WEIGHT``); light predicates
        ("say", "be") are left out.
    """
    out: dict[str, dict[str, float]] = {}
    for rank, claim in enumerate(article.claims):
        predicate = claim.predicate.lower()
        if not predicate.isalpha() or predicate in _LIGHT_PREDICATES:
            continue
        for argument in claim.arguments:
            if argument.slot not in _EVENT_SLOTS or argument.kind != "entity" or argument.ref is None:
                continue
            if not 0 <= argument.ref < len(article.mentions) or article.mentions[argument.ref].label != "PERSON":
                continue
            fillers = out.setdefault(predicate, {})
            for word in words(argument.text):
                fillers[word] = fillers.get(word, 0.0) + 1.0 / (1 + rank)
    return out



def first_line(article: Article) -> str:
    """The first line of an article's text (at most 120 characters): the title of a story
    its untitled article opens."""
    line = article.text.strip().split("\n", 1)[0]
    return line[:120]
