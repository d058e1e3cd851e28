"""Person nominals ("the actress", "the 39-year-old", "the climber") linked to a named person.

Resolution's name passes leave a common noun naming a person ("the actress", "the
suspect") in a cluster of its own or with the same noun in other articles. Inside one
article such a noun usually points back at a person named before it, so two rules link
it, most precise first:

1. apposition: the noun right after a name and a comma ("Esther Williams, the
   actress"), or right before it with nothing but words of the name's premodifier
   between ("32-year-old Englishman Robert Buckley");
2. the nearest person named before the noun in its article, when the noun is singular
   and not a word for people in general or a group ("police", "officials").

Both refuse a merge that would join two different people (``_Clusters.compatible``).
"""

from __future__ import annotations

import re
from collections import defaultdict

# Nouns that name a group or people in general: they never point back at one named person.
GROUP_HEADS = frozenset(
    """
    police people officials official authorities government administration team staff
    family families crowd group public residents workers employees students children
    kids fans members forces army navy troops military company firm board council
    committee court jury party media press reporters witnesses victims others everyone
    someone anyone nobody somebody anybody one ones department agency office
    """.split()
)
# The gap between a name and an appositive noun: a comma, then at most four words of its
# determiner and modifiers (", the second", ", a 32-year-old British").
_APPOSITION_AFTER = re.compile(r"^\s*,\s*(?:[\w'’-]+\s+){0,4}$")
# The gap between a premodifying noun and the name: capitalised words or nothing.
_APPOSITION_BEFORE = re.compile(r"^\s*(?:[A-Z][\w'’.-]*\s+){0,2}$")


def _plural(head: str) -> bool:
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def link_person_nominals(items, words, proper, pronoun, clusters) -> None:
    """Link person nominals to the named person they point back at (see module doc).

    Args:
        items: (article, index, mention) triples of the story, as in ``resolve``.
        words: each mention's name words (``name_tokens``).
        proper: whether each mention is a proper name.
        pronoun: whether each mention is a pronoun.
        clusters: the union-find being built (``resolve._Clusters``).

    Returns:
        None; merges go into ``clusters``.
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, (article, _, _) in enumerate(items):
        by_article[article.id].append(n)
    for members in by_article.values():
        members.sort(key=lambda n: items[n][2].start)
        people = [n for n in members if proper[n] and items[n][2].label == "PERSON"]
        for n in members:
            article, _, mention = items[n]
            if proper[n] or pronoun[n] or not words[n] or mention.label != "PERSON":
                continue
            head = words[n][-1].lower().strip(".,'’")
            if head in GROUP_HEADS or _plural(head):
                continue
            before = [p for p in people if items[p][2].end <= mention.start]
            after = [p for p in people if items[p][2].start >= mention.end]
            if before and _APPOSITION_AFTER.match(article.text[items[before[-1]][2].end : mention.start]):
                clusters.union(before[-1], n)
            elif after and _APPOSITION_BEFORE.match(article.text[mention.end : items[after[0]][2].start]):
                clusters.union(after[0], n)
