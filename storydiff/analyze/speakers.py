"""Speakers of quotes: the subject of a cue verb, as a span of the words the text uses.

Used by :mod:`storydiff.analyze.quotes`. The speaker of "X said" is X's named entity or
noun phrase; a coordinated subject is one speaker ("both Russia and Ukraine", "Mark and
Condon"); "he"/"she" point at the one earlier person they can stand for (the nearest
sentence naming people names one, or holds the last named subject; else no one);
"they"/"he" as the subject of a clause that another verb reports are that
verb's subject when the number agrees ("Russia and Ukraine say they want ..."); "they"
never resolves to one person.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from storydiff.analyze.lexicon import PRONOUN_REACH, SPEECH_VERBS, STANCE_VERBS, TITLE_WORDS

_PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "it"}
_SINGULAR = {"he", "she", "him", "her"}
_PLURAL = {"they", "we"}


def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb, or of the verb that governs it.

    Args:
        verb: the cue ("said", "adding", "vowed").

    Returns:
        The subject token ("who" in a relative clause gives its noun), or None.
    """
    seen = 0
    while verb is not None and seen < 4:
        # A passive's "by" agent is who spoke: "It has been confirmed by publicist Harlan
        # Boll that ..." (ECB+ 4_4ecbplus), not its grammatical subject "It".
        for child in verb.children:
            if child.dep_ == "agent":
                found = next((c for c in child.children if c.dep_ == "pobj"), None)
                if found is not None:
                    return found
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                # "Mr. Trump, who said ...": the relative pronoun stands for the noun.
                if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                    return verb.head
                return child
        # "..., adding", "... by saying": the participle's subject is its governing verb's.
        if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp", "pobj", "prep") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        break
    return None


def _phrase(doc: Doc, token: Token) -> Span:
    conjuncts = [c for c in token.children if c.dep_ == "conj" and c.i > token.i]
    if conjuncts:
        # "both Russia and Ukraine say": the speaker is the whole coordination, not its
        # first name (the example credited "they want to end the fighting" to Russia).
        first, last = _single_phrase(doc, token), _single_phrase(doc, conjuncts[-1])
        left = min([first.start] + [c.i for c in token.children if c.dep_ == "preconj"])
        return doc[left:max(first.end, last.end)]
    return _single_phrase(doc, token)


def _single_phrase(doc: Doc, token: Token) -> Span:
    if token.ent_type_:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    # "said Sgt. Marty Earley" (ECB+ 21_3ecb): a title before a name, the parser's head,
    # stands for the person named right after it.
    if token.lower_.rstrip(".") in TITLE_WORDS:
        for ent in doc.ents:
            if ent.label_ == "PERSON" and 0 < ent.start - token.i <= 2 and \
                    all(t.is_punct for t in doc[token.i + 1:ent.start]):
                return ent
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nmod") and child.i < left:
            left = child.i
    return doc[left:token.i + 1]


