"""Resolution: the mentions of one story's articles grouped into entities.

A sieve, most precise pass first (after Lee et al.'s multi-pass sieve, 2013); every pass
merges clusters of mentions, and a merge is refused when it would put two different
people in one cluster (same surname, incompatible first and middle names; or two
genders, from pronouns and words like "woman" or "Mr."):

1. the analysis' own links inside an article (``Mention.antecedent``);
2. the same name after normalisation (``names``): case, dashes (Elmendorf–Richardson),
   possessives ("Russia's Putin" -> "Putin"), leading titles ("Defense Minister Andrey
   Belousov"), suffixes ("Jr"), articles ("the Kremlin") and transliteration variants
   (Andrey/Andrei, Zelensky/Zelenskyy/Zelenskiy, kh/h: see ``name_key``);
   dates naming one day or length ("late Thursday" / "Thursday night", "90-day" /
   "90 days": ``timekeys``);
3. acronyms and common short names (U.S. / US / United States; not for people);
4. a surname or title+surname linked to the full name with that surname, inside the
   article first, across articles only when the story has one person of that surname;
   a first name alone to the one person of its article with it; a nominal to the one
   proper name ending in its head ("the center" / "Promises Treatment Center");
5. person nominals in apposition to a name ("Esther Williams, the actress"), nominals
   with the same head ("the 4.6 magnitude quake" / "the quake"), or with heads of one
   meaning ("jail" / "prison"), and clusters of person nominals to the person most
   named in their articles (``nominals``);
6. pronouns to the nearest mention before them in their article that agrees in person,
   number and gender.

Every input mention ends up in exactly one entity (singletons included), so the
function also serves the ECB+ coreference evaluation on gold mentions
(``storydiff eval coref``; figures in docs/quality.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from storydiff.compare.names import (
    COMMON_ALIASES,
    DETERMINERS,
    PLACE_LABELS,
    PREPOSITIONS,
    PRONOUNS,
    PRONOUNS_FEMALE,
    PRONOUNS_LOCUTOR,
    PRONOUNS_MALE,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_THING,
    acronym,
    clean_surface,
    given_key,
    is_proper,
    kind_of,
    name_key,
    name_tokens,
    translit_key,
)
from rapidfuzz.distance import Levenshtein

from storydiff.compare.events import article_events
from storydiff.compare.nominals import (
    COLLECTIVE,
    link_nominal_clusters,
    link_person_nominals,
    link_similar_heads,
    noun_gender,
)
from storydiff.compare.timekeys import day_keys, top_date
from storydiff.model import Article, Entity, EntityMention, EntityRole, Mention

# What "they" may point at: people, organisations, nationalities; not countries ("they"
# after "in France" was the robbers in ECB+ topic 24; dropping GPE: 0.7489 -> 0.7490).
PLURAL_OK = ("PERSON", "ORG", "NORP")


class _Clusters:
    """Union-find over mention indices, with the person names each cluster holds."""

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
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def compatible(self, i: int, j: int) -> bool:
        """Whether two clusters may be one: not two genders; not two people with one
        surname and different first names (Sergei / Andrey Belousov); not two people
        whose full names share no surname (A.J. Smith / A.J. Butler, ``_share_surname``);
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
                if last_a == last_b and not _given_names_match(first_a, given_a, first_b, given_b):
                    return False
        if self.names[a] and self.names[b] and not _share_surname(self.names[a], self.names[b]):
            return False
        return True

    def union(self, i: int, j: int) -> bool:
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


def _common_nouns(articles: list[Article]) -> set[str]:
    """Lower-case words the story's articles use as common nouns (``_NOUN_AFTER``).

    The pattern takes the last word of "determiner (word) word", so "the boss said" gives
    "said", not "boss". Taking the word right after the determiner as well (or instead)
    was measured worse on ECB+ topics 18-35, CoNLL F1 0.7464 -> 0.7443 (1-16 equal):
    more headline words ("Man", "Robbers", "Police") then read as common nouns, and they
    join wrong clusters of nouns.
    """
    found: set[str] = set()
    for article in articles:
        found.update(_NOUN_AFTER.findall(article.text))
    return found


