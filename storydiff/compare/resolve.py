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
   proper name ending in its head ("the center" / "Promises Treatment Center"); a
   facility's description to the facility its capitalised words name ("the Kraft Foods
   plant" / "Kraft Foods"); "the country" to the country named before it;
5. person nominals in apposition to a name ("Esther Williams, the actress"), nominals
   with the same head ("the 4.6 magnitude quake" / "the quake"), or with heads of one
   meaning ("jail" / "prison"), and clusters of person nominals to the person most
   named in their articles (``nominals``);
6. pronouns to the nearest mention before them in their article that agrees in person,
   number and gender.

Passes 2-4 live in ``name_passes``, 5 partly in ``nominals``; the checks that refuse a
merge (and the events of a story, ``events``) in ``clusters``.

Every input mention ends up in exactly one entity (singletons included), so the
function also serves the ECB+ coreference evaluation on gold mentions
(``storydiff eval coref``; figures in docs/quality.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from storydiff.compare.clusters import Clusters, common_nouns
from storydiff.compare.events import article_events
from storydiff.compare.name_passes import (
    link_acronyms,
    link_dates,
    link_place_descriptions,
    link_place_nouns,
    link_same_name,
    link_surnames,
    link_titles,
)
from storydiff.compare.names import (
    PLACE_LABELS,
    PRONOUNS,
    PRONOUNS_FEMALE,
    PRONOUNS_LOCUTOR,
    PRONOUNS_MALE,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_THING,
    clean_surface,
    given_key,
    is_proper,
    kind_of,
    name_key,
    name_tokens,
    translit_key,
)
from storydiff.compare.nominals import (
    COLLECTIVE,
    link_nominal_clusters,
    link_person_nominals,
    link_similar_heads,
    noun_gender,
)
from storydiff.model import Article, Entity, EntityMention, EntityRole, Mention

# What "they" may point at: people, organisations, nationalities; not countries ("they"
# after "in France" was the robbers in ECB+ topic 24; dropping GPE: 0.7489 -> 0.7490).
PLURAL_OK = ("PERSON", "ORG", "NORP")


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
    clusters = Clusters(len(items))
    position = {(id(article), index): n for n, (article, index, _) in enumerate(items)}
    words = [name_tokens(m.text, m.label) for _, _, m in items]
    headline_names = _trim_headline_names(items, words)
    lowered = [clean_surface(m.text).lower() for _, _, m in items]
    # "US" is a country, "us" a pronoun.
    pronoun = [
        text in PRONOUNS and not (len(m.text) > 1 and m.text.isupper())
        for text, (_, _, m) in zip(lowered, items)
    ]
    proper = [(not pronoun[n]) and is_proper(words[n]) for n in range(len(items))]
    # Full names, for the person checks of ``Clusters.compatible``; "Mafia Boss" is none.
    # (Measured with the surname rule: 0.7861 / 0.7385 -> 0.7861 / 0.7393 on halves 1-16 /
    # 18-35.)
    nouns = common_nouns(articles)
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
    link_same_name(items, words, proper, pronoun, lowered, clusters)
    link_dates(items, clusters)
    link_acronyms(items, words, proper, clusters)
    link_surnames(items, words, proper, clusters)
    link_titles(items, words, proper, pronoun, clusters)
    link_place_descriptions(items, words, proper, clusters)
    link_place_nouns(items, words, proper, clusters)
    link_person_nominals(items, words, proper, pronoun, clusters)
    _link_nominals(items, words, proper, pronoun, clusters)
    link_similar_heads(items, words, proper, pronoun, clusters)
    link_nominal_clusters(items, words, proper, pronoun, clusters)
    _link_pronouns(items, pronoun, lowered, proper, clusters, words)
    return _entities(items, words, proper, pronoun, clusters, headline_names)


def _trim_headline_names(items, words) -> set[int]:
    """ "Lindsay Lohan Checks Out" is Lindsay Lohan: a person's name that starts with
    another person's full name in the story and goes on (Title Case headlines run the verb
    into the name; ECB+ 1_ecbplus writes "Lindsay Lohan Checks Into Rehab" in four
    headlines, some of them in articles that never write her name alone). Its words are
    cut to that name, in place; the mention's text is kept. Returns the indices cut."""
    full = {name_key(w) for w, (_, _, m) in zip(words, items) if m.label == "PERSON" and len(w) in (2, 3)}
    cut: set[int] = set()
    for n, (_, _, mention) in enumerate(items):
        if mention.label != "PERSON" or len(words[n]) < 3:
            continue
        for k in range(2, min(len(words[n]) - 1, 3) + 1):
            if name_key(words[n][:k]) in full:
                words[n] = words[n][:k]
                cut.add(n)
                break
    return cut


def _link_antecedents(items, position, clusters: Clusters) -> None:
    for n, (article, _, mention) in enumerate(items):
        if mention.antecedent is not None and 0 <= mention.antecedent < len(article.mentions):
            clusters.union(position[(id(article), mention.antecedent)], n)


def _link_nominals(items, words, proper, pronoun, clusters: Clusters) -> None:
    """Pass 5: common nouns with one head whose names and numbers agree ("the 2009 quake"
    / "the quake", not "the 2010 quake").

    A noun joins the first earlier one it agrees with, trying its own article first,
    then the articles sharing most proper names with it (measured on ECB+ topics 1-35:
    CoNLL F1 0.7532 in order of appearance, 0.7535 in this order). Limiting the links
    to articles sharing a name lost 0.01-0.03; re-run the coref eval after
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


def _link_pronouns(items, pronoun, lowered, proper, clusters: Clusters, words) -> None:
    """Pass 6: a pronoun joins the nearest compatible mention before it, same article.

    Compatible: gender (``Clusters.compatible``), person or thing, and number: "he"
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


def _entities(items, words, proper, pronoun, clusters: Clusters, headline_names: set[int]) -> list[Entity]:
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
                aliases=_aliases(group, items, name, headline_names),
                roles=_roles(group, items),
                mentions=[
                    EntityMention(items[n][0].id, items[n][2].start, items[n][2].end, items[n][2].text)
                    for n in group
                ],
            )
        )
    return entities


