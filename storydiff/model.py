"""The data model: the glossary of DESIGN.md as typed dataclasses. No I/O here.

Everything extracted from an article is a span: ``start`` and ``end`` are character
offsets into ``Article.text`` (the cleaned text), and ``text`` is always
``article.text[start:end]``. Per-article extractions do not repeat the article's id;
the report adds it when it serialises them (``Article.id`` is the key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

SCHEMA = "storydiff.report/1"

#: The statuses a finding can have (DESIGN.md, glossary "finding").
STATUSES = ("corroborated", "single_source", "conflict", "complementary")
#: What differs in a conflict, or what a finding is about.
KINDS = ("time", "number", "identifier", "place", "person", "role", "quote", "negation", "event", "claim")
#: How a conflict's values relate: ``update`` when a newer report changed what an older
#: one said (a rising toll, a suspect arrested), so the older one is outdated, not wrong.
RELATIONS = ("update",)

Status = Literal["corroborated", "single_source", "conflict", "complementary"]


@dataclass(slots=True)
class Problem:
    """Something that went wrong with one input or article, kept so a batch can go on."""

    stage: str  # "ingest", "analyze", ...
    code: str  # short machine-readable code, e.g. "empty", "binary", "too_large"
    message: str  # one line for a person: names the input and says what to do


@dataclass(slots=True)
class Span:
    """A stretch of one article's cleaned text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention(Span):
    """A span naming a person, organisation, place, facility, object, nationality or event.

    ``label`` uses spaCy's names: PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, PRODUCT.
    ``roles`` are the roles this article gives the mention ("Defense Minister").
    """

    label: str = ""
    roles: list[Role] = field(default_factory=list)
    # Set by analysis when the mention is a shortened form of a fuller one in the same
    # article ("Belousov" -> "Andrey Belousov"): index into Article.mentions.
    antecedent: int | None = None


@dataclass(slots=True)
class Role(Span):
    """A role or title given to a person ("Foreign Minister", "aide to President Putin")."""

    normalized: str = ""  # lower-case canonical form used for comparison ("foreign minister")


@dataclass(slots=True)
class Timex(Span):
    """A time expression with its normalised value.

    ``value`` is the UTC instant (ISO 8601, ``Z``) when the expression names a clock time
    that can be placed in a zone; ``local`` the same instant in its zone with the offset.
    For dates, durations and sets without a clock time, ``value`` holds the ISO date or
    duration. ``timeml`` is the TIMEX3 value used for evaluation.
    """

    type: str = "DATE"  # TIMEX3 type: DATE, TIME, DURATION, SET
    value: str | None = None
    local: str | None = None
    zone: str | None = None  # IANA name, e.g. "Europe/Moscow"
    granularity: str = "day"  # year, month, week, day, part_of_day, hour, minute, second
    timeml: str | None = None
    anchor: str | None = None  # ISO form of the time it was resolved against
    mod: str | None = None  # TIMEX3 mod: APPROX, MORE_THAN, LESS_THAN, START, ...


@dataclass(slots=True)
class Quantity(Span):
    """A number with its unit and precision ("nearly 400 kilograms", "several")."""

    value: float | None = None
    unit: str | None = None  # "kg", "USD", "%", "plane", ... (None for a bare count)
    low: float | None = None  # bounds of what the text allows
    high: float | None = None
    approximate: bool = False
    qualifier: str | None = None  # "nearly", "more than", "about", ...
    kind: str = "count"  # count, measure, money, percent, vague, ordinal
    # What the number counts or measures, read from the parse: lemmas of the words on the
    # way from the number to its clause's verb, and of that verb's subject and object
    # ("killing at least 10 people" -> ["people", "kill"]). Compare reads the fact's slot
    # from them (storydiff.compare.slots).
    frame: list[str] = field(default_factory=list)
    clause_start: int | None = None  # the verb's clause, where the fact's places and years are read
    clause_end: int | None = None


