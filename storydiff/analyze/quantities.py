"""Quantities: numbers in digits or words, with unit, bounds and precision.

A quantity is an optional qualifier ("nearly", "more than", "about", "between"), a number
(digits "400", "1,200", "3.5"; words "three", "twenty-five", "a dozen"; scale words
"2 million", "$3bn"; or a vague amount "several", "a few", "dozens of") or a range
("between 10 and 15", "10-15", "10 to 15"), and a unit: a currency ("$", "€", "dollars",
"rubles"), a percent sign or word, a measure ("kilograms" -> "kg", "miles" -> "mi",
"years" for durations), or for counts the noun counted ("three planes" -> "plane").
A few spelled forms are read whole (:data:`_WRITTEN`): a height in feet and inches and
the weight written after it ("5-foot-8,135 pounds"), ranges of shares ("40 percent to
70 percent", "between half and two-thirds of"), halves ("half a mile", "a mile and a
half") and one more wounded beside the dead ("killing two and wounding a third").

Normal form: ``value`` (the number, or the low end of a range), ``low``/``high`` (what the
text allows: "more than 3" -> low 3; "nearly 400" -> high 400; "between 10 and 15" -> 10,
15; exact numbers have low == high == value), ``approximate`` (any hedge or vague amount),
``qualifier`` (the hedge as written, lower case), ``kind`` (count, measure, money, percent,
vague). Years, dates and clock times are left to the timex stage: a number inside a
time expression is skipped unless the expression is a duration ("more than three years").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from storydiff.analyze.docdata import sd
from storydiff.analyze.lexicon import NUMBER_WORDS, SCALE_WORDS, VAGUE

_QUALIFIERS = {
    # qualifier: (approximate, which bound the number sets)
    "nearly": (True, "high"), "almost": (True, "high"), "close to": (True, "high"),
    "just under": (True, "high"), "up to": (False, "high"), "less than": (False, "high"),
    "fewer than": (False, "high"), "under": (False, "high"), "at most": (False, "high"),
    "no more than": (False, "high"), "more than": (False, "low"), "over": (False, "low"),
    "at least": (False, "low"), "upwards of": (False, "low"), "just over": (True, "low"),
    "as many as": (False, "high"), "some": (True, None), "about": (True, None),
    "around": (True, None), "approximately": (True, None), "roughly": (True, None),
    "an estimated": (True, None), "estimated": (True, None), "circa": (True, None),
    "almost exactly": (False, None), "exactly": (False, None), "only": (False, None),
}
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH",
                   "us$": "USD", "c$": "CAD", "a$": "AUD"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                   "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "ruble": "RUB",
                   "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "yuan": "CNY",
                   "yen": "JPY", "hryvnia": "UAH", "hryvnias": "UAH", "rupees": "INR",
                   "francs": "CHF", "usd": "USD", "eur": "EUR", "gbp": "GBP"}
_MEASURES = {
    "kilogram": "kg", "kilograms": "kg", "kg": "kg", "kilo": "kg", "kilos": "kg",
    "gram": "g", "grams": "g", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t",
    "lb": "lb", "lbs": "lb", "kilometre": "km", "kilometres": "km", "kilometer": "km",
    "kilometers": "km", "km": "km", "mile": "mi", "miles": "mi", "metre": "m",
    "metres": "m", "meter": "m", "meters": "m", "feet": "ft", "foot": "ft", "ft": "ft",
    "litre": "l", "litres": "l", "liter": "l", "liters": "l", "gallons": "gal",
    "barrels": "bbl", "barrel": "bbl", "mph": "mph", "knots": "kn", "km/h": "km/h",
    "degrees": "deg", "hectares": "ha", "acres": "acre", "inch": "in", "inches": "in",
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
    "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour",
    "minute": "minute", "minutes": "minute", "decade": "decade", "decades": "decade",
}
_DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute", "decade"}
_NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_VAGUE_BY_FIRST: dict[str, list[str]] = {}
for _phrase in sorted(VAGUE, key=len, reverse=True):
    _VAGUE_BY_FIRST.setdefault(_phrase.split()[0], []).append(_phrase)
# Words that can open a quantity: checked first, so other tokens cost one set lookup.
_STARTS = set(_VAGUE_BY_FIRST) | set(NUMBER_WORDS) | set(_CURRENCY_SIGNS) | {"$"}
# Words that may start a number only with a noun or "dozen" after them ("a dozen").
_WEAK = {"a", "an", "both", "single", "half", "score", "pair", "couple"}


def _word_value(token: Token) -> float | None:
    text = token.lower_.replace(",", "")
    if _NUMERIC.match(token.text):
        return float(text)
    if text in NUMBER_WORDS and text not in _WEAK:
        return float(NUMBER_WORDS[text])
    if "-" in text:  # "twenty-five"
        parts = text.split("-")
        if all(p in NUMBER_WORDS and p not in _WEAK for p in parts):
            return float(sum(NUMBER_WORDS[p] for p in parts))
    return None


def _parse_number(doc: Doc, i: int) -> tuple[float, int] | None:
    """The number starting at token ``i`` and the index after it."""
    token = doc[i]
    if token.lower_ in ("a", "an") and i + 1 < len(doc) and doc[i + 1].lower_ in ("dozen", "hundred", "thousand", "million", "billion"):
        value = NUMBER_WORDS[doc[i + 1].lower_]
        return float(value), i + 2
    value = _word_value(token)
    if value is None:
        return None
    j = i + 1
    while j < len(doc):
        word = doc[j].lower_
        if word in SCALE_WORDS and not (word in ("m", "k") and doc[j - 1].whitespace_):
            value *= SCALE_WORDS[word]
            j += 1
            continue
        if word == "-" and j + 1 < len(doc) and doc[j + 1].lower_ in ("million", "billion", "trillion") \
                and not doc[j].whitespace_:
            value *= SCALE_WORDS[doc[j + 1].lower_]  # "$2.6-million": a scale, not a range
            j += 2
            continue
        more = _word_value(doc[j]) if not _NUMERIC.match(doc[j].text) else None
        if more is not None and doc[j - 1].lower_ in NUMBER_WORDS and value >= 20 and more < 10:
            value += more  # "twenty five"
            j += 1
            continue
        break
    return value, j


def _qualifier(doc: Doc, i: int) -> tuple[str | None, int]:
    for size in (3, 2, 1):
        if i - size < 0:
            continue
        words = " ".join(t.lower_ for t in doc[i - size:i])
        if words in _QUALIFIERS:
            return words, i - size
    return None, i


def _unit(doc: Doc, i: int, j: int, sign: str | None) -> tuple[str | None, str, int]:
    """(unit, kind, end index) for the number ending before token ``j``."""
    if sign:
        end = j
        if end < len(doc) and doc[end].lower_ in _CURRENCY_WORDS:
            end += 1
        return _CURRENCY_SIGNS[sign], "money", end
    if j < len(doc):
        word = doc[j].lower_
        if word in ("%", "percent", "pct"):
            return "%", "percent", j + 1
        if word == "per" and j + 1 < len(doc) and doc[j + 1].lower_ == "cent":
            return "%", "percent", j + 2
        if word in _CURRENCY_WORDS:
            # "weighing 130 pounds", "a 200-pound man": a weight, not sterling
            if word in ("pound", "pounds") and any(t.lemma_ in ("weigh", "weight", "heavy")
                                                   for t in doc[max(0, i - 4):j + 3]):
                return "lb", "measure", j + 1
            return _CURRENCY_WORDS[word], "money", j + 1
        if word in _MEASURES:
            return _MEASURES[word], "measure", j + 1
        if word == "-" and j + 1 < len(doc) and doc[j + 1].pos_ in ("NOUN", "ADJ"):
            return doc[j + 1].lemma_.lower(), "count", j  # "four-engine": unit, span ends at the number
    number = doc[j - 1]
    if number.dep_ not in ("nummod", "quantmod", "compound", "amod", "nmod") or number.head.i < j:
        number = doc[i]  # a range: "between 10 and 15 people" hangs the noun on "10"
    head = number.head
    if number.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.pos_ == "NOUN" and head.i >= j:
        # The span takes the counted noun when it is close ("three planes", "Three Russian
        # government planes"): 4 tokens covers the modifiers news puts between them.
        end = head.i + 1 if head.i - j < 4 else j
        return head.lemma_.lower(), "count", end
    return None, "count", j


def find_quantities(doc: Doc, skip: list[tuple[int, int]], durations: list[tuple[int, int]]) -> list[dict]:
    """Every quantity in ``doc`` outside the ``skip`` character ranges.

    Args:
        doc: a parsed doc.
        skip: character ranges owned by other stages (identifiers, non-duration timexes).
        durations: character ranges of duration timexes, whose numbers are kept.

    Returns:
        Quantity dicts (start, end, text, value, unit, low, high, approximate, qualifier, kind).
    """
    skipped_tokens: set[int] = set()
    for s, e in skip:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            skipped_tokens.update(range(span.start, span.end))

    found = [q for q in _written_forms(doc) if not any(s < q["end"] and q["start"] < e for s, e in skip)]
    for q in found:
        span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
        skipped_tokens.update(range(span.start, span.end))
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if i in skipped_tokens:
            i += 1
            continue
        if not (token.like_num or token.lower_ in _STARTS):
            i += 1  # most tokens: nothing here can start a quantity
            continue
        vague = None
        for phrase in _VAGUE_BY_FIRST.get(token.lower_, ()):
            words = phrase.split()
            if [t.lower_ for t in doc[i:i + len(words)]] == words:
                after = i + len(words)
                if after < n and doc[after].pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or phrase.endswith(" of"):
                    vague = (phrase, after)
                break
        if vague:
            phrase, after = vague
            low, high = VAGUE[phrase]
            unit, _, end = _unit(doc, after - 1, after, None)
            span = doc[i:end if end > after else after]
            found.append(_dict(span, None, unit, low, high, True, phrase, "vague"))
            i = after
            continue
        sign = None
        start = i
        if token.lower_ in _CURRENCY_SIGNS and i + 1 < n:
            sign = token.lower_
            i += 1
        if (token.ent_type_ == "ORDINAL" or token.like_num and token.lower_.endswith(("st", "nd", "rd", "th"))
                and not token.text[0].isdigit()):
            i += 1
            continue
        parsed = _parse_number(doc, i)
        if parsed is None:
            i = start + 1
            continue
        value, j = parsed
        # Clock times and years are the timex stage's; here, a time or date entity's number
        # is skipped unless it is a duration ("three years").
        if doc[i].ent_type_ in ("DATE", "TIME") and not any(s <= doc[i].idx < e for s, e in durations) \
                and not _percent_in_entity(doc, i):
            unit_word = doc[j].lower_ if j < n else ""
            if _MEASURES.get(unit_word) not in _DURATION_UNITS:
                i = j
                continue
        qualifier, qstart = _qualifier(doc, start)
        low = high = value
        approximate = False
        if qualifier:
            approximate, bound = _QUALIFIERS[qualifier]
            if bound == "high":
                low = None
            elif bound == "low":
                high = None
            else:
                low = high = None if approximate else value
        if qstart >= 1 and doc[qstart - 1].lower_ == "between" or start >= 1 and doc[start - 1].lower_ == "between":
            qstart = min(qstart, start - 1)
            qualifier = "between"
        # Ranges: "10 to 15", "10-15", "between 10 and 15", "10 or 15".
        if j + 1 < n and doc[j].lower_ in ("to", "-", "–", "and", "or") and _word_value(doc[j + 1]) is not None \
                and (doc[j].lower_ != "and" or qualifier == "between"):
            second = _parse_number(doc, j + 1)
            if second and second[0] > value:
                low, high = value, second[0]
                j = second[1]
        elif qualifier == "between":
            qualifier = None
            qstart = start
        unit, kind, end = _unit(doc, i, j, sign)
        span = doc[qstart:max(end, j)]
        if value == 1 and doc[i].lower_ == "one" and unit is None:
            i = j  # "one of them": a pronoun, not a count
            continue
        found.append(_dict(span, value, unit, low, high, approximate or qualifier in ("about",), qualifier, kind))
        i = max(end, j)
    return sorted(found, key=lambda q: q["start"])


def _percent_in_entity(doc: Doc, i: int) -> bool:
    """The tagger reads "between 40 and 80 percent damage" as a DATE entity: a percent
    word inside the entity, within the few tokens a range takes, makes it a share."""
    for token in doc[i:i + 5]:
        if token.ent_type_ != doc[i].ent_type_:
            return False
        if token.lower_ in ("percent", "%", "pct"):
            return True
    return False


_CHANGE_VERBS = {"rise", "fall", "climb", "drop", "jump", "increase", "decrease", "grow", "slip", "surge",
                 "plunge", "soar", "decline", "go", "move", "edge"}
_FRACTIONS = {"half": 50.0, "a half": 50.0, "one-half": 50.0, "a third": 100 / 3, "one-third": 100 / 3,
              "one third": 100 / 3, "two-thirds": 200 / 3, "two thirds": 200 / 3, "a quarter": 25.0,
              "one-quarter": 25.0, "one quarter": 25.0, "three-quarters": 75.0, "three quarters": 75.0}
_FRACTION = "|".join(sorted((re.escape(f) for f in _FRACTIONS), key=len, reverse=True))
_PERCENT_WORD = r"\s?(?:percent|per cent|%)"
_NUMBER = r"\d+(?:\.\d+)?"
_COUNT_WORDS = "|".join(w for w in NUMBER_WORDS if w not in _WEAK and NUMBER_WORDS[w] < 100)
_HALF_UNITS = "|".join(sorted((re.escape(w) for w, u in _MEASURES.items() if len(w) > 2), key=len, reverse=True))
# Spelled forms the token walk below cannot read, each a fixed shape of news prose:
_WRITTEN = [
    # "5-foot-8", "5 feet 8 inches": a person's height, and the weight often written after it
    # in a police description ("5-foot-8,135 pounds", where the tokenizer joins "8,135").
    ("height", re.compile(r"\b(?P<height>(?P<feet>[4-7])[- ]?(?:foot|feet|ft)[- ]?(?P<inches>\d{1,2})(?!\d)"
                          r"(?:[- ]?(?:inch(?:es)?|in\.))?)(?:,\s*(?P<weight>\d{2,3})\s*(?:pounds|lbs?)\b)?")),
    # "40 percent to 70 percent": a range whose ends each carry the unit.
    ("percent range", re.compile(r"\b(" + _NUMBER + ")" + _PERCENT_WORD + r"\s?(?:to|-|–)\s?(" + _NUMBER + ")"
                                 + _PERCENT_WORD)),
    # "between half and two-thirds of homes": a share as a range of fractions.
    ("fraction range", re.compile(r"\bbetween (" + _FRACTION + ") and (" + _FRACTION + r")(?= of\b)", re.I)),
    # "killing two women and critically injuring a third", "two killed and another wounded":
    # beside a count of the dead, "another" or "a third" is one more person, wounded.
    ("one more", re.compile(r"\b(?:kill(?:s|ed|ing)?|dead|execut(?:ed|ing))\b[^.;:]{0,60}?\band (?:(?:critically|"
                            r"seriously|severely|gravely) )?(?:(?:wound|injur)(?:ed|ing) (?P<object>another|a third|"
                            r"a fourth)(?! of)\b|(?P<subject>another|a third|a fourth)"
                            r"(?: (?!(?:" + _COUNT_WORDS + r")\b|\d)[\w-]+){0,2}? (?:was |were )?"
                            r"(?:wounded|injured|hurt)\b)", re.I)),
    # "half a mile", "a mile and a half", "two and a half hours".
    ("half", re.compile(r"\bhalf an? (" + _HALF_UNITS + r")\b", re.I)),
    ("and a half", re.compile(r"\b(an?|" + _COUNT_WORDS + r"|\d+) (?:(" + _HALF_UNITS + r") and a half|and a half ("
                              + _HALF_UNITS + r"))\b", re.I)),
]


def _written_forms(doc: Doc) -> list[dict]:
    """Quantities of the spelled forms in :data:`_WRITTEN`."""
    found = []

    def add(start, end, value, unit, kind, low=None, high=None):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        qualifier, qstart = _qualifier(doc, span.start)
        approximate, bound = _QUALIFIERS.get(qualifier, (False, None)) if qualifier else (False, None)
        lo = value if low is None else low
        hi = value if high is None else high
        if bound == "high":
            lo = None
        elif bound == "low":
            hi = None
        elif approximate:
            lo = hi = None
        q = _dict(doc[qstart:span.end], value, unit, lo, hi, approximate, qualifier, kind)
        q.update(start=doc[qstart].idx if qualifier else start, end=end,
                 text=doc.text[doc[qstart].idx if qualifier else start:end])
        found.append(q)

    for name, pattern in _WRITTEN:
        for m in pattern.finditer(doc.text):
            if any(q["start"] < m.end() and m.start() < q["end"] for q in found):
                continue
            if name == "height":
                add(m.start(), m.end("height"), int(m.group("feet")) * 12 + int(m.group("inches")), "in", "measure")
                if m.group("weight"):
                    add(m.start("weight"), m.end(), float(m.group("weight")), "lb", "measure")
            elif name == "percent range":
                low, high = float(m.group(1)), float(m.group(2))
                before = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if before is not None and any(t.lower_ == "from" or t.lemma_ in _CHANGE_VERBS
                                              for t in doc[max(0, before.start - 3):before.start]):
                    continue  # "rose from 5.4 percent to 6.1 percent": a change, not a range
                if low < high:
                    add(m.start(), m.end(), low, "%", "percent", low, high)
            elif name == "fraction range":
                low, high = _FRACTIONS[m.group(1).lower()], _FRACTIONS[m.group(2).lower()]
                if low < high:
                    add(m.start(), m.end(), low, "%", "percent", low, high)
            elif name == "one more":
                group = "object" if m.group("object") else "subject"
                add(m.start(group), m.end(group), 1.0, None, "count")
            elif name == "half":
                add(m.start(), m.end(), 0.5, _MEASURES[m.group(1).lower()], "measure")
            else:
                count, unit = m.group(1).lower(), (m.group(2) or m.group(3)).lower()
                whole = 1.0 if count in ("a", "an") else float(NUMBER_WORDS.get(count) or count)
                add(m.start(), m.end(), whole + 0.5, _MEASURES[unit], "measure")
    return found


# Dependency labels of a verb's arguments whose words name what a number in the clause
# counts ("the death toll rose to 10": toll, death).
_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "npadvmod")
_FRAME_POS = ("NOUN", "PROPN", "VERB", "ADJ")


def _frame(span) -> tuple[list[str], int, int]:
    """What a quantity counts: lemmas from the number up to its clause's verb, the verb's
    subject and object, and the clause's character range (the verb's subtree)."""
    words: list[str] = []

    def add(token) -> None:
        if token.pos_ in _FRAME_POS or token.like_num:
            lemma = token.lemma_.lower()
            if lemma not in words:
                words.append(lemma)
        for child in token.children:  # "death toll", "6.1-magnitude quake", "hardest-hit"
            if child.dep_ in ("compound", "amod") and child.i not in range(span.start, span.end):
                lemma = child.lemma_.lower()
                if child.pos_ in _FRAME_POS and lemma not in words:
                    words.append(lemma)

    for token in span:
        if token.pos_ in ("NOUN", "PROPN"):
            add(token)
    token, verb = span.root, None
    add(token)
    for _ in range(8):  # a clause is rarely deeper; the bound keeps a bad parse finite
        if token.pos_ in ("VERB", "AUX") and token is not span.root:
            verb = token
            break
        if token.head is token:
            break
        if token.dep_ == "conj" and token.pos_ in ("NOUN", "PROPN", "NUM"):
            # "a receptionist died and two men underwent surgery": a conjoined count
            # takes its sibling's verb only in a bad parse; what it counts is unknown.
            break
        token = token.head
        add(token)
    if verb is not None:
        for child in verb.children:
            if child.dep_ in _ARGUMENT_DEPS and child.i not in range(span.start, span.end):
                add(child)
        for child in verb.children:  # "took to the streets", "injured in the riots"
            if child.dep_ == "prep":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and grandchild.i not in range(span.start, span.end):
                        add(grandchild)
        clause = verb.doc[verb.left_edge.i:verb.right_edge.i + 1]
    else:
        clause = span.root.sent
    return words, clause.start_char, clause.end_char


def _dict(span, value, unit, low, high, approximate, qualifier, kind) -> dict:
    frame, clause_start, clause_end = _frame(span)
    return {"start": span.start_char, "end": span.end_char, "text": span.text, "value": value,
            "unit": unit, "low": low, "high": high, "approximate": approximate,
            "qualifier": qualifier, "kind": kind, "frame": frame,
            "clause_start": clause_start, "clause_end": clause_end}


def find(doc: Doc) -> Doc:
    """Pipeline stage: set ``doc._.sd["quantities"]``.

    Args:
        doc: a doc after the timexes and identifiers stages.

    Returns:
        The same doc.
    """
    data = sd(doc)
    skip = [(d["start"], d["end"]) for d in data.get("identifiers", [])]
    durations = []
    for timex in data.get("timexes", []):
        if timex.get("type") == "DURATION":
            durations.append((timex["start"], timex["end"]))
        else:
            skip.append((timex["start"], timex["end"]))
    data["quantities"] = find_quantities(doc, skip, durations)
    return doc
