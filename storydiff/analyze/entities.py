"""Entity repairs for news text, and the article's mention list.

The small English model makes the same few mistakes on news again and again; each repair
below is a general rule, not a list of the names it was first seen on:

- portfolio words before a title ("Defense" in "Defense Minister", "Finance" in
  "Finance Minister") are tagged ORG: dropped, the roles stage reads them as part of the title;
- facilities split or tagged PERSON ("Joint Base Elmendorf" + "–Richardson", "Ted Stevens"
  + "Anchorage International Airport"): the span is extended over the rest of the
  capitalised name and its dash-joined parts, and labelled FAC when a facility word
  (Base, Airport, Bridge, ...) is in it;
- places tagged PERSON ("Kyiv"): relabelled GPE when the gazetteer knows a city of 100,000+
  people or a country by that name, or the same text is tagged GPE elsewhere in the article;
- regions tagged ORG, PERSON or NORP ("the Magadan Oblast", "Aceh Province"): a name of two
  or more words ending in an administrative-division word is a GPE;
- clock times tagged DATE or CARDINAL ("2200 Moscow time"): relabelled TIME;
- zone names tagged ORG or NORP ("Eastern" in "1500 Eastern time"): dropped;
- boilerplate lines ("Leave A Reply", "Share."): ORG, PERSON, PRODUCT and WORK_OF_ART
  entities on short lines without a verb, or spanning a line break, are dropped;
- titles swallowed into a PERSON ("President Putin") and possessive endings ("Fox
  Radio's") are trimmed off the span, and a person's name ends at a spaced dash ("Esther
  Williams - Esther Williams", a headline);
- a headline's words run into a person's name ("Lindsay Lohan Checks Into Rehab"): cut
  back to the name the article writes elsewhere when only English words follow it;
- a title cut off its name at an abbreviation's dot ("Police Sgt." + "Marty Earley"):
  the title's PERSON is dropped, the roles stage reads it as the name's title;
- a given name left out of a PERSON ("Kremlin spokesperson Dmitry" + "Peskov"): the span
  takes in the capitalised proper nouns right before it that belong to no other entity and
  are no English word (the model's own lemmatizer word lists: "Actress", "Linebacker",
  "Court" are words, "Dmitry", "Marques", "Jamal" are not), title, honorific or calendar
  word, so the person gets their full name and the roles stage finds the title before it.

Junk never becomes a mention (``_junk``):

- web addresses and handles ("http://www.people.com/...", the first line of an ECB+ text;
  "@pamkeyNEN");
- a platform ("Twitter" in "thanked Trump on Twitter", tagged PERSON) is an ORG;
- a one-word person or organisation that is an English word the article also writes in
  lower case, and that no longer name of the article holds: a headline's or a sentence's
  capitalised common word ("Arson", "Escape", "Aides");
- a place name of one word that the gazetteer does not know and that the article never
  writes after a place preposition ("in", "at", "from", "near"): "the Brexit vote" is no
  place, "in Woodburn" is.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from storydiff.analyze.docdata import sd, text_of
from storydiff.analyze.lexicon import (
    FACILITY_WORDS,
    PLATFORMS,
    PORTFOLIO_WORDS,
    REGION_WORDS,
    TITLE_WORDS,
    ZONE_WORDS,
)

#: The labels kept as mentions (spaCy's names; DESIGN.md "mention").
MENTION_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT")

# A place name tagged PERSON is relabelled only for places this large: smaller towns share
# names with people ("Jackson", "Lincoln" are both). 100,000 people: on the MEANTIME
# English texts it relabels cities without touching any gold PER mention (re-run
# `storydiff eval entities` after changing it).
_PLACE_MIN_POPULATION = 100_000

_CLOCK = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d$")
_CLOCK_AFTER = {"time", "gmt", "utc", "hours", "hrs", "h", "local", "zulu"} | ZONE_WORDS
_DASHES = {"-", "–", "—"}


def newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break (runs before the parser, which keeps it).

    Args:
        doc: a tokenised doc.

    Returns:
        The same doc with sentence starts set after line breaks.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    _keep_quote_marks(doc)
    return doc


_QUOTE_CHARS = frozenset("\"'`“”‘’«»")


def _is_mark(token) -> bool:
    return not token.is_space and all(c in _QUOTE_CHARS for c in token.text)


def _keep_quote_marks(doc: Doc) -> None:
    """Keep quotation marks in their sentence: the parser cuts a line's opening mark off
    its words ('"' | 'And it's, of course, ... a total loss," ... said', ECB+ 13_9ecbplus;
    '`' | '` A couple of us tried to exit', 18_9ecb) and a closing mark off its sentence
    ('... a total loss."' | '"'), and a sentence of a lone mark became a finding's
    evidence. A mark that opens a line holds the next token in its sentence; a mark that
    ends a line (or the text) stays in the sentence before it."""
    for token in doc:
        if not _is_mark(token):
            continue
        line_start = token.i == 0 or token.is_sent_start is True
        line_end = "\n" in token.whitespace_ or token.i + 1 == len(doc) or (
            doc[token.i + 1].is_space and "\n" in doc[token.i + 1].text
        )
        if line_start and token.i + 1 < len(doc) and not line_end:
            doc[token.i + 1].is_sent_start = False
        elif line_end and not line_start and token.i > 0:
            token.is_sent_start = False


def _line_of(doc: Doc, span: Span) -> tuple[int, int]:
    text = text_of(doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return start, len(text) if end < 0 else end


def _is_boilerplate_line(doc: Doc, span: Span, cache: dict[int, bool]) -> bool:
    start, end = _line_of(doc, span)
    if start not in cache:
        cache[start] = _short_verbless(doc, start, end)
    return cache[start]


def _short_verbless(doc: Doc, start: int, end: int) -> bool:
    if end - start > 80:
        return False  # six words rarely take 80 characters; skip the token walk
    line = doc.char_span(start, end, alignment_mode="expand")
    if line is None:
        return False
    words = [t for t in line if not t.is_space and not t.is_punct]
    # Six words: news sentences are longer; datelines, share buttons and menu items shorter.
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in line)
    return len(words) <= 6 and not has_verb and not line.text.rstrip().endswith((".", "”", '"'))


def _extend_facility(doc: Doc, ent: Span) -> Span:
    end = ent.end
    while end < len(doc):
        token = doc[end]
        if token.text in _DASHES and not doc[end - 1].whitespace_ and end + 1 < len(doc) \
                and not token.whitespace_ and doc[end + 1].is_title:
            end += 2
            continue
        if token.is_title and token.pos_ == "PROPN" and not doc[end - 1].is_punct or (
            token.is_title and token.lower_ in FACILITY_WORDS
        ):
            end += 1
            continue
        break
    span = doc[ent.start:end]
    if any(t.lower_ in FACILITY_WORDS and t.is_title for t in span[1:]):
        return Span(doc, ent.start, end, label="FAC")
    return ent


# Words written capitalised before a surname that are not given names: honorifics, ranks
# and calendar words (titles are TITLE_WORDS). Found reading the example and MEANTIME's
# PERSON mentions before and after the rule (`storydiff eval entities`).
_NOT_GIVEN_NAMES = frozenset("""
mr mrs ms miss mx sir dame lord lady madam st saint detective agent trooper private corporal
officer former ex then late young old dear uncle aunt brother sister father mother
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december
""".split())


# The English word lists (WordNet's nouns, verbs, adjectives, adverbs) that ship with the
# model's rule lemmatizer; set by use_word_lists() when the pipeline is built.
_lemma_index = None
_english_words: frozenset[str] | None = None


def use_word_lists(nlp) -> None:
    """Read English words from the pipeline's lemmatizer (see _extend_given_name).

    Args:
        nlp: the loaded spaCy pipeline.
    """
    global _lemma_index, _english_words
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            _lemma_index, _english_words = lookups.get_table("lemma_index"), None


def _is_english_word(word: str) -> bool:
    global _english_words
    if _english_words is None:
        if _lemma_index is None:
            return True  # no word lists: never guess that a word is a given name
        # Built on first use (~0.1 s), not at load: most articles never need it.
        _english_words = frozenset(w for pos in _lemma_index for w in _lemma_index[pos])
    word = word.lower()
    return word in _english_words or (word.endswith("s") and word[:-1] in _english_words)


def _extend_given_name(doc: Doc, ent: Span) -> Span:
    """Take in up to two given names the model left out before a PERSON span.

    Read on ECB+ and the example (a third of ECB+ documents: 23 extensions before the
    word-list test, of which 4 right; the test keeps those but "Esther", a WordNet noun).
    """
    start = ent.start
    while ent.start - start < 2 and start > 0:
        token = doc[start - 1]
        if not (
            token.pos_ == "PROPN" and token.is_title and token.is_alpha and len(token) > 1
            and token.ent_iob_ == "O" and not token.is_stop
            and token.lower_ not in TITLE_WORDS and token.lower_ not in PORTFOLIO_WORDS
            and token.lower_ not in _NOT_GIVEN_NAMES and token.lower_ not in ZONE_WORDS
            and not _is_english_word(token.text)
        ):
            break
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label="PERSON")


def _trim(doc: Doc, ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    if ent.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_.rstrip(".") in TITLE_WORDS:
            start += 1
    while end - start > 1 and doc[start].lower_ == "the" and ent.label_ in ("PERSON",):
        start += 1
    if ent.label_ == "PERSON":
        # A dash set off by spaces ends a person's name: "Esther Williams - Esther
        # Williams:" (an ECB+ 4_4ecbplus headline) is the name twice, not one name;
        # hyphens inside names ("Jean-Paul") have no spaces.
        cut = next((i for i in range(start + 1, end)
                    if doc[i].text in _DASHES and (doc[i - 1].whitespace_ or doc[i].whitespace_)), None)
        if cut is not None:
            end = cut
    if end <= start:
        return None
    return Span(doc, start, end, label=ent.label_)


def _consistent_labels(doc: Doc, ents: list[Span]) -> list[Span]:
    """One name, one label: an ORG that is a person's name elsewhere is that person.

    Also drops ORG spans made only of people's names joined by hyphens ("the Trump-Putin"
    in "the Trump-Putin talks": a modifier, not an organisation).
    """
    people = {e.text for e in ents if e.label_ == "PERSON"}
    people |= {e.text.split()[-1] for e in ents if e.label_ == "PERSON"}
    out = []
    for ent in ents:
        if ent.label_ == "ORG":
            words = [t.text for t in ent if t.text not in ("-", "–") and t.lower_ != "the"]
            if ent.text in people:
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            elif len(words) > 1 and all(w in people for w in words):
                continue
        out.append(ent)
    return out


def _rejoin_split_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Move a given name to the surname it precedes when the model ran two names together.

    In "aide to President Putin Yuri Ushakov" the small model tags "Putin Yuri" and
    "Ushakov" as two people (seen on the example once its quotes are cleaned). Two person
    names touching with no word or punctuation between them cannot both be complete: a
    one-word second name is a surname whose given name was swallowed by the first.
    """
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.label_ == ent.label_ == "PERSON"
            and prev.end == ent.start and len(prev) >= 2 and len(ent) == 1
            and prev[-1].is_title and prev[-1].is_alpha
        ):
            out[-1] = Span(doc, prev.start, prev.end - 1, label="PERSON")
            ent = Span(doc, prev.end - 1, ent.end, label="PERSON")
        out.append(ent)
    return out