@dataclass(slots=True)
class Identifier(Span):
    """A code that names one thing: aircraft registration, aircraft type, flight number..."""

    kind: str = "code"  # aircraft_registration, aircraft_type, flight_number, code
    normalized: str = ""
    details: dict[str, Any] = field(default_factory=dict)  # e.g. {"country": "Russia"}


@dataclass(slots=True)
class Quote(Span):
    """Reported speech with its speaker and cue. ``speaker`` is a span of the article."""

    speaker: Span | None = None
    cue: Span | None = None  # the verb or preposition: "stated", "said", "per"
    direct: bool = True  # inside quotation marks
    venue: Span | None = None  # "Fox Radio's The Brian Kilmeade Show"
    # Set by the compare stage: the id of the entity the speaker resolves to.
    speaker_entity: str | None = None


@dataclass(slots=True)
class Attribution(Span):
    """Who a statement is credited to: "Per the Kremlin", "according to state media"."""

    source: Span | None = None  # "the Kremlin"
    cue: Span | None = None  # "Per", "according to"
    scope: Span | None = None  # the statement credited (usually the rest of the sentence)


@dataclass(slots=True)
class Argument(Span):
    """One typed argument of a claim.

    ``slot`` is its grammatical or semantic role (subject, object, time, place, quantity,
    identifier, ...); ``kind`` what it is (entity, timex, quantity, identifier, place);
    ``ref`` the index of the extraction it points at in the article's list of that kind.
    """

    slot: str = ""
    kind: str = ""
    ref: int | None = None


@dataclass(slots=True)
class Claim(Span):
    """One statement from one clause. ``start``/``end`` cover the sentence it comes from."""

    predicate: str = ""  # lemma of the main verb or noun ("arrive", "meet", "commence")
    predicate_span: Span | None = None
    arguments: list[Argument] = field(default_factory=list)
    attribution: int | None = None  # index into Article.attributions
    quote: int | None = None  # index into Article.quotes when the claim is reported speech
    modality: str = "happened"  # happened, planned, said, denied, hypothetical
    negated: bool = False


@dataclass(slots=True)
class Note(Span):
    """Something about one article's own text (a misspelling, inconsistent times, ...)."""

    kind: str = ""  # spelling, time_consistency, boilerplate, ambiguous_zone, ...
    suggestion: str | None = None
    message: str = ""


@dataclass(slots=True)
class Article:
    """One outlet's text about something, with its metadata and, once analysed, its spans.

    ``text`` is the cleaned text every span points into. ``original`` is the text as read
    (after HTML extraction, before Unicode clean-up and boilerplate removal), and
    ``offset_map`` maps cleaned offsets back to it: a sorted list of ``(clean, original)``
    breakpoints; between two breakpoints offsets advance together.
    """

    text: str
    id: str = ""
    source: str = ""  # path or URL, or "-" for stdin
    outlet: str = ""
    title: str = ""
    published: dt.datetime | dt.date | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    language: str | None = None
    voice: str | None = None
    removed: list[str] = field(default_factory=list)
    original: str | None = None
    offset_map: list[tuple[int, int]] = field(default_factory=list)
    content_hash: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Filled by analysis (storydiff.analyze):
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Where events happen, when the article says ("Anchorage"); "local" times use its zone.
    location: str | None = None
    analyzed: bool = False

    def original_offset(self, offset: int) -> int:
        """Map an offset into ``text`` back to ``original`` (identity when no map is set)."""
        if not self.offset_map:
            return offset
        best = self.offset_map[0]
        for clean, orig in self.offset_map:
            if clean > offset:
                break
            best = (clean, orig)
        return best[1] + (offset - best[0])

    def span(self, start: int, end: int) -> Span:
        """A span of this article's text."""
        return Span(start, end, self.text[start:end])

    def sentence_of(self, offset: int) -> Span | None:
        """The sentence that holds ``offset``, once analysis has set sentences."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


@dataclass(slots=True)
class EntityRole:
    role: str
    article: str


@dataclass(slots=True)
class EntityMention:
    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """The mentions across a story's articles that name the same thing."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[EntityRole] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        """Ids of the articles that mention this entity, in first-seen order."""
        return list(dict.fromkeys(m.article for m in self.mentions))


