"""Which clusters of mentions may become one entity: the union-find resolution builds.

``Clusters`` is a union-find over a story's mentions that refuses a merge joining two
different people or two events' things (``Clusters.compatible``): two genders; one
surname with two different first names (Sergei / Andrey Belousov); two full names that
share no surname (A.J. Smith / A.J. Butler); unnamed nouns or dates of two events of
the story (``events``). The person checks read the full names each cluster holds,
registered by ``resolve``; ``common_nouns`` tells which capitalised words are no names.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz.distance import Levenshtein

from storydiff.model import Article


class Clusters:
    """Union-find over mention indices, with the person names, genders and events each
    cluster holds."""

    def __init__(self, size: int):
        self.parent = list(range(size))
        # (first, last, all given names) keys of the person names a cluster holds
        self.names: dict[int, set[tuple[str, str, tuple[str, ...]]]] = defaultdict(set)
        self.genders: dict[int, set[str]] = defaultdict(set)  # from pronouns: "m", "f"
        # The events (``events.article_events``) of a cluster's common nouns and dates,
        # and whether it holds a name (a named cluster may span events).
        self.events: dict[int, set[int]] = defaultdict(set)
        self.named: dict[int, bool] = defaultdict(bool)

    def find(self, i: int) -> int:
        """The root of ``i``'s cluster."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def compatible(self, i: int, j: int) -> bool:
        """Whether two clusters may be one: not two genders; not two people with one
        surname and different first names (Sergei / Andrey Belousov); not two people
        whose full names share no surname (A.J. Smith / A.J. Butler, ``share_surname``);
        not two unnamed clusters of nouns or dates from two events of the story ("the man"
        of two shootings, "Friday" of two weeks: ``events``)."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if len(self.genders[a] | self.genders[b]) > 1:
            return False
        if self.events[a] and self.events[b] and not self.events[a] & self.events[b] and not (
            self.named[a] or self.named[b]
        ):
            return False
        for first_a, last_a, given_a in self.names[a]:
            for first_b, last_b, given_b in self.names[b]:
                if last_a == last_b and not given_names_match(first_a, given_a, first_b, given_b):
                    return False
        if self.names[a] and self.names[b] and not share_surname(self.names[a], self.names[b]):
            return False
        return True

    def union(self, i: int, j: int) -> bool:
        """Merge the clusters of ``i`` and ``j`` unless ``compatible`` refuses; True if merged."""
        if not self.compatible(i, j):
            return False
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[b] = a
            self.names[a] |= self.names.pop(b, set())
            self.genders[a] |= self.genders.pop(b, set())
            self.events[a] |= self.events.pop(b, set())
            self.named[a] = self.named[a] or self.named.pop(b, False)
        return True


# Surnames one edit apart are one surname from this length on: "Rait" / "Raite" (ECB+
# topic 23). Measured on ECB+ topics 1-16 / 18-35, CoNLL F1: 0.7906 / 0.7450 -> 0.7906 /
# 0.7453 (no such pair in 1-16). Re-run the coref eval after changing it.
NEAR_SURNAME_MIN = 4

# "the mob boss", "a defensive tackle": a lower-case word after a determiner (and at most
# one modifier) is a common noun of the story; a capitalised "Mafia Boss" or "Defensive
# Tackle" (headlines, titles) ending in one is no person's full name.
_NOUN_AFTER = re.compile(r"\b(?:the|a|an|his|her|their|our|its|my|your)\s+(?:[a-z][a-z-]*\s+)?([a-z][a-z-]+)\b")


def common_nouns(articles: list[Article]) -> set[str]:
    """Lower-case words the story's articles use as common nouns (``_NOUN_AFTER``).

    The pattern takes the last word of "determiner (word) word", so "the boss said" gives
    "said", not "boss". Taking the word right after the determiner as well (or instead)
    was measured worse on ECB+ topics 18-35, CoNLL F1 0.7464 -> 0.7443 (1-16 equal):
    more headline words ("Man", "Robbers", "Police") then read as common nouns, and they
    join wrong clusters of nouns.

    Args:
        articles: the story's articles.

    Returns:
        The lower-case words.
    """
    found: set[str] = set()
    for article in articles:
        found.update(_NOUN_AFTER.findall(article.text))
    return found


def share_surname(names_a, names_b) -> bool:
    """Whether some full name of one cluster has a surname of the other's, as surname or as
    a middle name ("Diane Crawford" / "Sharron Diane Crawford Smith").

    Two clusters that each hold a written full name and share no surname are two people
    (issue 6). Measured on ECB+ topics 1-35 (gold mentions, CoNLL F1, halves 1-16 /
    18-35): with full names registered as before, 0.7854 / 0.7391 -> 0.7861 / 0.7385
    (the refused merges were nicknames and title-case nouns read as names: "Deep Throat"
    / W. Mark Felt, "Defensive Tackle" / Jamal Williams); once capitalised common nouns
    are no names (``common_nouns``) and degrees no surnames ("Regina Benjamin, MD"),
    0.7854 / 0.7399 without this rule, 0.7861 / 0.7406 with it. Re-run ``storydiff eval
    coref`` after changing it.

    Args:
        names_a: (first, last, given names) keys of one cluster's full names.
        names_b: the other cluster's.

    Returns:
        True when some pair shares a surname (``near_surnames``) or one's surname is a
        given name of the other.
    """
    for _, last_a, given_a in names_a:
        for _, last_b, given_b in names_b:
            if near_surnames(last_a, last_b) or last_a in given_b or last_b in given_a:
                return True
    return False


def near_surnames(a: str, b: str) -> bool:
    """Whether two surname keys are one surname: equal, or one edit apart with at least
    ``NEAR_SURNAME_MIN`` letters each and the same initial ("Rait" / "Raite", ECB+ topic 23).

    Args:
        a: a surname's ``translit_key``.
        b: another's.

    Returns:
        True when they count as one surname.
    """
    if a == b:
        return True
    if min(len(a), len(b)) < NEAR_SURNAME_MIN or a[0] != b[0]:
        return False
    return Levenshtein.distance(a, b) <= 1


def given_names_match(first_a: str, given_a: tuple[str, ...], first_b: str, given_b: tuple[str, ...]) -> bool:
    """Whether one person's first name is the other's, or one of the other's middle names
    ("Diane Crawford Smith" / "Sharron Diane Crawford Smith", "W. Mark Felt" / "Mark Felt").

    Args:
        first_a: the first name key of one name.
        given_a: all its given name keys (first and middle).
        first_b: the other name's first name key.
        given_b: its given name keys.

    Returns:
        True when the given names agree.
    """
    if first_names_match(first_a, first_b):
        return True
    return any(first_names_match(first_a, g) for g in given_b[1:]) or any(
        first_names_match(first_b, g) for g in given_a[1:]
    )


def first_names_match(a: str, b: str) -> bool:
    """Whether two first name keys agree; an initial ("V.") matches any first name with
    that letter.

    Args:
        a: a first name key.
        b: another.

    Returns:
        True when they agree.
    """
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return a == b
