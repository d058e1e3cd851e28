"""Facts as slots: what a number counts, about which event, with what precision.

Two articles' numbers conflict only when they fill the same *slot*: the same thing
counted or measured ("people killed", "villages destroyed", "distance from Tehran",
"magnitude"), about the same event (not a background event the article recalls, such as
an earlier earthquake), and differ beyond the precision their text gives ("about 100" vs
"98" agree; "55,000 files" vs "100,000 files" do not).

The slot is read from the quantity's ``frame`` (lemmas from the number up to its
clause's verb, set by :mod:`storydiff.analyze.quantities`) through :data:`CONCEPTS`, a
small lexicon of what news numbers count. A number whose frame names no concept and
counts nothing specific ("Orozco, 27"; "the 38") fills no slot: precision before recall.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from storydiff.compare.align import Unit
from storydiff.model import Entity, Quantity

# What news numbers count, as lemma classes. The first class a frame names (in this
# order) is the slot's concept. General news vocabulary (casualty reports, disasters,
# crime, protests, markets), not the words of any one story; an entry here lets two
# numbers be compared, so a word that is used for two different counts does not belong.
CONCEPTS: list[tuple[str, frozenset[str]]] = [
    ("dead", frozenset({"kill", "die", "dead", "death", "toll", "fatality", "slay", "life", "body"})),
    ("injured", frozenset({"injure", "wound", "hurt", "injury", "injured", "wounded", "casualty"})),
    ("arrested", frozenset({"arrest", "detain", "detention", "custody"})),
    ("missing", frozenset({"missing"})),
    ("evacuated", frozenset({"evacuate", "evacuation", "displace", "homeless", "shelter", "accommodation"})),
    ("magnitude", frozenset({"magnitude", "richter", "strength", "quake", "earthquake", "temblor", "register"})),
    ("aftershock", frozenset({"aftershock"})),
    ("population", frozenset({"population", "inhabitant", "resident", "home"})),
    ("protesters", frozenset({"march", "protest", "protester", "demonstrator", "demonstration",
                              "rally", "marcher", "street", "strike"})),
    ("children", frozenset({"mother", "father", "parent", "mom", "dad"})),
    ("weight", frozenset({"weigh", "weight", "pound"})),
    ("height", frozenset({"tall", "height"})),
    # "worth" and "value" are the loot's or the property's, but not beside an offer
    # (slot_of): a contract "worth $160 million" and another "worth $90 million" are two
    # deals of one negotiation (ECB+ 10_ecb), not two readings of one value.
    ("loot", frozenset({"steal", "stolen", "loot", "booty", "haul", "worth", "value", "rob", "robbery",
                        "heist", "nab", "grab"})),
    ("damage", frozenset({"destroy", "flatten", "level", "raze", "damage", "collapse", "hit", "worst",
                          "hardest", "affect", "devastate"})),
    ("market", frozenset({"stock", "share", "index", "bourse", "market"})),
    ("fall", frozenset({"fall", "plunge", "drop", "slide", "tumble", "lose", "decline", "sink"})),
    ("rise", frozenset({"rise", "climb", "gain", "jump", "soar", "increase"})),
    ("duration", frozenset({"last", "negotiate", "negotiation", "standoff", "lockdown", "deliberate",
                            "chase", "pursuit", "tremor", "shake", "feel"})),
]
_CONCEPT_OF = {word: name for name, words in CONCEPTS for word in words}

# Counted nouns that say nothing of what was counted ("10 people", "three persons"):
# such a count needs a concept from its verb.
_GENERIC = {None, "people", "person", "persons", "other", "one", "man", "woman", "men", "women",
            "time", "times", "number", "total"}

# Conversion to one unit per dimension. The factors are the definitions of the units.
_TO_BASE: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0), "mi": ("length", 1609.344), "m": ("length", 1.0), "ft": ("length", 0.3048),
    "in": ("length", 0.0254),
    "kg": ("mass", 1.0), "g": ("mass", 0.001), "t": ("mass", 1000.0), "lb": ("mass", 0.45359237),
    "mph": ("speed", 1.609344), "km/h": ("speed", 1.0), "kn": ("speed", 1.852),
    "acre": ("area", 4046.8564224), "ha": ("area", 10000.0),
    "l": ("volume", 1.0), "gal": ("volume", 3.785411784),
    "second": ("duration", 1.0), "minute": ("duration", 60.0), "hour": ("duration", 3600.0),
    "day": ("duration", 86400.0), "week": ("duration", 604800.0),
}

# Two values given in different units were converted by one of the writers, who rounds:
# "940 miles" and "1,500 kilometres" (1,513 km) are one distance. 3% covers the
# rounding of a converted figure to two or three significant digits.
CONVERSION_TOLERANCE = 0.03

# An approximate value ("about 6.0", "around 30 seconds") allows at least this fraction
# either way; news style reads "about" as roughly 5-10 %. 5 % keeps "about 6.0" vs 6.1
# magnitude a rounding and "about 10 minutes" vs nine compatible.
APPROXIMATE_FRACTION = 0.05

# "nearly / almost X" allows values down to this fraction of X ("almost three hours" is
# not two hours; "nearly 400" is 390).
NEARLY_FRACTION = 0.85

# A place named by at least this share of the story's articles in their first sentences
# is the story's own; a fact whose clause names another place is about something else
# (an earlier quake, another city's march). A third: the event's place is in the lead
# of most reports, a background place in the lead of almost none.
LEAD_SHARE = 1 / 3
LEAD_SENTENCES = 3

_DISTANCE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:away\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+|off\s+)?(?:of|from)\s+(?:the\s+)?([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*)"
)
# How long something lasted, when the verb is not "last": "locked down the
# neighbourhood for almost three hours while they negotiated".
_DURATION_WORDS = re.compile(r"\b(?:negotiat\w*|standoff|stand-off|lock(?:ed)?\s*down|lockdown|lasted|siege)\b")
# A street, road or square is a place inside the story's own town ("directing traffic
# away from Ontario Street"), not another event's place.
_STREET = re.compile(r"^[\w .'-]*?\b(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.?|Drive|Lane|Way|"
                     r"Square|Place|Highway|Interstate|Bridge|Park)\b")
_ADDRESS = re.compile(r"\s+(?!of\b)(?:(?:North|South|East|West|[NSEW])\.?\s+)?(?:\w+\s+){0,2}?"
                      r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.?|Drive|Lane)\b")
_FEET = re.compile(r"\b(?:foot|feet|ft)\b")
_AWAY = re.compile(r"\s*away\b")
_HOME = re.compile(r"\b(?:live[sd]?|living|moved|resid\w*|home)\b", re.I)
_OFFERS = re.compile(r"\b(?:contracts?|deals?|offers?|offered|proposals?|salar\w+|bids?)\b", re.I)
_THEFT = re.compile(r"\b(?:st[oe]l\w*|loot\w*|heist|robb\w*|thie\w+|booty|haul|nab\w*|made off|making off|"
                    r"grabb?\w*)\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH = re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|December)\b")
_COUNT_WORD = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"


@dataclass
class Fact:
    """One article's value for one slot."""

    slot: tuple[str, ...]
    low: float
    high: float
    quantity: Quantity
    unit: Unit
    anchors: frozenset[str] = field(default_factory=frozenset)  # entity ids / years of the clause
    converted: bool = False

    @property
    def article(self) -> str:
        return self.unit.article.id