def _share_surname(names_a, names_b) -> bool:
    """Whether some full name of one cluster has a surname of the other's, as surname or as
    a middle name ("Diane Crawford" / "Sharron Diane Crawford Smith").

    Two clusters that each hold a written full name and share no surname are two people
    (issue 6). Measured on ECB+ topics 1-35 (gold mentions, CoNLL F1, halves 1-16 /
    18-35): with full names registered as before, 0.7854 / 0.7391 -> 0.7861 / 0.7385
    (the refused merges were nicknames and title-case nouns read as names: "Deep Throat"
    / W. Mark Felt, "Defensive Tackle" / Jamal Williams); once capitalised common nouns
    are no names (``_common_nouns``) and degrees no surnames ("Regina Benjamin, MD"),
    0.7854 / 0.7399 without this rule, 0.7861 / 0.7406 with it. Re-run ``storydiff eval
    coref`` after changing it.
    """
    for _, last_a, given_a in names_a:
        for _, last_b, given_b in names_b:
            if _near_surnames(last_a, last_b) or last_a in given_b or last_b in given_a:
                return True
    return False


def _near_surnames(a: str, b: str) -> bool:
    """Surnames one edit apart, both of at least ``NEAR_SURNAME_MIN`` letters, same initial
    ("Rait" / "Raite", ECB+ topic 23)."""
    if a == b:
        return True
    if min(len(a), len(b)) < NEAR_SURNAME_MIN or a[0] != b[0]:
        return False
    return Levenshtein.distance(a, b) <= 1


def _given_names_match(first_a: str, given_a: tuple[str, ...], first_b: str, given_b: tuple[str, ...]) -> bool:
    """One person's first name is the other's, or one of the other's middle names
    ("Diane Crawford Smith" / "Sharron Diane Crawford Smith", "W. Mark Felt" / "Mark Felt")."""
    if _first_names_match(first_a, first_b):
        return True
    return any(_first_names_match(first_a, g) for g in given_b[1:]) or any(
        _first_names_match(first_b, g) for g in given_a[1:]
    )


def _first_names_match(a: str, b: str) -> bool:
    # An initial ("V.") matches any first name with that letter.
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return a == b