class Speakers:
    """Resolves pronoun subjects to the one earlier PERSON they can stand for."""

    def __init__(self, mentions: list[dict], sentence_starts: list[int] | None = None):
        self.people = [(i, m) for i, m in enumerate(mentions) if m["label"] == "PERSON"]
        self.starts = sentence_starts or [0]
        # Speakers the model tagged ORG ("Brafman said ... He added") can still be the
        # named subject a later "he said" refers to.
        self.named = [(i, m) for i, m in enumerate(mentions) if m["label"] in ("PERSON", "ORG")]
        self.last_subject: int | None = None
        self.mentions = mentions

    def _sentence(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def resolve(self, offset: int) -> int | None:
        """Index of the mention a "he"/"she" at ``offset`` stands for, or None.

        The nearest sentence (within ``PRONOUN_REACH``) that names people must name one
        person (by the last word of the name), or hold the last named speaker; beside two
        people the pronoun stays unresolved rather than credited to the wrong one.
        """
        here = self._sentence(offset)
        # The last named speaker counts even when the model tagged it ORG ("Brafman said").
        named = self.people + [(i, m) for i, m in self.named
                               if i == self.last_subject and m["label"] != "PERSON"]
        earlier = [(i, m) for i, m in named if m["start"] < offset
                   and here - self._sentence(m["start"]) <= PRONOUN_REACH]
        if not earlier:
            return None
        nearest = max(self._sentence(m["start"]) for _, m in earlier)
        there = [(i, m) for i, m in earlier if self._sentence(m["start"]) == nearest]
        if any(i == self.last_subject for i, _ in there):
            return self.last_subject
        people = {m["text"].split()[-1].lower() for _, m in there if m["text"].split()}
        return there[-1][0] if len(people) == 1 else None

    def mention_index(self, start: int, end: int) -> int | None:
        """Index of the named mention holding ``start:end``, or None."""
        for i, m in self.named:
            if m["start"] <= start and end <= m["end"]:
                return i
        return None


def speaker_dict(doc: Doc, subject: Token, speakers: Speakers) -> dict:
    """The speaker as the pipeline stores it (a mention: span, label, antecedent).

    Args:
        doc: the parsed doc.
        subject: the speaker's head token.
        speakers: the article's speaker state (pronoun antecedents, last subject).

    Returns:
        A dict with start, end, text, label, roles and antecedent.
    """
    phrase = _phrase(doc, subject)
    speaker = {"start": phrase.start_char, "end": phrase.end_char, "text": phrase.text,
               "label": "PERSON" if subject.lower_ in _SINGULAR else (
                   "" if subject.lower_ in _PRONOUNS else phrase.label_ or ""),
               "roles": [], "antecedent": None}
    if subject.lower_ in _SINGULAR:
        # Only "he"/"she" name one person; "they" resolved to the person named last
        # credited "they want to end the fighting" (Russia and Ukraine) to Zelensky.
        speaker["antecedent"] = speakers.resolve(phrase.start_char)
    else:
        index = speakers.mention_index(phrase.start_char, phrase.end_char)
        if index is not None:
            speakers.last_subject = index
    return speaker


def reporting_subject(verb: Token, subject: Token) -> Token | None:
    """The subject a pronoun subject stands for when its verb is itself reported.

    Args:
        verb: the cue verb whose subject is ``subject``.
        subject: its subject token.

    Returns:
        The reporting verb's subject, or None (not a pronoun, or no agreeing subject).

    "both Russia and Ukraine say they want to end the fighting", "Trump said he wanted
    a second meeting": the pronoun is the reporting verb's subject, when that subject is
    a noun phrase of the pronoun's number (a coordination, a plural noun or an
    organisation, place or group for "they"/"we"; a singular name or noun for "he"/"she").
    """
    pronoun = subject.lower_
    if pronoun not in _SINGULAR | _PLURAL:
        return None
    token, steps = verb, 0
    while token.dep_ in ("ccomp", "xcomp", "conj") and token.head is not token and steps < 3:
        token, steps = token.head, steps + 1
        if token.lemma_.lower() not in SPEECH_VERBS | STANCE_VERBS:
            continue
        outer = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if outer is None or outer.lower_ in _PRONOUNS or outer.pos_ == "PRON":
            return None
        plural = any(c.dep_ == "conj" for c in outer.children) or outer.tag_ in ("NNS", "NNPS") or \
            outer.ent_type_ in ("ORG", "GPE", "NORP")
        if pronoun in _PLURAL and plural:
            return outer
        if pronoun in _SINGULAR and not plural and (outer.ent_type_ == "PERSON" or outer.tag_ in ("NN", "NNP")):
            return outer
        return None
    return None


def agent(subject: Token | None) -> bool:
    """Whether a subject can hold a stance.

    Args:
        subject: a stance verb's subject (None when it has none).

    Returns:
        True for a person, organisation, place or group name, any proper noun, a personal
        pronoun, or a noun naming people ("officials", "the prosecutor").
    """
    if subject is None:
        return False
    if subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subject.lower_ in _PRONOUNS | {"i", "you"}:
        return True
    return subject.pos_ == "PROPN" or (subject.pos_ == "NOUN" and _is_person_noun(subject))


def _is_person_noun(token: Token) -> bool:
    """Nouns naming people or bodies of people, by their ending or WordNet-free list."""
    word = token.lemma_.lower()
    return word.endswith(("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "official", "ee")) or \
        word in _PEOPLE_NOUNS


# Nouns naming people or groups that the endings above miss. General English news usage.
_PEOPLE_NOUNS = frozenset("""official police government administration court judge jury panel
committee board study report poll survey side country state agency ministry department
party campaign team family company group people public critic expert analyst source
witness aide staff union leader chief""".split())