# Concepts that name how a figure changed or what it affected, not what it counts: a
# frame that names a count's own concept as well ("death toll rises to 10") is that count.
_GENERAL = {"rise", "fall", "market", "damage", "duration"}


def concept_of(frame: list[str]) -> str | None:
    """The concept a frame's lemmas name, nearest the number first, a general one only
    when no other is named (None: the number counts nothing known)."""
    found = [_CONCEPT_OF[part] for word in frame for part in word.split("-")  # "worst-hit"
             if part in _CONCEPT_OF]
    specific = [c for c in found if c not in _GENERAL]
    if specific:
        return specific[0]
    # Among general concepts, the list's order: "stocks plunged 5.4 per cent" and
    # "stocks closed down 3.9 percent" are both the market's move.
    return next((name for name, _ in CONCEPTS if name in found), None)


def _rounding(value: float, text: str) -> float:
    """Half the place value of a number's last significant digit when it is a round
    number of one significant digit and at least 100 ("600 were killed" vs 612); zero
    otherwise (130 vs 135 pounds differ)."""
    if value < 100 or "." in text:
        return 0.0
    digits = f"{int(value)}"
    significant = digits.rstrip("0")
    if len(significant) > 1:
        return 0.0
    return 10 ** (len(digits) - len(significant)) / 2


