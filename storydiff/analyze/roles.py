"""Roles given to people: titles before names and appositions; short names to full ones.

Three patterns, all on the parse and the title lexicon (:data:`lexicon.TITLE_WORDS`):

- a title right before the name: "Foreign Minister Sergei Lavrov", "Kremlin spokesperson
  Dmitry Peskov", "special economic envoy Kirill Dmitriev", "President Vladimir Putin":
  the run of modifiers (proper nouns, adjectives, nouns) that ends in a title word;
- a title phrase with "to"/"of"/"for" before the name: "ambassador to Washington Alexander
  Darchiyev", "aide to President Putin Yuri Ushakov": when the word before the name is not
  a title word, the run may cross one such preposition to reach a title word;
- appositions either side: "Kirill Dmitriev, the U.S.-educated state investment fund boss
  who ...", "the Governor of the region, Sergei Nosov": a noun phrase next to the name,
  set off by a comma, whose head names a person's role (a title word, or a person noun
  ending in -er/-or/-ist/-ian/-man/-person).

``normalized`` is the role in lower case without articles or a leading nationality
("Russian Foreign Minister" -> "foreign minister"), so outlets can be compared.
A surname alone (or after a title) gets as ``antecedent`` the index of the article's full
name ending in it, when the article names one person with that surname ("Belousov" ->
"Andrey Belousov"; not "Trump" beside both "Donald Trump" and "Melania Trump").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from storydiff.analyze import places
from storydiff.analyze.docdata import sd
from storydiff.analyze.lexicon import TITLE_WORDS, same_given_name

_CROSSING = {"to", "of", "for"}
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "ant", "ent")
_SYNONYMS = {"advisor": "adviser", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
             "defence": "defense"}
# Longest title run before a name, in tokens: the longest in the example and MEANTIME
# ("the U.S.-educated state investment fund boss") is 7; past 8 the run is a clause.
_MAX_RUN = 8


def _is_title(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLE_WORDS


def _modifier(token: Token) -> bool:
    if token.is_space or token.like_num:
        return False
    if token.text in ("-", "–") or token.text.endswith("."):
        return token.pos_ in ("PROPN", "NOUN", "ADJ", "PUNCT")
    return token.pos_ in ("PROPN", "ADJ", "NOUN") and token.ent_type_ not in ("DATE", "TIME", "CARDINAL")


def _run_before(doc: Doc, start: int, ents_end: set[int]) -> tuple[int, int] | None:
    """The title run ending right before token ``start``, as (first, last+1) token indices."""
    i = start - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1  # a no-break space between title and name is its own token
    if i < 0 or "\n" in doc[i].whitespace_ or doc[i].is_space:
        return None
    first_is_title = _is_title(doc[i])
    crossed = False
    head_seen = first_is_title
    j = i
    while j >= 0 and start - j <= _MAX_RUN:
        token = doc[j]
        if "\n" in token.whitespace_ and j != i or "\n" in token.text:
            break
        if token.is_space:
            j -= 1
            continue
        if token.lower_ in _CROSSING and not first_is_title and not crossed:
            if j - 1 >= 0 and _is_title(doc[j - 1]):
                crossed = True
                j -= 1
                continue
            break
        if not _modifier(token):
            break
        if first_is_title and token.i + 1 in ents_end and token.i != i and token.ent_type_ == "PERSON":
            break
        head_seen = head_seen or (_is_title(token) and (crossed or first_is_title))
        if token.is_sent_start:
            j -= 1
            break
        j -= 1
    first = j + 1
    if not head_seen or first >= start:
        return None
    while first < start and (doc[first].text in ("-", "–") or doc[first].lower_ in _CROSSING
                             or doc[first].is_space):
        first += 1
    # A capitalised title before a name ("in public President Zelensky") does not take the
    # lower-case words before it; a lower-case one does ("presidential advisor").
    if first_is_title and doc[i].is_title:
        while first < i and doc[first].is_lower:
            first += 1
    return (first, start) if first < start else None


def normalize(text: str) -> str:
    """A role in comparable form: lower case, no article, no leading nationality.

    Args:
        text: the role as written ("Russian Foreign Minister").

    Returns:
        The normalised role ("foreign minister").
    """
    words = text.replace("’", "'").split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]

    while len(words) > 1 and (
        words[0].lower() in ("u.s.", "us", "u.s", "american", "british", "uk")
        or words[0].endswith(("ian", "ese", "ish")) and words[0][0].isupper()
        or places.is_place(words[0]) and places.lookup(words[0]).kind == "country"
    ):
        words = words[1:]
    return " ".join(_SYNONYMS.get(w.lower(), w.lower()) for w in words)


def _role(doc: Doc, first: int, end: int) -> dict:
    span = doc[first:end]
    while len(span) > 1 and (span[-1].is_space or span[-1].is_punct):
        span = span[:-1]
    # Nationality and place words before the title ("Russian Federation President",
    # "U.S. President") are not part of the role for comparison.
    core = span

    def nationality(token) -> bool:
        if _is_title(token) or not token.ent_type_:
            return False
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        return token.ent_type_ in ("GPE", "NORP") or ent is not None and places.is_place(ent.text)

    while len(core) > 1 and nationality(core[0]):
        core = core[1:]
    words = normalize(core.text).split()
    if words and _plural_title(core[-1]):
        # "Presidents Trump and Putin": each of them is a president.
        words[-1] = _SYNONYMS.get(_singular(core[-1]), _singular(core[-1]))
    return {"start": span.start_char, "end": span.end_char, "text": span.text,
            "normalized": " ".join(words)}


def _singular(token: Token) -> str:
    """A plural title's singular: the lemma where the tagger gives one, else the word
    without its "s" ("Presidents" is tagged NNPS and keeps its form as lemma)."""
    lemma = token.lemma_.lower()
    return lemma if lemma != token.lower_ else token.lower_[:-1]


def _plural_title(token: Token) -> bool:
    # The tagger reads capitalised plurals ("Foreign Ministers") as NNP as often as NNPS.
    return (
        token.tag_ in ("NNS", "NNPS", "NNP")
        and token.lower_.endswith("s")
        and _singular(token) != token.lower_
        and _singular(token) in TITLE_WORDS
    )


def _conjuncts(doc: Doc, span: Span, mentions: list[dict]) -> list[dict]:
    """The PERSON mentions coordinated with ``span`` ("Trump and Putin")."""
    heads = {t.i for t in span}
    found = []
    for other in mentions:
        if other["label"] != "PERSON" or other["start"] < span.end_char:
            continue
        o = doc.char_span(other["start"], other["end"])
        if o is not None and o.root.dep_ == "conj" and o.root.head.i in heads:
            found.append(other)
    return found


def _person_noun(token: Token) -> bool:
    if token.pos_ == "PROPN":
        return _is_title(token)
    return token.pos_ == "NOUN" and (
        _is_title(token) or token.lower_.endswith(_PERSON_SUFFIXES) and len(token) > 4
    )


def _apposition(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """A role phrase set off by commas after or before the name (token indices)."""
    # After: "NAME, the ... boss who/,"
    if end + 1 < len(doc) and doc[end].text == ",":
        k = end + 1
        if doc[k].lower_ in ("the", "a", "an") or _modifier(doc[k]):
            stop = k
            while stop < len(doc) and stop - k < 12 and doc[stop].text not in (",", ";", "(", ")", "\n") \
                    and doc[stop].lower_ not in ("who", "which", "that", "and", "said", "says") \
                    and not doc[stop].is_sent_end:
                if doc[stop].pos_ in ("VERB", "AUX") and doc[stop].tag_ not in ("VBN",):
                    break
                stop += 1
            words = doc[k:stop]
            heads = [t for t in words if _person_noun(t)]
            # A title that runs into the next name of a list is that name's: "court
            # reporter Julie Ann Brandau, Sheriff's Deputy Sgt. Hoyt Teasley" (ECB+ 3_5ecb).
            after = doc[stop:min(stop + 2, len(doc))]
            next_name = any(t.ent_type_ == "PERSON" for t in after) and not (
                stop < len(doc) and doc[stop].text in (",", ";", "(", ")", "\n"))
            if heads and not next_name and not any(t.ent_type_ == "PERSON" for t in words):
                head = heads[-1]
                first = k + 1 if doc[k].lower_ in ("the", "a", "an") else k
                last = head.i + 1
                # Keep a trailing "of/to X" complement ("Governor of the region").
                while last < stop and (doc[last].lower_ in _CROSSING or doc[last].pos_ in ("DET", "PROPN", "NOUN", "ADJ")):
                    last += 1
                if first < last:
                    return first, last
    # Before: "the Governor of the region, NAME"
    if start >= 2 and doc[start - 1].text == ",":
        k = start - 2
        lo = k
        while lo > 0 and k - lo < 10 and doc[lo - 1].text not in (",", ";", ".", "\n") \
                and doc[lo - 1].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP"):
            lo -= 1
        words = doc[lo:k + 1]
        heads = [t for t in words if _person_noun(t)]
        dets = [t.i for t in words if t.lower_ in ("the", "a", "an") and heads and t.i < heads[0].i]
        if heads and dets and not any(t.ent_type_ == "PERSON" for t in words):
            first = dets[-1] + 1
            # Only when the phrase is the object of something ("meet with the Governor ..."),
            # not a list item ("... ministers, Sergei X").
            if first <= heads[0].i:
                return heads[0].i if doc[first].pos_ == "ADP" else first, k + 1
    return None


def assign_roles(doc: Doc) -> Doc:
    """Attach roles to PERSON mentions and link short names to fuller ones.

    Args:
        doc: a doc whose ``doc._.sd["mentions"]`` the entities stage set.

    Returns:
        The same doc, with ``roles`` and ``antecedent`` filled on the mention dicts.
    """
    mentions = sd(doc)["mentions"]
    ents_end = {e.end for e in doc.ents}
    for mention in mentions:
        if mention["label"] != "PERSON":
            continue
        span = doc.char_span(mention["start"], mention["end"])
        if span is None:
            continue
        run = _run_before(doc, span.start, ents_end)
        if run:
            role = _role(doc, *run)
            mention["roles"].append(role)
            if _plural_title(doc[run[1] - 1]):
                for other in _conjuncts(doc, span, mentions):
                    other["roles"].append(dict(role))
        appos = _apposition(doc, span.start, span.end)
        if appos:
            role = _role(doc, *appos)
            if all(r["start"] != role["start"] for r in mention["roles"]):
                mention["roles"].append(role)
    link_short_names(mentions)
    return doc


# Honorifics before a surname; the titles are TITLE_WORDS.
_HONORIFICS = frozenset("mr mrs ms miss mx sir dame madam".split())


def _name_words(text: str) -> list[str]:
    """A person mention's words without the titles before the name ("Mrs. Trump" -> Trump)."""
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS | _HONORIFICS:
        words = words[1:]
    return words


def link_short_names(mentions: list[dict]) -> None:
    """Point a surname ("Trump", "Mrs. Trump") at the full name it stands for.

    Only when the article names one person with that surname: beside "Donald Trump" and
    "Melania Trump" a bare "Trump" could be either, and crediting her words to him (or
    his to her) is worse than leaving the name unlinked. Two full names are one person when
    their first names agree (``lexicon.same_given_name``: "Rudolph W. Giuliani" / "Rudy
    Giuliani"). A full name never points at another full name.

    Args:
        mentions: the article's mention dicts (``antecedent`` set in place).
    """
    people: dict[str, list[int]] = {}  # surname -> first full mention of each person
    for index, mention in enumerate(mentions):
        words = _name_words(mention["text"]) if mention["label"] == "PERSON" else []
        if len(words) < 2:
            continue
        known = people.setdefault(words[-1], [])
        if not any(same_given_name(words[0], _name_words(mentions[k]["text"])[0]) for k in known):
            known.append(index)
    for index, mention in enumerate(mentions):
        if mention["label"] != "PERSON":
            continue
        words = _name_words(mention["text"])
        if len(words) == 1 and len(people.get(words[0], ())) == 1:
            mention["antecedent"] = people[words[0]][0]
