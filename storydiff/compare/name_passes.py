"""Resolution's name passes (2-4 of ``resolve``): the same name, one day, acronyms,
surnames and short names, titles, descriptions of a named facility, "the country".

Each pass merges clusters of a ``clusters.Clusters`` through its ``union``, which
refuses merges of two different people. Arguments are ``resolve``'s per-mention lists:
``items`` (article, index, mention) triples, ``words`` (``names.name_tokens``),
``proper`` and ``pronoun`` flags, ``lowered`` (each mention's text in lower case); and
``clusters``, the union-find being built.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from storydiff.analyze.lexicon import REGION_WORDS
from storydiff.compare.clusters import Clusters, given_names_match, near_surnames
from storydiff.compare.names import (
    COMMON_ALIASES,
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    acronym,
    clean_surface,
    given_key,
    kind_of,
    name_key,
    translit_key,
    without_legal_suffix,
)
from storydiff.compare.timekeys import day_keys, top_date


def link_same_name(items, words, proper, pronoun, lowered, clusters: Clusters) -> None:
    """Pass 2: the same normalised words, any article, case aside ("Rehab" / "rehab");
    an organisation's name in the singular and the plural ("Kraft Food" / "Kraft Foods").

    Common nouns and dates link across articles too: measured on ECB+ topics 1-35,
    limiting them to articles that share proper names lost 0.01-0.03 CoNLL F1 (re-run
    the coref eval after changing this).

    Args:
        items, words, proper, pronoun, lowered, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
    """
    first: dict[tuple, int] = {}
    for n, (_, _, mention) in enumerate(items):
        if pronoun[n] or not words[n]:
            continue
        keys = [(kind_of(mention.label), name_key(words[n]))]
        if mention.label == "ORG" and proper[n]:
            keys.append((kind_of(mention.label), name_key(without_legal_suffix(words[n]))))
            if len(words[n]) >= 2:
                keys.append((kind_of(mention.label), name_key(singular_name(words[n]))))
        for key in keys:
            if key in first:
                clusters.union(first[key], n)
            else:
                first[key] = n


def singular_name(words: list[str]) -> list[str]:
    """An organisation's name with its last word in the singular: "Kraft Foods" and "Kraft
    Food's Susan Davison" (ECB+ 22_13ecbplus) name one company. Words ending in "ss",
    "us" or "is" keep their "s" (Congress, Campus, Paris)."""
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.lower().endswith(("ss", "us", "is")):
        return [*words[:-1], last[:-1]]
    return words


def link_dates(items, clusters: Clusters) -> None:
    """Pass 2b: dates naming one day ("late Thursday" / "on Thursday night", "yesterday"
    in an article dated the day after; see ``timekeys``).

    Args:
        items, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
    """
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


def link_acronyms(items, words, proper, clusters: Clusters) -> None:
    """Pass 3: U.S. / US / United States / America (one key per name).

    People get no acronym key: "Sanjay Gupta" and "Surgeon General" are both SG
    (ECB+ topic 34).

    Args:
        items, words, proper, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
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


def link_surnames(items, words, proper, clusters: Clusters) -> None:
    """Pass 4: "Belousov" -> "Andrey Belousov": its article first, then the story; a
    surname that two people of its article share joins neither.

    Args:
        items, words, proper, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
    """
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
            if (len(given_a) > 1 or len(given_b) > 1) and given_names_match(
                given_a[0], given_a, given_b[0], given_b
            ):
                clusters.union(a, b)
    # "Duncan Rait" / "Duncan Raite": one first name, surnames one letter apart.
    by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (first, last), n in by_full.items():
        by_first[first].append((last, n))
    for group in by_first.values():
        for (last_a, a), (last_b, b) in itertools.combinations(group, 2):
            if near_surnames(last_a, last_b):
                clusters.union(a, b)
    link_short_names(items, words, proper, clusters)
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
            # Beside "Donald Trump" and "Melania Trump" a bare "Trump" could be either:
            # it joins neither (nor the story's one Trump, below).
            if len({clusters.find(c) for c in candidates}) == 1:
                before = [c for c in candidates if items[c][2].start <= mention.start]
                clusters.union((before or candidates)[-1], n)
        elif len(full_by_story.get(last, ())) == 1:
            clusters.union(first_full[last], n)
        elif len({clusters.find(c) for c in firsts.get((article.id, last), ())}) == 1:
            clusters.union(next(iter(firsts[(article.id, last)])), n)


