"""Words of time: numbers, months, weekdays, units, parts of day, seasons, as regex parts.

Shared by the recognition rules (``.rules``); compiled once at import.
"""

from __future__ import annotations

import re

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update({"a": 1, "an": 1, "a couple of": 2, "a dozen": 12, "dozen": 12,
                     "a hundred": 100, "one hundred": 100, "a single": 1})
VAGUE_WORDS = ("several", "a few", "few", "many", "some", "a number of", "numerous",
               "the past few", "countless", "dozens of", "hundreds of", "a couple")

_WORD_NUM = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(_ONES[1:], key=len, reverse=True)) + r"|a couple of|a dozen|dozen"
    r"|a hundred|one hundred|a single|an?)"
)
#: A count: digits or number words ("24", "twenty-four", "a", "an").
NUM = r"(?:\d+(?:\.\d+)?|" + _WORD_NUM + r")"
VAGUE = r"(?:several|a few|few|many|some|a number of|numerous|countless|dozens of|hundreds of)"


def number_value(text: str) -> float | None:
    """The value of a NUM match ("twenty-four" -> 24, "3" -> 3, "an" -> 1).

    Args:
        text: the matched count.

    Returns:
        The number, or None when it is not one.
    """
    t = text.lower().strip()
    try:
        return float(t)
    except ValueError:
        pass
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBER_WORDS:
        return float(_TENS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i
# Full names, or abbreviations with a full stop ("Aug.") or followed by a day number.
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

#: Parts of day and their TIMEX3 codes.
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
         "overnight": "NI", "tonight": "NI", "midday": "MI", "mid-day": "MI",
         "daytime": "DT", "mid-afternoon": "AF", "mid afternoon": "AF"}
PART = r"(?:morning|afternoon|evening|night|mid-?afternoon|mid afternoon)"

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON = r"(?:spring|summer|fall|autumn|winter)"

#: Units and their TIMEX3 duration letters; ``True`` for units after the "T".
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "sec": ("S", True), "minute": ("M", True), "min": ("M", True),
    "hour": ("H", True), "hr": ("H", True), "day": ("D", False), "night": ("D", False),
    "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "yr": ("Y", False),
    "decade": ("DE", False), "century": ("CE", False), "weekend": ("WE", False),
    "millennium": ("ML", False),
}
UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
    r"|quarters?|years?|yrs?|decades?|century|centuries|weekends?|millennium|millennia)"
)
UNIT_PLURAL = r"(?:seconds|minutes|hours|days|nights|weeks|months|quarters|years|decades|centuries)"


def unit_key(word: str) -> str:
    """The singular key in UNITS for a unit word ("centuries" -> "century").

    Args:
        word: a UNIT match.

    Returns:
        The key.
    """
    w = word.lower()
    if w in ("centuries",):
        return "century"
    if w in ("millennia",):
        return "millennium"
    if w.endswith("s") and w[:-1] in UNITS:
        return w[:-1]
    return w


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration ("P3Y", "PT5H", "PXM" when the amount is vague).

    Decades and centuries are written in years (P20Y, P100Y) as TimeBank does; a
    fortnight is two weeks; a weekend two days.

    Args:
        amount: the count, or None for "several", "a few", bare plurals.
        unit: a key of UNITS.

    Returns:
        The TIMEX3 value.
    """
    letter, is_time = UNITS[unit]
    if unit == "fortnight":
        amount = None if amount is None else amount * 2
    if unit == "weekend":
        letter, amount = "D", None if amount is None else amount * 2
    if letter in ("DE", "CE", "ML"):
        factor = {"DE": 10, "CE": 100, "ML": 1000}[letter]
        letter, amount = "Y", None if amount is None else amount * factor
    if amount is None:
        count = "X"
    elif amount == int(amount):
        count = str(int(amount))
    else:
        # Fractions are written with the next smaller unit, as TimeBank does:
        # "2 1/2 years" P2Y6M, "5 1/2 hours" PT5H30M, "a minute and a half" PT1M30S.
        whole, rest = int(amount), amount - int(amount)
        smaller = {"Y": ("M", 12, False), "M": ("S", 60, True) if is_time else ("D", 30, False),
                   "H": ("M", 60, True), "D": ("H", 24, True), "W": ("D", 7, False)}.get(letter)
        if smaller and (rest * smaller[1]) == int(rest * smaller[1]):
            small_letter, factor, small_time = smaller
            head = f"{whole}{letter}" if whole else ""
            tail = f"{int(rest * factor)}{small_letter}"
            if small_time and not is_time:
                return f"P{head}T{tail}"
            return ("PT" if is_time else "P") + head + tail
        count = str(amount)
    return ("PT" if is_time else "P") + count + letter


#: Qualifiers before amounts and their TIMEX3 mod.
QUALIFIERS = {
    "more than": "MORE_THAN", "over": "MORE_THAN", "upwards of": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
    "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "nearly": "APPROX", "almost": "APPROX", "about": "APPROX", "around": "APPROX",
    "roughly": "APPROX", "approximately": "APPROX", "some": "APPROX", "close to": "APPROX",
    "just over": "MORE_THAN", "just under": "LESS_THAN", "well over": "MORE_THAN",
}
QUALIFIER = r"(?:" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")"

#: Position words before periods ("early 1990s", "mid-August", "late last year").
POSITIONS = {"early": "START", "mid": "MID", "middle of": "MID", "late": "END",
             "the end of": "END", "the beginning of": "START", "the start of": "START",
             "the middle of": "MID", "end of": "END", "beginning of": "START",
             "the early": "START", "the late": "END", "the mid": "MID"}
POSITION = r"(?:(?:the )?(?:early|late|mid)-?\s?|(?:the )?(?:end|beginning|start|middle) of )"


def position_mod(text: str) -> str | None:
    """The TIMEX3 mod of a position phrase ("early" -> START, "mid-" -> MID).

    Args:
        text: the matched POSITION.

    Returns:
        The mod, or None.
    """
    t = text.lower().strip(" -")
    t = re.sub(r"^the ", "", t)
    for word, mod in (("early", "START"), ("beginning", "START"), ("start", "START"),
                      ("mid", "MID"), ("middle", "MID"), ("late", "END"), ("end", "END")):
        if t.startswith(word):
            return mod
    return None
