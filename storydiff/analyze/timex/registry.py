"""The registry of time-expression rules, and what every rule gets and gives.

Rules register themselves (feedparser's ``registerDateHandler``, in miniature): adding a
family is adding a function with ``@rule(pattern)`` in one of the family modules
(``.dates``, ``.relative``, ``.durations``, ``.holidays``; they are
imported, in that order, by ``.rules``). A handler gets the match and the
:class:`Context` and returns a :class:`Candidate` (or None to reject the match).
Extents follow TimeML: determiners and qualifiers belong to the expression ("the past two
weeks", "more than three years"); prepositions do not ("on Friday" -> "Friday").

Handlers that depend on what came before ("the quarter", "a year earlier") leave
``timeml`` None and set ``rule`` to a name ``timex.py`` resolves in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storydiff.analyze.timex.calendar import Candidate, is_future, tense_near


@dataclass(slots=True)
class Context:
    """What a rule may consult: the anchor day and the clause around the match."""

    text: str
    anchor: dt.date
    sentence_of: Callable[[int], tuple[int, int]]

    def clause(self, pos: int) -> str:
        """The sentence holding position ``pos``."""
        start, end = self.sentence_of(pos)
        return self.text[start:end]

    def future(self, pos: int) -> bool:
        """Whether the clause at ``pos`` speaks of the future (see :meth:`tense`)."""
        return bool(self.tense(pos))

    def tense(self, pos: int) -> bool | None:
        """True when the clause at ``pos`` speaks of the future, False of the past, None
        when no word says.

        The clause is the stretch of the sentence between punctuation that separates
        clauses or closes a quotation, so "'We'll find out soon,' Trump stated on
        Thursday morning" reads as past.
        """
        start, end = self.sentence_of(pos)
        marks = [m.start() for m in _CLAUSE_MARK.finditer(self.text, start, end)]
        left = max((i for i in marks if i < pos), default=-1)
        right = [i for i in marks if i >= pos]
        lo, hi = max(start, left + 1), (min(right) if right else end)
        end_of = re.match(r"[\w'’.-]*(?:\s+(?:morning|afternoon|evening|night))?", self.text[pos:hi])
        after = pos + (end_of.end() if end_of else 0)
        near = tense_near(self.text[lo:pos], self.text[after:hi])
        if near is not None:
            return near
        return True if is_future(self.text[lo:hi]) else None


# Punctuation that ends a clause or closes a quotation (a colon only outside "6:00").
_CLAUSE_MARK = re.compile(r"[;”\"—?!]|(?<!\d):(?!\d)")
Handler = Callable[[re.Match, Context], Candidate | None]


@dataclass(slots=True)
class Rule:
    """One registered family: its pattern, handler, tie-break priority and trigger."""

    name: str
    pattern: re.Pattern
    handler: Handler
    priority: int
    trigger: re.Pattern | None

    def finditer(self, text: str) -> list[re.Match]:
        """Every match in ``text``.

        A rule with a trigger (a word every match contains, e.g. a unit for durations)
        runs its full pattern only in a window around each trigger word: case-folded
        alternations tried at every character are what made the stage slow (about half
        its time went to the duration and "ago" patterns on TBAQ; bench/timex.py).
        """
        if self.trigger is None:
            return list(self.pattern.finditer(text))
        seen: dict[tuple[int, int], re.Match] = {}
        for t in self.trigger.finditer(text):
            lo, hi = max(0, t.start() - _BEFORE), min(len(text), t.end() + _AFTER)
            for m in self.pattern.finditer(text, lo, hi):
                if m.start() <= t.start() and m.end() >= t.end():
                    seen.setdefault((m.start(), m.end()), m)
        return [seen[k] for k in sorted(seen)]


# Window around a trigger word: the longest TBAQ expressions reach ~60 characters before
# their unit word ("more than two and a half ... years") and ~25 after ("... ago").
_BEFORE, _AFTER = 90, 40
RULES: list[Rule] = []


def rule(pattern: str, *, flags: int = 0, priority: int = 0,
         trigger: str | None = None) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern (compiled once, here).

    Args:
        pattern: the regular expression.
        flags: ``re`` flags.
        priority: breaks ties between equally long overlapping matches (higher wins).
        trigger: a regex that every match contains (prefix ``(?i)`` to ignore case); the
            pattern is then only tried around its occurrences.

    Returns:
        A decorator that records the handler and returns it unchanged.
    """

    def register(handler: Handler) -> Handler:
        compiled_trigger = re.compile(trigger) if trigger else None
        RULES.append(Rule(handler.__name__, re.compile(pattern, flags), handler, priority, compiled_trigger))
        return handler

    return register


def _cand(m: re.Match, type_: str, value: str | None, gran: str, *, mod: str | None = None,
          day: dt.date | None = None, group: int | str = 0, rule_name: str = "") -> Candidate:
    return Candidate(m.start(group), m.end(group), type_, value, gran, mod, day=day,
                     rule=rule_name)


_YEAR = r"(?:1[5-9]\d\d|2[0-9]\d\d)"
_B = r"(?<![\w$£€¥.,/-])"  # not inside a word or number, not money
_E = r"(?![\w%/]|[.,]\d|-\d)"  # not followed by more of a number or a percent