def bounds(q: Quantity) -> tuple[float, float] | None:
    """The interval a quantity's text allows, with its rounding and hedges."""
    if q.kind in ("vague", "ordinal") or q.value is None:
        return None
    low, high = (q.low, q.high)
    value = q.value
    # "100 percent" is all of it, not a round count
    spread = _rounding(value, q.text) if q.kind != "percent" else 0.0
    qualifier = (q.qualifier or "").lower()
    if qualifier in ("nearly", "almost", "close to", "just under"):
        return (value * NEARLY_FRACTION - spread, value + spread)
    if q.approximate:
        decimals = q.text.split(".")[-1] if "." in q.text else ""
        place = 10 ** -len(re.match(r"\d*", decimals).group()) / 2 if decimals else 0.5
        spread = max(spread, value * APPROXIMATE_FRACTION, place)
    lo = -math.inf if low is None and high is not None else (low if low is not None else value)
    hi = math.inf if high is None and low is not None else (high if high is not None else value)
    if low is None and high is None:
        lo = hi = value
    return (lo - spread, hi + spread)


def _is_age(article_text: str, q: Quantity) -> bool:
    """Ages change between reports a year apart ("Orozco, 27" at the killing, 29 at the
    trial): never a slot."""
    after = article_text[q.end:q.end + 12].lower()
    before = article_text[max(0, q.start - 12):q.start].lower()
    return ("year-old" in after or "-year" in after or "years old" in after or "age" in before
            or (before.endswith(", ") and q.unit is None))


# Frames with these lemmas count charges or sentences, not people ("three life
# sentences", "two counts of murder").
_NOT_PEOPLE = {"sentence", "count", "charge", "term"}
# Nouns that name a subgroup of a count when joined with another ("two women and a man").
_SUBGROUPS = {"woman", "man", "men", "women", "boy", "girl", "child", "adult"}
# A count of the past, not of the event ("Gray has four prior arrests").
_PAST = {"prior", "previous", "past", "earlier", "former"}
# Calendar spans: how long ago or how long someone worked; a slot of their own is
# rarely one fact across reports ("for 15 years", "more than 25 years").
_CALENDAR_UNITS = {"year", "month", "decade", "century"}


def is_part(article_text: str, q: Quantity) -> bool:
    """A number that is part of another in its phrase: "two of the three victims",
    "30 of the 80 wounded". Both numbers count something else than the slot's total."""
    after = article_text[q.end:q.end + 12]
    before = article_text[max(0, q.start - 12):q.start]
    # "two women and a man", "a man and two women": subgroups of one count
    joined_after = re.match(r"\s*(?:and|,)\s+" + _COUNT_WORD + r"\s+\w+", article_text[q.end:q.end + 20])
    joined_before = re.search(r"\b" + _COUNT_WORD + r"\s+\w+\s+and\s+$", article_text[max(0, q.start - 20):q.start])
    # "(12 Somali and 11 Yemeni)": a breakdown in brackets counts parts of the total before it
    # (a sum or a length in brackets is the same figure in another unit: "2m euros ($2.6m)")
    opened = article_text[max(0, q.start - 40):q.start]
    if q.kind == "count" and opened.rfind("(") > opened.rfind(")"):
        return True
    # ("40 percent of the buildings" is a share, the slot's own value)
    return bool(q.kind != "percent" and re.match(r"\s+of\s+(?:the|them|those|these|its|his|her|their)\b", after)
                or re.search(r"\bof\s+(?:the|its|his|her|their)\s+$", before)
                or (q.unit in _SUBGROUPS and (joined_after or joined_before)))


def _clause(article_text: str, q: Quantity) -> str:
    """The quantity's clause (its own text when the clause is unknown; 0 is a start)."""
    start = q.start if q.clause_start is None else q.clause_start
    end = q.end if q.clause_end is None else q.clause_end
    return article_text[start:end]


