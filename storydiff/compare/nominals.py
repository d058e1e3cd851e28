"""Person nominals ("the actress", "the climber") linked to a named person.

Resolution's name passes leave a common noun naming a person ("the actress", "the
suspect") in a cluster of its own or with the same noun in other articles. Two rules
link it, most precise first:

1. apposition, inside an article (``link_person_nominals``): the noun right after a name
   and a comma ("Esther Williams, the actress"), or right before it with at most two
   capitalised words between ("climber Robert Buckley");
2. salience, across the story (``link_nominal_clusters``): a cluster of such nouns joins
   the person most named in most of its articles;
3. synonyms (``link_similar_heads``, any label): nouns whose head words embed close
   together ("jail" / "prison", "gunman" / "shooter").

Only singular nouns that are not words for a group or people in general ("police",
"officials"). A merge that would join two different people is refused
(``clusters.Clusters.compatible``, which now also knows genders from "woman", "Mr." and the like:
``noun_gender``).

Measured on ECB+ topics 1-35 (gold mentions, CoNLL F1): apposition 0.7328 -> 0.7375.
Linking each noun to the nearest person named before it instead left 0.736-0.7375
(within 0-2 sentences, or only while the noun's cluster stays inside one article) with
B³ precision 0.73-0.81 instead of 0.83: the noun's cluster already spans articles, and
one wrong link there joins two people; the cluster-level vote of rule 2 avoids that.
Re-run ``storydiff eval coref`` after changing a pattern or a word list.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

# Nouns for several people: "he" never points at them, nor they back at one named person.
COLLECTIVE = frozenset(
    """
    police people authorities government administration team staff family families crowd
    public residents workers employees students children kids fans members forces army
    navy troops military media press reporters witnesses victims others everyone couple
    """.split()
)
# Nouns that never point back at one named person: groups, bodies, "someone".
GROUP_HEADS = COLLECTIVE | frozenset(
    """
    officials someone anyone nobody somebody anybody one ones company firm board council
    committee court jury party department agency office
    """.split()
)
# Nouns and titles that give a person's gender; "he" and "she" already do (resolve).
_FEMALE = frozenset(
    """
    woman women girl mother mom mum wife daughter sister grandmother aunt niece actress
    queen princess lady widow girlfriend bride mrs mrs. ms ms. miss madam businesswoman
    chairwoman spokeswoman congresswoman policewoman
    """.split()
)
_MALE = frozenset(
    """
    man men boy father dad husband son brother grandfather uncle nephew actor king
    prince lord widower boyfriend groom mr mr. sir businessman chairman spokesman
    congressman policeman gentleman
    """.split()
)


def noun_gender(word: str) -> str | None:
    """The gender a noun or title gives its person: "f", "m" or None.

    Args:
        word: a head noun ("actress") or a leading title ("Mrs.").

    Returns:
        "f", "m", or None when the word says nothing about it.
    """
    word = word.lower().strip(",'’")
    return "f" if word in _FEMALE else "m" if word in _MALE else None


# People who speak or act about the story's main person, rarely that person: a cluster
# of these nouns does not vote its way to the most named person.
SPEAKERS_ABOUT = frozenset(
    """
    publicist rep representative spokesman spokeswoman spokesperson lawyer attorney
    agent manager judge prosecutor witness neighbor neighbour friend source sources
    coroner officer detective investigator doctor
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
        clusters: the union-find being built (``clusters.Clusters``).

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


# A cluster of nominals joins the person who is the most named one in at least
# MIN_SHARE of its articles, and in at least MIN_VOTES of them. Measured on ECB+ topics
# 1-35 (gold mentions; CoNLL F1 before 0.7410): 0.5/1 gave 0.7413, 0.75/1 0.7415,
# 1.0/1 0.7404, 0.75/2 0.7423 (both halves gain: topics 1-16 +0.0005, 18-35 +0.0011).
# Re-run ``storydiff eval coref`` after changing them.
MIN_SHARE = 0.75
MIN_VOTES = 2
# Labels whose nominal clusters vote: ("PERSON", "ORG") 0.7474; adding FAC 0.7474,
# PRODUCT too 0.7471.
LABELS = ("PERSON", "ORG")