def link_short_names(items, words, proper, clusters: Clusters) -> None:
    """Pass 4a: "Sukanya" -> "INS Sukanya", "76ers" -> "Philadelphia 76ers" (not people);
    "the center" -> "Promises Treatment Center" (measured on ECB+ topics 1-35: CoNLL F1
    0.7451 -> 0.7462, LOC 0.677 -> 0.681).

    A one-word name that is the last word of a longer name of the same kind links to it
    when the story has exactly one such longer name ("Sixers" is no help: no longer name
    ends with it); failing that, the first word of one ("Promises" -> "Promises Treatment
    Center", "Indianapolis" -> "Indianapolis Colts": 0.7544 -> 0.7557; for
    organisations only 0.7552).

    Args:
        items, words, proper, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
    """
    longer: dict[tuple[str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str, str], int] = {}
    for n, (_, _, mention) in enumerate(items):
        if mention.label not in ("PERSON", "DATE") and proper[n] and len(words[n]) >= 2:
            kind, last = kind_of(mention.label), translit_key(words[n][-1])
            full = name_key(words[n])
            longer[(kind, last)].add(full)
            first.setdefault((kind, last, full), n)
            if "of" in words[n][1:-1]:
                # "the department" -> "Department of Criminal Justice": the head is the
                # word before "of".
                head = translit_key(words[n][words[n].index("of") - 1])
                longer[(kind, head)].add(full)
                first.setdefault((kind, head, full), n)
            # "Magadan" is not "Magadan Oblast": a region named after its city is
            # another place, so a region's name is found by no first word.
            if words[n][-1].lower() in REGION_WORDS:
                continue
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
    def one_entity(key: tuple, names: set[str]) -> int | None:
        """The first mention of the story's one entity among ``names`` (two spellings
        already joined count once: "Academy of Motion Picture(s) Arts and Sciences")."""
        roots = {clusters.find(first[(*key, name)]) for name in names}
        return first[(*key, min(names))] if len(roots) == 1 else None

    for n, (_, _, mention) in enumerate(items):
        if mention.label not in ("PERSON", "DATE", "TIME") and proper[n] and len(words[n]) >= 2:
            tail = (kind_of(mention.label), name_key(words[n]))
            if (target := one_entity(tail, tails.get(tail, set()))) is not None:
                clusters.union(target, n)
    for n, (_, _, mention) in enumerate(items):
        # "the center" -> "Promises Treatment Center", the story's one such name.
        if mention.label not in ("PERSON", "DATE") and not proper[n] and words[n] and (
            clean_surface(mention.text).lower() not in PRONOUNS
        ):
            key = (kind_of(mention.label), translit_key(words[n][-1]))
            if (target := one_entity(key, longer.get(key, set()))) is not None:
                clusters.union(target, n)
            continue
        if mention.label in ("PERSON", "DATE") or not proper[n] or len(words[n]) != 1:
            continue
        kind, last = kind_of(mention.label), translit_key(words[n][0])
        names = longer.get((kind, last), set())
        if names:
            target = one_entity((kind, last), names)
        else:
            start = (kind, ("^", last))
            target = one_entity(start, longer.get(start, set()))
        if target is not None:
            clusters.union(target, n)