@dataclass(slots=True)
class Evidence:
    """One sentence (or span) a finding rests on. ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str
    value: str | None = None  # the normalised value this article gives, when there is one


@dataclass(slots=True)
class Finding:
    """The comparison of what several articles say about one fact."""

    id: str
    status: str  # one of STATUSES
    kind: str  # one of KINDS
    summary: str
    evidence: list[Evidence] = field(default_factory=list)
    voices: list[str] = field(default_factory=list)  # voices that support it
    subject: str | None = None  # entity id or a short key of the fact compared
    relation: str | None = None  # one of RELATIONS, for a conflict that is an update
    newer: str | None = None  # the article whose report is the newer one (relation "update")


@dataclass(slots=True)
class Story:
    """The articles about one real-world event."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    title: str = ""


class Merge(NamedTuple):
    """A story merged into another: its id leads on to the one that took its articles."""

    story_id: str
    into_id: str


class Move(NamedTuple):
    """An article moved from one story to another after it was placed."""

    article_id: str
    source: str
    target: str


class Split(NamedTuple):
    """A story cut in two: the articles that left it opened the new story."""

    story_id: str
    new_id: str
    article_ids: list[str]


@dataclass(slots=True)
class StoryChanges:
    """What story clustering changed since its last save, for the store to write at once.

    ``storydiff.stories.StoryIndex.changes`` makes it; ``Store.save_clustering`` writes
    it in one transaction and never sees the index.
    """

    # Saved state (StoryState.to_dict: id, title, article_ids, first_day, last_day, ...)
    # of each story created or changed, in creation order.
    stories: list[dict[str, Any]] = field(default_factory=list)
    # (article id, story id) of each article added, in order, with the story it joined
    # then (a later merge or move in this record takes it on).
    assigned: list[tuple[str, str]] = field(default_factory=list)
    merged: list[Merge] = field(default_factory=list)  # in the order they happened
    moved: list[Move] = field(default_factory=list)  # in order; a split's moves included
    splits: list[Split] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)  # terms whose document frequency changed
    # (article id, Contribution.to_dict) of articles kept for their second look, in order,
    # and the ids of those whose look is over (their kept contribution goes).
    recent_added: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    recent_dropped: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # the index's counters and settings


@dataclass(slots=True)
class Refused:
    """An input that could not be read, with the reason (shown on the report)."""

    source: str
    error: str
    code: str = "input"


@dataclass(slots=True)
class Report:
    """Everything storydiff says about one story (serialised as ``storydiff.report/1``).

    The report's derived views (``voices``, ``timeline``, ``matrix``) are not fields: they
    are computed from these fields each time the report is written
    (``storydiff.render.json.report_to_dict``), so they cannot disagree with the findings.
    """

    articles: list[Article]
    entities: list[Entity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[tuple[str, Note]] = field(default_factory=list)  # (article id, note)
    story: Story | None = None
    # Entity id -> ids of the articles naming it, as the compare stage set it
    # (storydiff.compare.findings). None: the report's writer derives it from the
    # entities' mentions (storydiff.render.matrix.coverage).
    coverage: dict[str, list[str]] | None = None
    # The inputs a comparison could not read (the web's compare view sets it, an empty
    # list when all were read). None: nobody read inputs for this report (the command
    # line stops on a bad input), and the JSON has no ``refused`` key.
    refused: list[Refused] | None = None
    # Keys of a report read back that this version does not know, kept so that writing it
    # again loses nothing (a newer writer's fields).
    extra: dict[str, Any] = field(default_factory=dict)
    schema: str = SCHEMA