def link_nominal_clusters(items, words, proper, pronoun, clusters) -> None:
    """Link a cluster of person nominals to the person most articles' nominals name.

    After the name passes, "the actress" of five articles is one cluster with no name
    in it. In most of those articles one person (or organisation, for "the club") is
    named more often than any other: that is who the noun most likely points at. The
    cluster joins that person when enough of its articles agree (``MIN_SHARE``,
    ``MIN_VOTES``). Collective and plural nouns ("police", "fans") never join.

    Args:
        items: (article, index, mention) triples of the story, as in ``resolve``.
        words: each mention's name words (``name_tokens``).
        proper: whether each mention is a proper name.
        pronoun: whether each mention is a pronoun.
        clusters: the union-find being built (``clusters.Clusters``).

    Returns:
        None; merges go into ``clusters``.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        members[clusters.find(n)].append(n)
    # The most named person (or organisation) of every article: its cluster's proper
    # mentions there outnumber every other's.
    named: dict[str, Counter] = defaultdict(Counter)
    for n, (article, _, mention) in enumerate(items):
        if proper[n] and mention.label in LABELS:
            named[(article.id, mention.label)][clusters.find(n)] += 1

    top: dict[tuple[str, str], int] = {}
    for key, counts in named.items():
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            top[key] = ranked[0][0]
    for root, group in list(members.items()):
        if any(proper[n] for n in group):
            continue
        labels = Counter(items[n][2].label for n in group if not pronoun[n])
        if not labels:
            continue
        label = labels.most_common(1)[0][0]
        if label not in LABELS:
            continue
        heads = {words[n][-1].lower().strip(".,'’") for n in group if not pronoun[n] and words[n]}
        if (heads & GROUP_HEADS and label == "PERSON") or any(_plural(h) for h in heads):
            continue
        if heads & SPEAKERS_ABOUT:  # measured: 0.7496 -> 0.7499
            continue
        docs = {items[n][0].id for n in group}
        votes = Counter(top[(d, label)] for d in docs if (d, label) in top)
        if not votes:
            continue
        (winner, count), = votes.most_common(1)
        if count >= MIN_VOTES and count >= MIN_SHARE * len(docs):
            clusters.union(clusters.find(winner), root)


# Cosine similarity (all-MiniLM-L6-v2, the head words alone) at or above which two
# nouns of one label and one number are one thing. Measured on ECB+ topics 1-35 (CoNLL
# F1 0.7499 without): 0.6 0.7510, 0.65 0.7517, 0.7 0.7523, 0.75 0.7531, 0.8 0.7532,
# 0.85 0.7514, 0.9 0.7508; at 0.8 both halves gain (1-16 +0.0023, 18-35 +0.0038). The
# 61 pairs it joins there are synonyms and spellings (jail/prison, cops/police,
# attorney/lawyer, teen/teenager, jewellery/jewelry, protesters/demonstrators);
# singular and plural forms stay apart. 0 turns the pass off. Re-run ``storydiff eval
# coref`` after changing it.
SIMILAR = 0.8


def link_similar_heads(items, words, proper, pronoun, clusters) -> None:
    """Link common nouns whose head words mean the same ("protesters" / "demonstrators").

    Each distinct (label, head) of the story's common nouns is embedded once; two heads
    of one label, both singular or both plural, with cosine similarity >= ``SIMILAR``
    join their first mentions' clusters.

    Args:
        items: (article, index, mention) triples of the story, as in ``resolve``.
        words: each mention's name words (``name_tokens``).
        proper: whether each mention is a proper name.
        pronoun: whether each mention is a pronoun.
        clusters: the union-find being built (``clusters.Clusters``).

    Returns:
        None; merges go into ``clusters``.

    Raises:
        PipelineError: the embedding model cannot be loaded.
    """
    if not SIMILAR:
        return
    first: dict[tuple[str, str], int] = {}
    for n, (_, _, mention) in enumerate(items):
        if proper[n] or pronoun[n] or not words[n] or mention.label in ("DATE", "TIME"):
            continue
        head = words[n][-1].lower().strip(".,'’")
        if head.isalpha() and len(head) > 2:
            first.setdefault((mention.label, head), n)
    keys = list(first)
    if len(keys) < 2:
        return
    # Imported only when there are nouns to compare: a story of names alone never loads
    # the model.
    from storydiff.embeddings import embed

    vectors = embed([head for _, head in keys])
    similarity = vectors @ vectors.T
    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            if keys[a][0] != keys[b][0] or similarity[a, b] < SIMILAR:
                continue
            many_a = keys[a][1] in COLLECTIVE or _plural(keys[a][1])
            many_b = keys[b][1] in COLLECTIVE or _plural(keys[b][1])
            if many_a == many_b:
                clusters.union(first[keys[a]], first[keys[b]])
