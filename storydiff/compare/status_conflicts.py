"""Where a story stands: is the suspect caught, charged, convicted; is the victim named?

Crime and disaster stories move through a few states that only go one way: a suspect
sought is then arrested; not yet charged, then charged; accused, then convicted; a victim
not named, then identified. Reports written at different moments disagree on them, and
a reader needs to know which report is behind. Each :data:`STATUSES` entry has the
phrases that say the state is reached (*after*) and those that say it is not yet
(*before*). An article that says *after* anywhere is after (it tells the story up to its
own day: "police searched for him ... he was arrested at midnight"); one that says only
*before* is before. Voices on both sides make a ``conflict`` of kind ``claim`` with
relation ``update``: the *after* article is the newer one, unless publication times
say the *before* report came later, which is a real contradiction (no relation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storydiff.compare.align import Unit
from storydiff.compare.draft import Draft, evidence_of, published_at

_PRONOUN = r"(?:him|her|them|himself|herself|themselves)"


@dataclass(frozen=True)
class Status:
    """One state a story reaches, with what says it is reached and what says not yet."""

    name: str
    label: str
    after: re.Pattern  # the state is reached
    before: re.Pattern  # not yet, as the story's own news ("at large", "expected to be charged")
    denied: re.Pattern | None  # not yet, in words that hold an after phrase ("no one has been arrested")


# General news phrasing of each state (English wire and local-news style). A sentence
# is read as denied first ("no suspect has been taken into custody" holds an after
# phrase), then as after, then as before: "the subject of a weeklong manhunt ... was
# captured Monday" is after.
STATUSES = (
    Status(
        "custody", "Suspect in custody",
        re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+\s+)?(?:arrested|captured|caught|apprehended|"
                   r"detained|taken into custody)\b|\b(?:surrendered|gave " + _PRONOUN + r" up|turned "
                   + _PRONOUN + r" in)\b|\bin custody\b|\barrested\s+(?:him|her|a|the)\b|\brecaptured\b|"
                   r"\b(?:at large|on the run|on the loose) until\b"),
        re.compile(r"\b(?:at large|on the loose|on the run|still (?:being )?sought|manhunt|"
                   r"(?:searching|search|hunting|looking) for (?:the|a|an) (?:suspect|gunman|shooter|killer|"
                   r"escapee|driver|man|woman|attacker)|whereabouts (?:of|are|is|remain))"),
        re.compile(r"\bno (?:one|suspects?|arrests?) (?:has|have|had|was|were)(?: yet)? been|\bno arrests?\b"),
    ),
    Status(
        "charged", "Suspect charged",
        re.compile(r"\b(?:was|were|been|is|are|has been|have been)\s+(?:formally\s+)?charged\b|\barraigned\b|"
                   r"\bindicted\b|\bcharged (?:him|her|them) with\b"),
        re.compile(r"\b(?:(?:expected|likely) to be "
                   r"(?:formally )?charged|will be (?:formally )?charged|charges (?:are|were|will be|would be) "
                   r"(?:formally )?laid|until (?:formal )?charges|after (?:he|she) is (?:formally )?charged|"
                   r"held on charges of fleeing)"),
        re.compile(r"\b(?:not (?:yet )?(?:been )?(?:formally )?charged|no charges)\b"),
    ),
    Status(
        "verdict", "Defendant convicted",
        re.compile(r"\bfound\s+(?:[\w-]+\s+){0,8}?guilty\b|\b(?:was|were|been|is)\s+guilty\b|\bconvicted\b|\bguilty verdict\b|\bverdict of guilty\b"),
        re.compile(r"\b(?:accused|stands? trial|on trial|goes? on trial|went on trial|trial (?:begins|began|"
                   r"starts|started|opened|opens|is set)|awaiting trial|held for trial|will face trial)\b"),
        # A plea of not guilty is the arraignment's news, not a verdict pending: "not guilty
        # pleas were entered" (April 2007) beside "found guilty" (April 2008) are two
        # stages of the case, a trap in the findings gold.
        None,
    ),
    # Utilities cut by a disaster: back on, or still being restored. "Struggling to restore
    # electricity" is the before state; "knocked down power" is the event itself and
    # "still has power" is another place that never lost it (findings gold 20_ecbplus c14,
    # trap t12), so neither reads as a state here. "struggling Monday to restore": a
    # day may sit between.
    Status(
        "restored", "Power restored",
        re.compile(r"\b(?:power|electricity|water|phone|telephone|gas|communications?)(?:\s+(?:and|or|supplies|supply|"
                   r"service|services|lines|water|electricity|power)){0,3}\s+(?:was|were|has\s+been|have\s+been|"
                   r"had\s+been)\s+(?:\w+\s+)?restored\b|\brestored\s+(?:power|electricity|water\s+supplies)\b"),
        re.compile(r"\b(?:struggling|trying|working|scrambling|racing|rushing|striving)\s+(?:\w+\s+){0,2}?to\s+restore\s+(?:\w+\s+)?"
                   r"(?:power|electricity|water|phone|telephone|communications?)\b|\b(?:remain|remained|remains|still|"
                   r"are|were)\s+without\s+(?:power|electricity|water)\b"),
        re.compile(r"\b(?:power|electricity|water)\s+(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+restored\b"),
    ),
    # "identified by the police as Madeline Kafoury" names her; "identified the other
    # victims as a 47-year-old man" gives ages, not names (findings gold 18_ecbplus c5).
    Status(
        "named", "Victim named",
        re.compile(r"\b(?:identified|named)\s+(?:the\s+\w+\s+|him\s+|her\s+|them\s+|by\s+(?:the\s+)?\w+\s+)?as"
                   r"\b(?!\s+(?:an?|one|two|three|\d+)\b)|\bhave identified the "
                   r"(?:victim|dead|deceased|woman|man)\b|\bidentified the (?:victim|dead|deceased)\b"),
        re.compile(r"\b(?:name|names|identity|identities)\s+(?:of\s+[\w ]{1,30}?\s+)?(?:will|would|was|were|"
                   r"has|have|had)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:be\s+)?(?:released|made public|disclosed)|"
                   r"would not (?:name|identify)|(?:not|yet to be) (?:been )?(?:identified|named)|"
                   r"withheld pending"),
        re.compile(r"\buntil (?:the )?next of kin\b"),
    ),
)


# A clause that only supposes the state ("if the driver was charged or convicted") says
# nothing of where the story stands.
_HEDGE = re.compile(r"\b(?:if|whether|could|would|may|might|unless)\b")
# "The suspect, identified as Anthony LaCalamita": the victim-named state is about the
# victim, so a naming of the suspect is not it.
_SUSPECT_NAMED = re.compile(r"\b(?:suspect|gunman|shooter|accused|driver|attacker|killer)\W+(?:\w+\W+){0,3}"
                            r"(?:identified|named)\b")


def _reached(status: Status, text: str) -> bool:
    match = status.after.search(text)
    if match is None or _HEDGE.search(text[:match.start()]):
        return False
    return not (status.name == "named" and _SUSPECT_NAMED.search(text))


def status_conflicts(units: list[Unit]) -> list[Draft]:
    """Conflicts between reports written before and after a state was reached.

    Args:
        units: the story's sentence units.

    Returns:
        One ``conflict`` draft (kind ``claim``) per state some voices have reached and
        others not yet, with the deciding sentence of each article as evidence.
    """
    drafts = []
    for status in STATUSES:
        after: dict[str, list[int]] = {}
        before: dict[str, list[int]] = {}
        for index, unit in enumerate(units):
            text = unit.text.lower()
            if status.denied is not None and status.denied.search(text):
                before.setdefault(unit.article.id, []).append(index)
            elif _reached(status, text):
                after.setdefault(unit.article.id, []).append(index)
            elif status.before.search(text):
                before.setdefault(unit.article.id, []).append(index)
        behind = {a: found for a, found in before.items() if a not in after}
        if not behind or not after:
            continue
        voice_after = {units[found[0]].voice for found in after.values()}
        voice_behind = {units[found[0]].voice for found in behind.values()}
        if not voice_behind - voice_after:
            continue  # only copies of one text on the "before" side that are also after
        evidence, members = [], []
        for side in (behind, after):
            for found in side.values():
                members += found[:2]
                evidence += [evidence_of(units[i], "before" if side is behind else "after") for i in found[:2]]
        late_after = [published_at(units[f[0]].article) for f in after.values()]
        late_behind = [published_at(units[f[0]].article) for f in behind.values()]
        relation, newer = "update", None
        if all(late_after) and all(late_behind):
            if max(late_behind) > min(late_after):
                relation = None  # a report written after the arrest still says "at large"
            else:
                newer = max(after, key=lambda a: published_at(units[after[a][0]].article))
        if relation and newer is None:
            newer = next(iter(after))
        where_before = ", ".join(behind)
        where_after = ", ".join(after)
        summary = f"{status.label}: not yet ({where_before}) vs yes ({where_after})"
        if relation:
            summary += " — an update"
        drafts.append(Draft("conflict", "claim", summary, evidence, subject=f"status:{status.name}",
                            relation=relation, newer=newer))
    return drafts