def resolve_entities(articles: list[Article]) -> list[Entity]:
    """Group the mentions of a story's articles into entities.

    Args:
        articles: the story's articles, each with ``id`` and ``mentions`` set (by the
            analysis, or preset, e.g. to gold mentions for evaluation).

    Returns:
        Entities with ids e1..eN in order of first mention; every input mention is in
        exactly one entity (singletons included). Each entity has a canonical ``name``
        (its fullest proper form), ``aliases`` (its other forms), a ``type`` (the most
        common label), ``roles`` (every article's roles) and ``mentions``.
    """
    items: list[tuple[Article, int, Mention]] = [
        (article, index, mention)
        for article in articles
        for index, mention in enumerate(article.mentions)
    ]
    clusters = _Clusters(len(items))
    position = {(id(article), index): n for n, (article, index, _) in enumerate(items)}
    words = [name_tokens(m.text, m.label) for _, _, m in items]
    lowered = [clean_surface(m.text).lower() for _, _, m in items]
    # "US" is a country, "us" a pronoun.
    pronoun = [
        text in PRONOUNS and not (len(m.text) > 1 and m.text.isupper())
        for text, (_, _, m) in zip(lowered, items)
    ]
    proper = [(not pronoun[n]) and is_proper(words[n]) for n in range(len(items))]
    # Full names, for the person checks of ``_Clusters.compatible``; "Mafia Boss" is none.
    # (Measured with the surname rule: 0.7861 / 0.7385 -> 0.7861 / 0.7393 on halves 1-16 /
    # 18-35.)
    nouns = _common_nouns(articles)
    # "Driver", "Woman", "Lawyer" (a headline's capitals) where the story also writes "the
    # driver": a common noun, so it votes and links as one (``nominals``). Not when some
    # full name ends with it ("Mark White"). Measured on ECB+ topics 1-16 / 18-35, CoNLL
    # F1: 0.7918 / 0.7460 -> 0.7930 / 0.7464; for every label, not only people, 0.7920 /
    # 0.7465; capitalised phrases of several such words changed nothing.
    surnames = {w[-1].lower() for n, w in enumerate(words) if proper[n] and len(w) >= 2}
    for n, (_, _, mention) in enumerate(items):
        word = words[n][0].lower() if len(words[n]) == 1 else ""
        if proper[n] and mention.label == "PERSON" and word in nouns and word not in surnames:
            proper[n] = False
    for n, (_, _, mention) in enumerate(items):
        if mention.label == "PERSON" and proper[n] and len(words[n]) >= 2 and (
            words[n][-1].lower() not in nouns
        ):
            given = tuple(given_key(w) for w in words[n][:-1])
            clusters.names[n].add((given[0], translit_key(words[n][-1]), given))

    # Common nouns and dates of two events of the story stay apart (``events``); places
    # are left out (measured: LOC 0.6772 -> 0.6804 on ECB+ topics 18-35, 1-16 equal).
    event = article_events(articles)
    for n, (article, _, mention) in enumerate(items):
        if pronoun[n]:
            continue
        if mention.label in ("DATE", "TIME") or (not proper[n] and kind_of(mention.label) != "place"):
            clusters.events[n].add(event[article.id])
        elif proper[n]:
            clusters.named[n] = True

    for n, text in enumerate(lowered):
        if pronoun[n] and text in PRONOUNS_MALE:
            clusters.genders[n].add("m")
        elif pronoun[n] and text in PRONOUNS_FEMALE:
            clusters.genders[n].add("f")
        elif not pronoun[n] and items[n][2].label == "PERSON" and words[n]:
            gender = noun_gender(words[n][-1] if not proper[n] else clean_surface(items[n][2].text).split(" ")[0])
            if gender:
                clusters.genders[n].add(gender)

    _link_antecedents(items, position, clusters)
    _link_same_name(items, words, proper, pronoun, lowered, clusters)
    _link_dates(items, clusters)
    _link_acronyms(items, words, proper, clusters)
    _link_surnames(items, words, proper, clusters)
    _link_titles(items, words, proper, pronoun, clusters)
    link_person_nominals(items, words, proper, pronoun, clusters)
    _link_nominals(items, words, proper, pronoun, clusters)
    link_similar_heads(items, words, proper, pronoun, clusters)
    link_nominal_clusters(items, words, proper, pronoun, clusters)
    _link_pronouns(items, pronoun, lowered, proper, clusters, words)
    return _entities(items, words, proper, pronoun, clusters)


def _link_antecedents(items, position, clusters: _Clusters) -> None:
    for n, (article, _, mention) in enumerate(items):
        if mention.antecedent is not None and 0 <= mention.antecedent < len(article.mentions):
            clusters.union(position[(id(article), mention.antecedent)], n)


def _link_same_name(items, words, proper, pronoun, lowered, clusters: _Clusters) -> None:
    """Pass 2: the same normalised words, any article, case aside ("Rehab" / "rehab").

    Common nouns and dates link across articles too: measured on ECB+ topics 1-35,
    limiting them to articles that share proper names lost 0.01-0.03 CoNLL F1 (re-run
    the coref eval after changing this).
    """
    first: dict[tuple, int] = {}
    for n, (_, _, mention) in enumerate(items):
        if pronoun[n] or not words[n]:
            continue
        key = (kind_of(mention.label), name_key(words[n]))
        if key in first:
            clusters.union(first[key], n)
        else:
            first[key] = n


def _link_dates(items, clusters: _Clusters) -> None:
    """Pass 2b: dates naming one day ("late Thursday" / "on Thursday night", "yesterday"
    in an article dated the day after; see ``timekeys``)."""
    anchors: dict[int, dt.date | None] = {}
    first: dict[tuple, int] = {}
    for n, (article, _, mention) in enumerate(items):
        if mention.label not in ("DATE", "TIME"):
            continue
        if id(article) not in anchors:
            published = article.published
            if isinstance(published, dt.datetime):
                published = published.date()
            anchors[id(article)] = published or top_date(article.text)
        keys = day_keys(mention.text, anchors[id(article)])
        for key in keys:
            if key in first:
                clusters.union(first[key], n)
            else:
                first[key] = n