def _drop_title_persons(doc: Doc, ents: list[Span]) -> list[Span]:
    """Drop a PERSON that ends in a title right before another PERSON: the model cuts
    "Bloomington Police Sgt. Marty Earley" (ECB+ 21_7ecb) at the abbreviation's dot into
    two people, and "Sgt" then speaks for Marty Earley. The title is his role (the roles
    stage reads the run before the name)."""
    out = []
    for n, ent in enumerate(ents):
        after = ents[n + 1] if n + 1 < len(ents) else None
        if ent.label_ == "PERSON" and after is not None and after.label_ == "PERSON" and \
                ent[-1].lower_.rstrip(".") in TITLE_WORDS and \
                all(t.is_punct or t.is_space for t in doc[ent.end:after.start]) and after.start - ent.end <= 2:
            continue
        out.append(ent)
    return out


def _trim_headline_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Cut a headline's words off a person's name: "Lindsay Lohan Checks Into Rehab"
    (ECB+ 1_ecbplus), "Esther Williams Dies" (4_5ecbplus).

    Title Case runs the headline's verb and object into the name. A PERSON that starts
    with another PERSON of the article (two words or more) and goes on with an English
    word (the lemmatizer's word lists, or a stop word: "Checks", "Dies", "Into") is that
    person; what follows is the headline's ("Into Rehab", where "rehab" is in no list).
    """
    names = {tuple(t.text for t in e) for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    out = []
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) >= 3:
            for k in range(len(ent) - 1, 1, -1):
                head = tuple(t.text for t in ent[:k])
                if head in names and (_is_english_word(ent[k].text) or ent[k].is_stop):
                    ent = Span(doc, ent.start, ent.start + k, label="PERSON")
                    break
        out.append(ent)
    return out


_ADDRESS = re.compile(r"://|^www\.|^@\w|\w@\w")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|outside|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE)


def _junk(doc: Doc, ents: list[Span]) -> list[Span]:
    """Drop or relabel the entities that are no names (see the module docstring)."""
    from storydiff.analyze import places

    text = text_of(doc)
    # Words of the article's names of two words or more: "White" of "Terry White" stays.
    held = {t.lower_ for e in ents if len(e) >= 2 and e.label_ in ("PERSON", "ORG") for t in e}
    placed: dict[str, bool] = {}
    out = []
    for ent in ents:
        if any(_ADDRESS.search(t.text) for t in ent):
            continue
        if ent.label_ in ("PERSON", "GPE", "LOC", "NORP") and ent.text.lower() in PLATFORMS:
            ent = Span(doc, ent.start, ent.end, label="ORG")
        word = ent.text
        if len(ent) == 1 and ent.label_ in ("PERSON", "ORG") and word[:1].isupper() and word.lower() \
                not in held and word.lower() not in PLATFORMS and _is_english_word(word) and \
                re.search(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w'’-])", text):
            continue
        if len(ent) == 1 and ent.label_ in ("GPE", "LOC"):
            if word not in placed:
                placed[word] = places.lookup(word) is not None or any(
                    _PLACE_BEFORE.search(text[max(0, m.start() - 20):m.start()])
                    for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)
                )
            if not placed[word]:
                continue
        out.append(ent)
    return out


def repair(doc: Doc) -> Doc:
    """Repair the model's entities (see the module docstring) and list the mentions.

    Args:
        doc: a doc with ``doc.ents`` set by the NER component.

    Returns:
        The same doc, with ``doc.ents`` repaired and ``doc._.sd["mentions"]`` set.
    """
    from storydiff.analyze import places

    gpe_texts = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}
    lines: dict[int, bool] = {}
    kept: list[Span] = []
    for ent in doc.ents:
        label = ent.label_
        after = doc[ent.end] if ent.end < len(doc) else None
        after_lower = after.lower_ if after is not None else ""
        if "\n" in ent.text.strip():
            continue
        if label in ("ORG", "NORP", "GPE") and after_lower.rstrip(".") in TITLE_WORDS and all(
            t.lower_ in PORTFOLIO_WORDS for t in ent
        ):
            continue
        if label in ("ORG", "NORP", "PERSON") and len(ent) == 1 and (
            after_lower == "time" or ent.text.lower() in ZONE_WORDS and after_lower in _CLOCK_AFTER
        ):
            continue
        if label in ("DATE", "CARDINAL") and len(ent) == 1 and _CLOCK.match(ent.text) and (
            after_lower in _CLOCK_AFTER or (after is not None and after.ent_type_ == "GPE")
        ):
            kept.append(Span(doc, ent.start, ent.end, label="TIME"))
            continue
        if label in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART") and _is_boilerplate_line(doc, ent, lines):
            continue
        if label in ("ORG", "PERSON", "NORP") and len(ent) >= 2 and ent[-1].lower_ in REGION_WORDS:
            ent = Span(doc, ent.start, ent.end, label="GPE")
            label = "GPE"
        if label in ("PERSON", "ORG", "GPE", "FAC"):
            ent = _extend_facility(doc, ent)
            label = ent.label_
        if label == "PERSON" and len(ent) == 1:
            place = places.lookup(ent.text)
            if ent.text in gpe_texts or (
                place is not None and place.kind != "continent"
                and (place.kind == "country" or place.population >= _PLACE_MIN_POPULATION)
            ):
                ent = Span(doc, ent.start, ent.end, label="GPE")
        if label == "PERSON":
            ent = _extend_given_name(doc, ent)
        trimmed = _trim(doc, ent)
        if trimmed is not None:
            kept.append(trimmed)
    kept = _junk(doc, kept)
    kept = _rejoin_split_names(doc, _consistent_labels(doc, kept))
    kept = _drop_title_persons(doc, _trim_headline_names(doc, sorted(kept, key=lambda e: e.start)))
    doc.ents = filter_spans(kept)
    sd(doc)["mentions"] = [
        {"start": e.start_char, "end": e.end_char, "text": e.text, "label": e.label_,
         "roles": [], "antecedent": None}
        for e in doc.ents
        if e.label_ in MENTION_LABELS
    ]
    return doc