def _canonical(forms: Counter, proper_members: list[int], words) -> str:
    """The commonest full proper form (of two words or more, when there is one), then the
    one with most words, then the first seen: "Vladimir Putin" over "Putin", and over a
    one-off "Vladimir Vladimirovich Putin" or a headline's run-on name."""
    if proper_members:
        candidates = Counter(" ".join(words[n]) for n in proper_members)
        order = {form: i for i, form in enumerate(dict.fromkeys(" ".join(words[n]) for n in proper_members))}
        return max(candidates, key=lambda f: (len(f.split()) >= 2, candidates[f], len(f.split()), -order[f]))
    if forms:
        return forms.most_common(1)[0][0]
    return ""


def _aliases(group: Iterable[int], items, name: str, headline_names: set[int]) -> list[str]:
    # "Eric Allen Kirkpatrick -" (a name cut before a dash): no dangling punctuation; a
    # headline's run-on ("Lindsay Lohan Checks Out", ``_trim_headline_names``) is no alias.
    seen = dict.fromkeys(
        clean_surface(items[n][2].text).strip(" -,;:") for n in group if n not in headline_names
    )
    return [form for form in seen if form != name and form.lower() not in PRONOUNS]


def _roles(group: Iterable[int], items) -> list[EntityRole]:
    roles: dict[tuple[str, str], EntityRole] = {}
    for n in group:
        article, _, mention = items[n]
        for role in mention.roles:
            key = (role.normalized or role.text.lower(), article.id)
            roles.setdefault(key, EntityRole(role.text, article.id))
    return list(roles.values())