def link_titles(items, words, proper, pronoun, clusters: Clusters) -> None:
    """Pass 4b: "the lawyer" -> the person an article called "lawyer Mark Heller".

    The titles come from the words stripped before a name and from the analysis' roles.
    Inside an article the nearest titled person before the nominal wins; across the
    story only a title given to exactly one person links.

    Args:
        items, words, proper, pronoun, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
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


def link_place_descriptions(items, words, proper, clusters: Clusters) -> None:
    """Pass 4c: "the Kraft Foods plant in Northeast Philadelphia" -> "Kraft Foods", the
    facility the story names with the capitalised words before the description's head.

    Facility mentions (FAC) on both sides only (also place and region names: 0.7967 /
    0.7481 with LOC, 0.7965 / 0.7492 with GPE as well): "a Troy accounting firm" is not the city
    Troy (GPE). Measured on ECB+ topics 1-16 / 18-35, CoNLL F1: 0.7930 / 0.7464 ->
    0.7967 / 0.7489 (LOC 0.692 -> 0.714 on 1-35); refusing names the story also writes
    as a city or country gave less (0.7964 / 0.7474). Re-run the coref eval after
    changing it.

    Args:
        items, words, proper, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
    """
    named: dict[str, int] = {}
    for n, (_, _, mention) in enumerate(items):
        if proper[n] and mention.label == "FAC":
            named.setdefault(name_key(words[n]), n)
    for n, (_, _, mention) in enumerate(items):
        if proper[n] or mention.label != "FAC" or not words[n]:
            continue
        modifier = []
        for word in words[n][:-1]:
            if word[:1].isupper():
                modifier.append(word)
            elif modifier:
                break
        key = name_key(modifier) if modifier else ""
        if key in named:
            clusters.union(named[key], n)


# A definite place noun and the kind of place (``analyze.places``) it points back at.
PLACE_NOUNS = {"country": "country", "nation": "country", "city": "city", "town": "city",
               "state": "admin1", "province": "admin1", "region": "admin1"}


def link_place_nouns(items, words, proper, clusters: Clusters) -> None:
    """Pass 4d: "the country" -> "Greece": a definite place noun joins the nearest place
    named before it in its article that the gazetteer (``analyze.places``) knows as that
    kind of place; failing that, the story's one place of that kind.

    Measured on ECB+ topics 1-16 / 18-35, CoNLL F1: 0.7967 / 0.7489 -> 0.7970 / 0.7494
    (with the article's places only, no change: the validated sentences seldom name the
    country before "the country"). Re-run the coref eval after changing ``PLACE_NOUNS``.

    Args:
        items, words, proper, clusters: as described in the module docstring.

    Returns:
        None; merges go into ``clusters``.
    """
    if not any(
        not proper[n] and len(words[n]) == 1 and words[n][0].lower() in PLACE_NOUNS
        for n in range(len(items))
    ):
        return  # the gazetteer is loaded only for a story that needs it
    from storydiff.analyze.places import lookup

    kinds: dict[str, str | None] = {}

    def kind(m: int) -> str | None:
        key = " ".join(words[m])
        if key not in kinds:
            found = lookup(key)
            kinds[key] = found.kind if found is not None else None
        return kinds[key]

    by_article: dict[str, list[int]] = defaultdict(list)
    story: dict[str, dict[str, int]] = defaultdict(dict)  # kind -> name key -> first mention
    for n, (article, _, mention) in enumerate(items):
        by_article[article.id].append(n)
        if proper[n] and kind_of(mention.label) == "place" and kind(n):
            story[kind(n)].setdefault(name_key(words[n]), n)
    for members in by_article.values():
        members.sort(key=lambda n: items[n][2].start)
        for place, n in enumerate(members):
            mention = items[n][2]
            if proper[n] or kind_of(mention.label) != "place" or len(words[n]) != 1:
                continue
            wanted = PLACE_NOUNS.get(words[n][0].lower())
            if wanted is None or not clean_surface(mention.text).lower().startswith("the "):
                continue
            earlier = [m for m in members[:place] if proper[m] and kind_of(items[m][2].label) == "place"
                       and kind(m) == wanted]
            if earlier:
                clusters.union(earlier[-1], n)
            elif len(story[wanted]) == 1:
                clusters.union(next(iter(story[wanted].values())), n)