def slot_of(article_text: str, q: Quantity) -> tuple[tuple[str, ...], bool] | None:
    """The slot a quantity fills, and whether its value was converted to a base unit."""
    if q.kind in ("vague", "ordinal") or q.value is None or not q.frame or _is_age(article_text, q):
        return None
    if _ADDRESS.match(article_text[q.end:q.end + 40]):
        return None  # "473 East 52nd Street": a house number
    if _PAST & set(q.frame) or q.text.lower().startswith(("several ", "a few ", "many ", "some ")):
        return None  # "four prior arrests" is a record, "several hundred" no figure
    if q.unit in _CALENDAR_UNITS or _NOT_PEOPLE & set(q.frame) or is_part(article_text, q):
        return None
    concept = concept_of(q.frame)
    unit = q.unit
    if concept == "children":
        # Only "mother of 12" or "her 12 children" count her children; "three mothers
        # and two children" at a crossing count the people there.
        before = article_text[max(0, q.start - 20):q.start].lower()
        parent = re.search(r"\b(?:mother|father|parent|mom|dad)s?\s+of\s+$", before)
        own_children = unit in ("child", "children", "kid", "kids") and re.search(r"\b(?:her|his|their)\s+$", before)
        if not (parent and unit in _GENERIC | {"child", "children", "kid", "kids"}) and not own_children:
            return None
        return (("count", "children"), False)
    if q.kind == "money":
        if concept == "loot" and _OFFERS.search(article_text[max(0, q.start - 150):q.end + 100]) \
                and not _THEFT.search(article_text[max(0, q.start - 150):q.end + 100]):
            return None
        return (("money", unit or "", concept or ""), False) if concept else None
    if q.kind == "percent":
        return (("percent", concept), False) if concept else None
    if unit in _TO_BASE:
        dimension = _TO_BASE[unit][0]
        if dimension == "length":
            if unit == "in" and _FEET.search(q.text):
                return (("height",), True)  # "5-foot-8": a person's height in a description
            match = _DISTANCE.match(article_text[q.end:q.end + 80])
            if match is not None:
                return (("distance", match.group(1).lower()), True)
            clause = _clause(article_text, q)
            if _AWAY.match(article_text[q.end:q.end + 10]) and _HOME.search(clause):
                # "who lived half a mile away": how far from the event someone lives
                return (("distance", "home"), True)
            return None
        if dimension == "duration":
            # Durations of what: the concept and the frame's first noun ("tremor lasted").
            clause = _clause(article_text, q).lower()
            if concept != "duration" and not _DURATION_WORDS.search(clause):
                return None
            return (("duration",), True)
        return ((dimension, concept or ""), True) if concept else None
    if unit == "block":  # "the 12000 block of East 223rd Street": an address, read exactly
        match = re.match(r"[ \t]+of[ \t]+((?:[A-Z0-9]\w*[ \t]*)+)", article_text[q.end:q.end + 60])
        street = " ".join(match.group(1).split()[-2:]).lower() if match else ""
        return (("block", street), False) if street else None
    if concept == "duration":
        return None  # "last" as in "the last straw", "Last updated at 11:11": no time unit, no duration
    if unit in _GENERIC or unit in ("hurt", "magnitude", "strength", "quake"):
        # A bare count needs a concept of its own: "hitting him eleven times" is no damage count
        return (("count", concept), False) if concept and concept not in _GENERAL else None
    if concept is None:
        return None  # "31 trucks", "two officers": what they did is not known, so neither is the slot
    return (("count", unit.rstrip("s"), concept), False)


def in_base_unit(q: Quantity, low: float, high: float) -> tuple[float, float]:
    factor = _TO_BASE[q.unit][1] if q.unit in _TO_BASE else 1.0
    return (low * factor, high * factor)


def _lead(article) -> list:
    """The article's lead: a scraped text often opens with its address and a "Last
    updated" line, so the first sentences of four words or more that are no address."""
    sentences = [s for s in article.sentences if len(s.text.split()) >= 4 and "://" not in s.text]
    return sentences[:LEAD_SENTENCES]


