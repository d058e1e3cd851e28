"""Expressions resolved against what the text mentioned before ("the quarter", "a year
earlier", "that day", "the corresponding period last year"), in text order.

Rules in ``.relative`` leave ``timeml`` None and name a step in ``Candidate.rule``
("discourse:quarter:0", "discourse-ago:...", "discourse-yearback:month"); this module
walks the candidates in order, keeping the last date mentioned, and fills them.
"""

from __future__ import annotations

import datetime as dt
import re

from storydiff.analyze.timex.calendar import Candidate, add_months, iso_week


def resolve_discourse(chosen: list[Candidate], day: dt.date) -> None:
    """Fill "the quarter", "a year earlier", "that day" from the last resolved date.

    Args:
        chosen: the settled candidates in text order; those whose ``timeml`` is None and
            whose ``rule`` names a discourse step get a value (in place).
        day: the anchor day, used when nothing was mentioned before.
    """
    last: str | None = None
    last_day: str | None = None
    for c in chosen:
        if c.timeml is None and c.rule == "discourse:day:0":
            c.timeml = last_day or day.isoformat()
            c.granularity = "day"
            continue
        if c.timeml is None and c.rule.startswith("discourse-ago:"):
            # "a year ago": the same quarter a year before when a quarter is being
            # discussed (earnings reports), else the anchor's year minus one.
            if last and "-Q" in last:
                c.timeml = _shift_value(_reported(last, day), "year", -1, day)
            else:
                c.timeml = str(day.year - 1)
            c.granularity = _granularity(c.timeml)
            continue
        elif c.timeml is None and c.rule.startswith("discourse-yearback:"):
            # The period under discussion (a month stays a month; otherwise its quarter),
            # a year back; it does not become the new focus.
            unit = c.rule.split(":")[1]
            if unit == "period" and last and re.fullmatch(r"\d{4}-\d{2}", last):
                unit = "month"
            c.timeml = _shift_value(_shift_value(last, unit, 0, day), "year", -1, day)
            c.granularity = _granularity(c.timeml)
            continue
        elif c.timeml is None and c.rule.startswith("discourse:"):
            _, unit, step, *whole = c.rule.split(":")
            # A year back from a quarter compares reported quarters: a coming quarter
            # mentioned before ("a fourth-quarter charge") is not the one compared.
            c.timeml = _shift_value(_reported(last, day) if unit == "year" and int(step) < 0 else last,
                                    unit, int(step), day)
            if whole and unit == "year":
                c.timeml = c.timeml[:4]  # "the following year" is a year, whatever came before
            if whole and whole[0].startswith("year="):
                year, word = whole[0][5:].split("/")
                quarterly = word == "quarter" or bool(last and re.match(r"\d{4}-Q\d$", last))
                c.timeml = year + c.timeml[4:] if quarterly else year
            if whole == ["latest"]:
                # "the latest quarter" is one already reported, so never the anchor's own
                # (unfinished) quarter or a later one, even when the last mention was a
                # "fourth-quarter charge" ahead (TBAQ: 4 of 4 such cases are the quarter
                # before the creation day's).
                done = _as_quarter(None, day)
                if c.timeml > done and c.timeml[:4].isdigit():
                    c.timeml = done
            c.granularity = _granularity(c.timeml)
            if int(step) != 0:
                continue  # a value shifted from the last one does not become the new focus
        if c.type == "DATE" and c.timeml and re.match(r"^\d{4}(?:-(?:Q\d|H\d|\d{2}|W\d{2}))?", c.timeml) \
                and c.rule != "overnight":
            last = c.timeml
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c.timeml):
                last_day = c.timeml


def _shift_value(last: str | None, unit: str, step: int, day: dt.date) -> str:
    """Shift the last mentioned period by ``step`` units of ``unit`` (TIMEX3 values)."""
    base = last or {"quarter": f"{day.year}-Q{(day.month - 1) // 3 + 1}", "year": str(day.year),
                    "month": f"{day.year}-{day.month:02d}", "week": iso_week(day),
                    "period": f"{day.year}-Q{(day.month - 1) // 3 + 1}", "day": day.isoformat()}.get(unit, str(day.year))
    if unit in ("period", "quarter"):
        base = _as_quarter(last, day)
        if step == 0:
            return base
    if unit == "year" and step == 0:
        return base[:4]
    if unit == "month" and step == 0 and re.match(r"^\d{4}-\d{2}(?:-\d{2})?$", base):
        return base[:7]  # "the month" after a full date is that date's month
    years = step if unit == "year" else 0
    m = re.match(r"^(\d{4})(.*)$", base)
    if not m:
        return base
    y, rest = int(m.group(1)), m.group(2)
    if unit == "quarter" and step and rest.startswith("-Q"):
        index = y * 4 + int(rest[2]) - 1 + step
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "month" and step and re.match(r"^-\d{2}$", rest):
        d = add_months(dt.date(y, int(rest[1:]), 1), step)
        return f"{d.year}-{d.month:02d}"
    if unit in ("year",) or years:
        if re.match(r"^-\d{2}-\d{2}$", rest):
            try:
                return dt.date(y + years, int(rest[1:3]), int(rest[4:6])).isoformat()
            except ValueError:
                return f"{y + years}{rest[:3]}"
        return f"{y + years}{rest}"
    return base


def _reported(last: str | None, day: dt.date) -> str | None:
    """A quarter value capped at the last full quarter before the anchor (earnings news
    reports finished quarters: TBAQ "a year ago" after a "fourth-quarter charge" in an
    October paper is 1988-Q3 three times out of three)."""
    if last and re.fullmatch(r"\d{4}-Q\d", last):
        done = _as_quarter(None, day)
        if last > done:
            return done
    return last


def _as_quarter(last: str | None, day: dt.date) -> str:
    """The quarter a value lies in; without one, the last full quarter before the anchor
    (news says "the quarter" of the one just reported: 38 of 43 TBAQ cases)."""
    if last:
        m = re.match(r"^(\d{4})-(?:Q(\d)|(\d{2}))", last)
        if m and m.group(2):
            return f"{m.group(1)}-Q{m.group(2)}"
        if m and m.group(3):
            return f"{m.group(1)}-Q{(int(m.group(3)) - 1) // 3 + 1}"
    index = day.year * 4 + (day.month - 1) // 3 - 1
    return f"{index // 4}-Q{index % 4 + 1}"


def _granularity(value: str | None) -> str:
    if not value:
        return "day"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if "-Q" in value:
        return "quarter"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if "-W" in value:
        return "week"
    return "day"