def _link_acronyms(items, words, proper, clusters: _Clusters) -> None:
    """Pass 3: U.S. / US / United States / America (one key per name).

    People get no acronym key: "Sanjay Gupta" and "Surgeon General" are both SG
    (ECB+ topic 34).
    """
    by_key: dict[tuple[str, str], int] = {}
    for n, (_, _, mention) in enumerate(items):
        if not proper[n]:
            continue
        text = " ".join(words[n]).lower()
        canonical = COMMON_ALIASES.get(text.replace(".", ""), text)
        keys = {canonical}
        if len(words[n]) >= 2 and mention.label != "PERSON":
            keys.add(acronym(words[n]))
        elif (
            len(words[n]) == 1
            and words[n][0].replace(".", "").isupper()
            and len(words[n][0].replace(".", "")) >= 2
        ):
            # A name that is one acronym ("U.S.", "NATO"). Only one word: the first word
            # of "A.J. Smith" keyed "aj" and joined A.J. Smith to A.J. Butler (ECB+ 35_ecb).
            keys.add(words[n][0].replace(".", "").lower())
        kind = kind_of(mention.label) if mention.label not in ("ORG", "GPE", "NORP") else "named"
        for key in keys:
            slot = (kind, key)
            if slot in by_key:
                clusters.union(by_key[slot], n)
            else:
                by_key[slot] = n


def _link_surnames(items, words, proper, clusters: _Clusters) -> None:
    """Pass 4: "Belousov" -> "Andrey Belousov": its article first, then the story."""
    full_by_article: dict[tuple[str, str], list[int]] = defaultdict(list)
    full_by_story: dict[str, set[str]] = defaultdict(set)
    first_full: dict[str, int] = {}
    for n, (article, _, mention) in enumerate(items):
        if mention.label == "PERSON" and proper[n] and len(words[n]) >= 2:
            last = translit_key(words[n][-1])
            full_by_article[(article.id, last)].append(n)
            full_by_story[last].add(given_key(words[n][0]))
            first_full.setdefault(last, n)
    by_full: dict[tuple[str, str], int] = {}
    for n, (_, _, mention) in enumerate(items):
        if mention.label == "PERSON" and proper[n] and len(words[n]) >= 2:
            key = (given_key(words[n][0]), translit_key(words[n][-1]))
            if key in by_full:
                clusters.union(by_full[key], n)  # "Mark Jay Heller" / "Mark Heller"
            else:
                by_full[key] = n
    # "Sharron Diane Crawford Smith" / "Diane Crawford Smith": a first name that is the
    # other's middle name.
    by_last: dict[str, list[int]] = defaultdict(list)
    for (_, last), n in by_full.items():
        by_last[last].append(n)
    for group in by_last.values():
        for a, b in itertools.combinations(group, 2):
            given_a = tuple(given_key(w) for w in words[a][:-1])
            given_b = tuple(given_key(w) for w in words[b][:-1])
            if (len(given_a) > 1 or len(given_b) > 1) and _given_names_match(
                given_a[0], given_a, given_b[0], given_b
            ):
                clusters.union(a, b)
    # "Duncan Rait" / "Duncan Raite": one first name, surnames one letter apart.
    by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (first, last), n in by_full.items():
        by_first[first].append((last, n))
    for group in by_first.values():
        for (last_a, a), (last_b, b) in itertools.combinations(group, 2):
            if _near_surnames(last_a, last_b):
                clusters.union(a, b)
    _link_short_names(items, words, proper, clusters)
    # "Kathina" -> "Kathina Thomas": a first name alone, inside its article, when one
    # person there has it.
    firsts: dict[tuple[str, str], set[int]] = defaultdict(set)
    for n, (article, _, mention) in enumerate(items):
        if mention.label == "PERSON" and proper[n] and len(words[n]) >= 2:
            firsts[(article.id, translit_key(words[n][0]))].add(n)
    for n, (article, _, mention) in enumerate(items):
        if mention.label != "PERSON" or not proper[n] or len(words[n]) != 1:
            continue
        last = translit_key(words[n][0])
        candidates = full_by_article.get((article.id, last))
        if candidates:
            before = [c for c in candidates if items[c][2].start <= mention.start]
            clusters.union((before or candidates)[-1], n)
        elif len(full_by_story.get(last, ())) == 1:
            clusters.union(first_full[last], n)
        elif len({clusters.find(c) for c in firsts.get((article.id, last), ())}) == 1:
            clusters.union(next(iter(firsts[(article.id, last)])), n)


