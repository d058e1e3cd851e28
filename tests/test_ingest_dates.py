"""Publication times from HTML metadata, feeds and sidecars (storydiff.ingest.dates.parse_published,
the one reader); a time without a zone gives its date."""

from __future__ import annotations

import datetime as dt

import pytest

from storydiff.ingest.dates import parse_published

EDT = dt.timezone(dt.timedelta(hours=-4))
UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-15T10:02:00-04:00", dt.datetime(2025, 8, 15, 10, 2, tzinfo=EDT)),
        ("2025-08-15T14:02Z", dt.datetime(2025, 8, 15, 14, 2, tzinfo=UTC)),
        ("2025-08-15T10:02:00.123+00:00", dt.datetime(2025, 8, 15, 10, 2, 0, 123000, tzinfo=UTC)),
        ("20250815T140200Z", dt.datetime(2025, 8, 15, 14, 2, tzinfo=UTC)),
        ("2025-08-15", dt.date(2025, 8, 15)),
        ("2025-08-15 10:02:00", dt.date(2025, 8, 15)),  # no zone: only the date is certain
        # RSS (RFC 822), as ecbplus and feed items carry them
        ("Fri, 15 Aug 2025 14:02:00 GMT", dt.datetime(2025, 8, 15, 14, 2, tzinfo=UTC)),
        ("15 Aug 2025 10:02 -0400", dt.datetime(2025, 8, 15, 10, 2, tzinfo=EDT)),
        ("Fri, 15 Aug 2025 10:02:00 EDT", dt.datetime(2025, 8, 15, 10, 2, tzinfo=EDT)),
        # bylines written by people (ECB+ 1_1ecbplus, 1_6ecbplus, 12_4ecbplus shapes)
        ("August 15, 2025 10:02 AM EDT", dt.datetime(2025, 8, 15, 10, 2, tzinfo=EDT)),
        ("First Published: June 13, 2013 4:59 PM EDT", dt.datetime(2013, 6, 13, 16, 59, tzinfo=EDT)),
        ("Updated 10:02 AM EDT, Fri August 15, 2025", dt.datetime(2025, 8, 15, 10, 2, tzinfo=EDT)),
        ("15 August 2025 14:02 BST", dt.datetime(2025, 8, 15, 14, 2, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
        ("Friday 15 August 2025", dt.date(2025, 8, 15)),
        ("August 15, 2025 3:05 pm", dt.date(2025, 8, 15)),
        ("Fri, 15 Aug 2025 14:02:00 -0000", dt.date(2025, 8, 15)),  # RFC 2822: zone unknown
        ("Mon, 15 Dec 2025 03:00:00 MSK", dt.datetime(2025, 12, 15, 3, tzinfo=dt.timezone(dt.timedelta(hours=3)))),
    ],
)
def test_shapes(value: str, expected: dt.datetime | dt.date) -> None:
    got = parse_published(value)
    assert got == expected
    assert type(got) is type(expected)
    if isinstance(expected, dt.datetime):
        assert (got.utcoffset() is None) == (expected.utcoffset() is None)
        if expected.utcoffset() is not None:
            assert got.utcoffset() == expected.utcoffset()


def test_generic_zone_takes_the_offset_of_the_date() -> None:
    # "ET" is EDT in August and EST in January.
    summer = parse_published("Aug. 15, 2025, 10:02 a.m. ET")
    winter = parse_published("Jan. 15, 2025, 10:02 a.m. ET")
    assert summer.utcoffset() == dt.timedelta(hours=-4)
    assert winter.utcoffset() == dt.timedelta(hours=-5)


@pytest.mark.parametrize("value", ["", "garbage", "soon", "2025-13-45", "31/31/2025"])
def test_unreadable_values_give_none(value: str) -> None:
    assert parse_published(value) is None
