"""Zone phrases to IANA zones and conversions between zones (storydiff.analyze.zones)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.analyze.zones import (
    as_zone,
    convert,
    from_abbreviation,
    from_name,
    from_offset,
    resolve_ambiguous,
    to_utc,
    zone_of_place,
)

AUG15 = dt.datetime(2025, 8, 15)


@pytest.mark.parametrize(
    ("phrase", "clock", "utc"),
    [
        ("Moscow", 22, 19),  # Moscow has no daylight saving: UTC+3 all year
        ("London", 20, 19),  # British Summer Time in August: UTC+1
        ("Eastern", 15, 19),  # Eastern in August is EDT, UTC-4
        ("Anchorage", 11, 19),  # Alaska Daylight Time, UTC-8
        ("Alaska", 11, 19),
        ("EDT", 15, 19),
        ("AKDT", 11, 19),
        ("MSK", 22, 19),
        ("GMT", 19, 19),
        ("UTC+3", 22, 19),
        ("Eastern Daylight", 15, 19),
        ("Pacific", 12, 19),
        ("Japan", 4, 19),  # the next day in Tokyo: handled by the date below
    ],
)
def test_the_example_moment_in_many_zones(phrase: str, clock: int, utc: int) -> None:
    day = AUG15 if clock >= 5 else AUG15 + dt.timedelta(days=1)
    moment = to_utc(day.replace(hour=clock), as_zone(phrase))
    assert moment == dt.datetime(2025, 8, 15, utc, tzinfo=dt.timezone.utc)


def test_daylight_saving_follows_the_date() -> None:
    # Eastern in January is EST (UTC-5), in August EDT (UTC-4); Moscow is +3 in both.
    assert to_utc(dt.datetime(2025, 1, 15, 15), "Eastern").hour == 20
    assert to_utc(dt.datetime(2025, 8, 15, 15), "Eastern").hour == 19
    assert to_utc(dt.datetime(2025, 1, 15, 22), "Moscow").hour == 19
    # A fixed abbreviation keeps its offset whatever the date ("EST" in August is -5).
    assert to_utc(dt.datetime(2025, 8, 15, 15), "EST").hour == 20


def test_offsets_and_bad_offsets() -> None:
    assert from_offset("UTC+3").offset == 180
    assert from_offset("GMT-04:00").offset == -240
    assert from_offset("+0530").offset == 330
    assert from_offset("UTC+15") is None  # beyond any zone in tzdata
    assert from_offset("Moscow") is None


def test_places_with_one_zone_and_places_with_several() -> None:
    assert zone_of_place("Kyiv") == "Europe/Kyiv"
    assert zone_of_place("Kiev") == "Europe/Kyiv"
    assert zone_of_place("Magadan Oblast") == "Asia/Magadan"
    assert zone_of_place("Washington") == "America/New_York"  # the capital, not the state
    assert zone_of_place("Spain") == "Europe/Madrid"  # the Canaries are a small share
    assert zone_of_place("Russia") is None  # eleven zones
    assert zone_of_place("United States") is None
    assert zone_of_place("Middle Earth") is None


def test_named_zones() -> None:
    assert from_name("Central European Summer").offset == 120
    assert from_name("Moscow").iana == "Europe/Moscow"
    assert from_name("Greenwich Mean").iana == "UTC"
    assert from_name("Nowhere Special") is None


def test_ambiguous_abbreviations_are_decided_by_context_or_left_flagged() -> None:
    cst = from_abbreviation("CST")
    assert cst.alternatives  # US Central, China, Cuba
    chosen, decided = resolve_ambiguous(cst, ["Asia/Shanghai"])
    assert decided and chosen.iana == "Asia/Shanghai" and chosen.offset == 480
    chosen, decided = resolve_ambiguous(cst, ["America/Chicago"])
    assert decided and chosen.iana == "America/Chicago"
    chosen, decided = resolve_ambiguous(cst, [])
    assert not decided and chosen.iana == "America/Chicago"
    ist, decided = resolve_ambiguous(from_abbreviation("IST"), ["Europe/Dublin"])
    assert decided and ist.iana == "Europe/Dublin"


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="names no time zone"):
        as_zone("Middle Earth time")


ZONES = ["Europe/Moscow", "Europe/London", "America/New_York", "America/Anchorage",
         "Asia/Kolkata", "Australia/Adelaide", "Pacific/Chatham", "America/St_Johns", "UTC"]


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2035, 12, 31),
                        timezones=st.just(dt.timezone.utc)),
    a=st.sampled_from(ZONES),
    b=st.sampled_from(ZONES),
)
def test_clock_time_round_trips_between_zones(moment: dt.datetime, a: str, b: str) -> None:
    # Any instant written as wall-clock time in zone A, read back in A, converted to B and
    # back to UTC is the same instant.
    wall_a = convert(moment, a).replace(tzinfo=None)
    fold = convert(moment, a).fold
    placed = to_utc(wall_a.replace(fold=fold), a)
    assert placed == moment
    in_b = convert(placed, b)
    assert in_b.astimezone(dt.timezone.utc) == moment
    assert in_b.utcoffset() == moment.astimezone(ZoneInfo(b)).utcoffset()