def _link_short_names(items, words, proper, clusters: _Clusters) -> None:
    """Pass 4a: "Sukanya" -> "INS Sukanya", "76ers" -> "Philadelphia 76ers" (not people);
    "the center" -> "Promises Treatment Center" (measured on ECB+ topics 1-35: CoNLL F1
    0.7451 -> 0.7462, LOC 0.677 -> 0.681).

    A one-word name that is the last word of a longer name of the same kind links to it
    when the story has exactly one such longer name ("Sixers" is no help: no longer name
    ends with it); failing that, the first word of one ("Promises" -> "Promises Treatment
    Center", "Indianapolis" -> "Indianapolis Colts": 0.7544 -> 0.7557; for
    organisations only 0.7552).
    """
    longer: dict[tuple[str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str, str], int] = {}
    for n, (_, _, mention) in enumerate(items):
        if mention.label not in ("PERSON", "DATE") and proper[n] and len(words[n]) >= 2:
            kind, last = kind_of(mention.label), translit_key(words[n][-1])
            full = name_key(words[n])
            longer[(kind, last)].add(full)
            first.setdefault((kind, last, full), n)
            start = ("^", translit_key(words[n][0]))
            longer[(kind, start)].add(full)
            first.setdefault((kind, start, full), n)
    # "Mount Cook" -> "Aoraki Mount Cook": a name of two or more words joins the story's
    # one longer name of its kind that ends with it. Measured on ECB+ topics 1-16 / 18-35,
    # CoNLL F1: 0.7906 / 0.7453 -> 0.7918 / 0.7460 (LOC 0.688 -> 0.692 on 1-35).
    tails: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n, (_, _, mention) in enumerate(items):
        if mention.label not in ("PERSON", "DATE", "TIME") and proper[n] and len(words[n]) >= 3:
            full = name_key(words[n])
            for cut in range(1, len(words[n]) - 1):
                tail = (kind_of(mention.label), name_key(words[n][cut:]))
                tails[tail].add(full)
                first.setdefault((*tail, full), n)
    for n, (_, _, mention) in enumerate(items):
        if mention.label not in ("PERSON", "DATE", "TIME") and proper[n] and len(words[n]) >= 2:
            tail = (kind_of(mention.label), name_key(words[n]))
            names = tails.get(tail, set())
            if len(names) == 1:
                clusters.union(first[(*tail, next(iter(names)))], n)
    for n, (_, _, mention) in enumerate(items):
        # "the center" -> "Promises Treatment Center", the story's one such name.
        if mention.label not in ("PERSON", "DATE") and not proper[n] and words[n] and (
            clean_surface(mention.text).lower() not in PRONOUNS
        ):
            kind, last = kind_of(mention.label), translit_key(words[n][-1])
            names = longer.get((kind, last), set())
            if len(names) == 1:
                clusters.union(first[(kind, last, next(iter(names)))], n)
            continue
        if mention.label in ("PERSON", "DATE") or not proper[n] or len(words[n]) != 1:
            continue
        kind, last = kind_of(mention.label), translit_key(words[n][0])
        names = longer.get((kind, last), set())
        if len(names) == 1:
            clusters.union(first[(kind, last, next(iter(names)))], n)
        elif not names:
            start = ("^", last)
            names = longer.get((kind, start), set())
            if len(names) == 1:
                clusters.union(first[(kind, start, next(iter(names)))], n)