def story_places(articles, entities: list[Entity]) -> set[str]:
    """Entities the story's leads name: those in the first sentences of at least
    :data:`LEAD_SHARE` of its articles (and at least two)."""
    count: dict[str, int] = {}
    for article in articles:
        sentences = _lead(article)
        end = sentences[-1].end if sentences else 300
        seen = {e.id for e in entities for m in e.mentions if m.article == article.id and m.start < end}
        for entity_id in seen:
            count[entity_id] = count.get(entity_id, 0) + 1
    need = max(2, math.ceil(len(articles) * LEAD_SHARE))
    own = {entity_id for entity_id, n in count.items() if n >= need}
    # Named by most of the articles anywhere: the story's own too. A background place
    # (an earlier quake's city) is recalled by some reports, not by most.
    own |= {e.id for e in entities if len(e.articles) * 2 > len(articles)}
    # "Qeshm Island" is the story's "Qeshm": a name that holds an own place's name.
    words = {w for e in entities if e.id in own for w in e.name.lower().split() if len(w) > 3}
    own |= {e.id for e in entities if e.type in ("GPE", "LOC", "FAC") and set(e.name.lower().split()) & words}
    # and its other name ("Salonika" when the leads name "Thessaloniki")
    return own | {place_key(e.name) for e in entities if e.id in own and place_key(e.name)}


def clause_anchors(unit: Unit, q: Quantity, entity_at: dict[tuple[str, int], tuple[str, str]],
                   own: set[str]) -> frozenset[str] | None:
    """What the number's clause names beyond the story's own places: other places,
    organisations and events, and years. None when the clause cannot be read."""
    # The whole sentence: a background event is often named outside the number's own
    # clause ("A robbery at the Carlton in Cannes, making off with jewels worth £88m").
    start, end = unit.start, unit.end
    text = unit.article.text
    anchors = set()
    for (article, offset), (entity_id, kind) in entity_at.items():
        if article == unit.article.id and start <= offset < end and entity_id not in own:
            name = text[offset:offset + 40].split(",")[0]
            # a name of the exonym table is a place whatever the tagger read ("Thessaloniki" as ORG)
            key = place_key(name)
            if (key or kind in ("GPE", "LOC", "FAC", "EVENT") and not _STREET.search(name)) \
                    and (key or entity_id) not in own:
                anchors.add(key or entity_id)
    for year in _YEAR.findall(text[start:end]):
        anchors.add(f"year:{year}")
    for month in _MONTH.findall(text[start:end]) + re.findall(r"\b[Ii]n (May)\b", text[start:end]):
        if month.lower() not in own:
            anchors.add(f"month:{month.lower()}")
    return frozenset(anchors)


# Places news names two ways, an English exonym beside the local name ("Salonika" and
# "Thessaloniki" in one Greek story, ECB+ 8_ecbplus): a number's anchor is one place
# either way. The exonyms still common in English news, with the name they stand for.
EXONYMS = {
    "salonika": "thessaloniki", "salonica": "thessaloniki", "peking": "beijing", "bombay": "mumbai",
    "calcutta": "kolkata", "madras": "chennai", "bangalore": "bengaluru", "saigon": "ho chi minh city",
    "rangoon": "yangon", "canton": "guangzhou", "kiev": "kyiv", "kharkov": "kharkiv", "odessa": "odesa",
    "lvov": "lviv", "tiflis": "tbilisi", "leghorn": "livorno", "burma": "myanmar",
}
_ENDONYMS = set(EXONYMS.values())


def place_key(name: str) -> str | None:
    """One anchor for a place named by its exonym or its own name; None for other names."""
    words = name.strip().lower()
    for exonym, endonym in EXONYMS.items():
        if re.match(re.escape(exonym) + r"\b", words):
            return f"place:{endonym}"
    for endonym in _ENDONYMS:
        if re.match(re.escape(endonym) + r"\b", words):
            return f"place:{endonym}"
    return None


def story_months(articles) -> set[str]:
    """Month names the story's leads write (in at least :data:`LEAD_SHARE` of them):
    a sentence naming another month is about another event ("In February, a quake...")."""
    count: dict[str, int] = {}
    for article in articles:
        lead = " ".join(s.text for s in _lead(article))
        for month in {m.lower() for m in _MONTH.findall(lead)}:
            count[month] = count.get(month, 0) + 1
    need = max(2, math.ceil(len(articles) * LEAD_SHARE))
    return {month for month, n in count.items() if n >= need}