def _link_titles(items, words, proper, pronoun, clusters: _Clusters) -> None:
    """Pass 4b: "the lawyer" -> the person an article called "lawyer Mark Heller".

    The titles come from the words stripped before a name and from the analysis' roles.
    Inside an article the nearest titled person before the nominal wins; across the
    story only a title given to exactly one person links.
    """
    titled: dict[tuple[str, str], list[int]] = defaultdict(list)
    story: dict[str, set[int]] = defaultdict(set)
    # A common noun right before a name ("coach | Maurice Cheeks", when the title is its
    # own mention) or in apposition after it ("Jack Ketsoyan, | the rep") names that person.
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, (article, _, _) in enumerate(items):
        by_article[article.id].append(n)
    for members in by_article.values():
        members.sort(key=lambda n: items[n][2].start)
        for left, right in zip(members, members[1:]):
            a, b = items[left][2], items[right][2]
            if a.label != "PERSON" or b.label != "PERSON" or pronoun[left] or pronoun[right]:
                continue
            gap = items[left][0].text[a.end : b.start]
            nominal, name = (left, right) if not proper[left] and proper[right] else (right, left)
            if proper[nominal] or not proper[name] or not words[nominal]:
                continue
            if (nominal == left and gap == " ") or (nominal == right and gap.strip() == ","):
                clusters.union(name, nominal)
                head = words[nominal][-1].lower()
                titled[(items[name][0].id, head)].append(name)
                story[head].add(clusters.find(name))
    for n, (article, _, mention) in enumerate(items):
        if mention.label != "PERSON" or not proper[n]:
            continue
        surface = clean_surface(mention.text).split(" ")
        titles = {w.lower() for w in surface[: max(0, len(surface) - len(words[n]))]}
        titles |= {w for role in mention.roles for w in (role.normalized or role.text.lower()).split()}
        for title in titles - DETERMINERS - PREPOSITIONS:
            titled[(article.id, title)].append(n)
            story[title].add(clusters.find(n))
    for n, (article, _, mention) in enumerate(items):
        if proper[n] or pronoun[n] or not words[n] or mention.label != "PERSON":
            continue
        head = words[n][-1].lower()
        candidates = titled.get((article.id, head))
        if candidates:
            before = [c for c in candidates if items[c][2].start <= mention.start]
            clusters.union((before or candidates)[-1], n)
        elif len({clusters.find(c) for c in story.get(head, ())}) == 1:
            clusters.union(next(iter(story[head])), n)


def _link_nominals(items, words, proper, pronoun, clusters: _Clusters) -> None:
    """Pass 5: common nouns with one head whose names and numbers agree ("the 2009 quake"
    / "the quake", not "the 2010 quake").

    A noun joins the first earlier one it agrees with, trying its own article first,
    then the articles sharing most proper names with it (measured on ECB+ topics 1-35:
    CoNLL F1 0.7532 in order of appearance, 0.7535 in this order). Limiting the links
    to articles sharing a name lost 0.01-0.03 (session 1); re-run the coref eval after
    changing this.
    """
    names_of: dict[str, set[str]] = defaultdict(set)
    for n, (article, _, _) in enumerate(items):
        if proper[n]:
            names_of[article.id].add(name_key(words[n]))
    by_head: dict[tuple[str, str], list[int]] = defaultdict(list)
    marks = [_marks(m.text) for _, _, m in items]
    for n, (article, _, mention) in enumerate(items):
        if proper[n] or pronoun[n] or not words[n]:
            continue
        head = words[n][-1].lower().strip(".,")
        candidates = sorted(by_head[(kind_of(mention.label), head)], key=lambda m: (
            items[m][0] is not article, -len(names_of[article.id] & names_of[items[m][0].id])))
        for m in candidates:
            if _marks_compatible(marks[m], marks[n]):
                clusters.union(m, n)
                break
        by_head[(kind_of(mention.label), head)].append(n)


def _marks(text: str) -> set[str]:
    """Names and numbers inside a nominal ("a bank in Athens" -> {"athens"})."""
    words = clean_surface(text).replace(",", " ").split()
    return {
        w.lower()
        for w in words[1:] + [words[0]] * (not words[0][:1].isupper())
        if w[:1].isdigit() or w[:1].isupper()
    } if words else set()


def _marks_compatible(a: set[str], b: set[str]) -> bool:
    # Names and numbers must agree when both mentions give them: "the 2009 quake" and
    # "the 2010 quake" are two quakes, "a bank in Athens" is not "a bank in Woodburn".
    return not a or not b or a <= b or b <= a


def _link_pronouns(items, pronoun, lowered, proper, clusters: _Clusters, words) -> None:
    """Pass 6: a pronoun joins the nearest compatible mention before it, same article.

    Compatible: gender (``_Clusters.compatible``), person or thing, and number: "he"
    skips "officers" and "Police", "they" skips a named person and "the suspect"; "it"
    and "that" skip dates, "there" points at places only. Measured on ECB+ topics 1-35:
    number 0.7375 -> 0.7410 CoNLL F1; the date, place and "Police" checks 0.7474 -> 0.7490.
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, (article, _, _) in enumerate(items):
        by_article[article.id].append(n)
    for members in by_article.values():
        members.sort(key=lambda n: items[n][2].start)
        for place, n in enumerate(members):
            if not pronoun[n]:
                continue
            word = lowered[n]
            if word in PRONOUNS_LOCUTOR:
                same = [m for m in members[:place] if lowered[m] == word]
                if same:
                    clusters.union(same[-1], n)
                continue
            for m in reversed(members[:place]):
                if pronoun[m] and lowered[m] != word and not _pronouns_agree(lowered[m], word):
                    continue
                if pronoun[m] and lowered[m] in PRONOUNS_LOCUTOR:
                    continue
                if not clusters.compatible(m, n):
                    continue
                label = items[m][2].label
                if word in PRONOUNS_PERSON and label != "PERSON":
                    continue
                if word in PRONOUNS_THING and label == "PERSON":
                    continue
                if word in PRONOUNS_PLURAL and label not in PLURAL_OK:
                    continue
                if word in PRONOUNS_THING and label in ("DATE", "TIME"):
                    continue
                if word in ("there", "here") and label not in PLACE_LABELS:
                    continue
                if not pronoun[m] and label == "PERSON":
                    many = _names_many(words[m], proper[m])
                    if (word in PRONOUNS_PLURAL) != many and word not in ("who", "whom", "whose"):
                        continue
                clusters.union(m, n)
                break


def _names_many(words: list[str], proper: bool) -> bool:
    """Whether a person mention names several people ("officers", "police", "the Smiths")."""
    if not words:
        return False
    head = words[-1].lower().strip(".,'’")
    if proper:
        return len(words) == 1 and head in COLLECTIVE  # "Police"
    return head in COLLECTIVE or (head.endswith("s") and not head.endswith(("ss", "us", "is")))


def _pronouns_agree(a: str, b: str) -> bool:
    groups = (PRONOUNS_MALE, PRONOUNS_FEMALE, PRONOUNS_PLURAL, PRONOUNS_THING)
    return any(a in g and b in g for g in groups)


def _entities(items, words, proper, pronoun, clusters: _Clusters) -> list[Entity]:
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        members[clusters.find(n)].append(n)
    ordered = sorted(members.values(), key=lambda ns: min(ns))
    entities = []
    for number, group in enumerate(ordered, start=1):
        forms = Counter()
        for n in group:
            if not pronoun[n]:
                forms[" ".join(words[n]) or clean_surface(items[n][2].text)] += 1
        name = _canonical(forms, [n for n in group if proper[n]], words) or clean_surface(
            items[group[0]][2].text
        )
        labels = Counter(items[n][2].label for n in group if not pronoun[n]) or Counter(
            items[n][2].label for n in group
        )
        entities.append(
            Entity(
                id=f"e{number}",
                name=name,
                type=labels.most_common(1)[0][0],
                aliases=_aliases(group, items, name),
                roles=_roles(group, items),
                mentions=[
                    EntityMention(items[n][0].id, items[n][2].start, items[n][2].end, items[n][2].text)
                    for n in group
                ],
            )
        )
    return entities


def _canonical(forms: Counter, proper_members: list[int], words) -> str:
    """The fullest proper form: most words, then most frequent, then first seen."""
    if proper_members:
        candidates = Counter(" ".join(words[n]) for n in proper_members)
        order = {form: i for i, form in enumerate(dict.fromkeys(" ".join(words[n]) for n in proper_members))}
        return max(candidates, key=lambda f: (len(f.split()), candidates[f], -order[f]))
    if forms:
        return forms.most_common(1)[0][0]
    return ""


def _aliases(group: Iterable[int], items, name: str) -> list[str]:
    seen = dict.fromkeys(clean_surface(items[n][2].text) for n in group)
    return [form for form in seen if form != name and form.lower() not in PRONOUNS]


def _roles(group: Iterable[int], items) -> list[EntityRole]:
    roles: dict[tuple[str, str], EntityRole] = {}
    for n in group:
        article, _, mention = items[n]
        for role in mention.roles:
            key = (role.normalized or role.text.lower(), article.id)
            roles.setdefault(key, EntityRole(role.text, article.id))
    return list(roles.values())
