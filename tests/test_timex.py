"""Time expressions on real sentences (storydiff.analyze.timex).

The example event (both articles of examples/alaska-summit-2025), sentences from ECB+ and
MEANTIME news, and TimeBank documents read from ../shared/data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.analyze.timex import find_timexes, guess_location, sentence_spans
from storydiff.model import Timex

AUG15 = dt.date(2025, 8, 15)


def _by_text(timexes: list[Timex]) -> dict[str, list[Timex]]:
    out: dict[str, list[Timex]] = {}
    for t in timexes:
        out.setdefault(t.text, []).append(t)
    return out


@pytest.fixture(scope="module")
def magadan(example_dir: Path):
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    timexes, notes = find_timexes(text, anchor=AUG15, location="Anchorage")
    return text, _by_text(timexes), notes


@pytest.fixture(scope="module")
def delegation(example_dir: Path):
    text = (example_dir / "russian-delegation-arrives.txt").read_text(encoding="utf-8")
    timexes, notes = find_timexes(text, anchor=AUG15, location="Anchorage")
    return text, _by_text(timexes), notes


def test_every_span_is_its_text(magadan, delegation) -> None:
    for text, found, _notes in (magadan, delegation):
        for items in found.values():
            for t in items:
                assert text[t.start:t.end] == t.text
                assert t.anchor == "2025-08-15"


def test_four_zone_sentence_is_one_moment_in_utc(delegation) -> None:
    _text, found, notes = delegation
    expected = {
        "2200 Moscow time": ("Europe/Moscow", "2025-08-15T22:00:00+03:00"),
        "2000 London time": ("Europe/London", "2025-08-15T20:00:00+01:00"),
        "1500 Eastern time": ("America/New_York", "2025-08-15T15:00:00-04:00"),
        "1100 Anchorage time": ("America/Anchorage", "2025-08-15T11:00:00-08:00"),
    }
    for phrase, (zone, local) in expected.items():
        (t,) = found[phrase]
        assert t.type == "TIME"
        assert t.value == "2025-08-15T19:00:00Z"
        assert (t.zone, t.local) == (zone, local)
        assert t.timeml == local[:16]
        assert t.granularity == "minute"
    (note,) = [n for n in notes if n.kind == "time_consistency"]
    assert note.message.startswith("consistent:")
    assert "2025-08-15T19:00:00Z" in note.message
    assert "2200 Moscow time" in note.text and "1100 Anchorage time" in note.text


def test_moscow_and_local_in_the_first_article(magadan) -> None:
    _text, found, notes = magadan
    (moscow,) = found["10:30 p.m. Moscow time"]
    (local,) = found["11:30 a.m. local"]
    assert moscow.value == local.value == "2025-08-15T19:30:00Z"
    assert moscow.local == "2025-08-15T22:30:00+03:00"
    assert local.zone == "America/Anchorage" and local.local == "2025-08-15T11:30:00-08:00"
    (note,) = [n for n in notes if n.kind == "time_consistency"]
    assert note.message.startswith("consistent:")


@pytest.mark.parametrize(
    ("phrase", "type_", "timeml", "mod"),
    [
        ("overnight", "TIME", "2025-08-14TNI", None),  # the night before a Friday paper
        ("this afternoon", "TIME", "2025-08-15TAF", None),
        ("later today", "DATE", "2025-08-15", None),
        ("last night", "TIME", "2025-08-14TNI", None),
        ("this morning", "TIME", "2025-08-15TMO", None),
        ("Friday", "DATE", "2025-08-15", None),  # "Friday's talks": the paper's own day
        ("Friday morning", "TIME", "2025-08-15TMO", None),
        ("2019", "DATE", "2019", None),  # "since 2019" is a year
        ("2021", "DATE", "2021", None),
        ("of late", "DATE", "PAST_REF", None),
        ("months", "DURATION", "PXM", None),  # "for months"
        ("this week", "DATE", "2025-W33", None),
        ("Today", "DATE", "2025-08-15", None),
    ],
)
def test_relative_expressions_of_the_second_article(delegation, phrase, type_, timeml, mod) -> None:
    _text, found, _notes = delegation
    t = found[phrase][0]
    assert (t.type, t.timeml, t.mod) == (type_, timeml, mod)


def test_relative_expressions_of_the_first_article(magadan) -> None:
    _text, found, _notes = magadan
    (friday,) = found["Friday"]
    assert friday.timeml == "2025-08-15"
    (thursday,) = found["Thursday morning"]  # "Trump stated ... on Thursday morning": past
    assert (thursday.type, thursday.timeml, thursday.granularity) == ("TIME", "2025-08-14TMO", "part_of_day")
    (years,) = found["more than three years"]
    assert (years.type, years.timeml, years.mod) == ("DURATION", "P3Y", "MORE_THAN")
    assert found["2018"][0].timeml == "2018"


def test_24_hour_clock_needs_a_zone_or_hours() -> None:
    timexes, _ = find_timexes("Colonists may live on Mars in 2200, he said.", anchor=AUG15)
    assert [(t.text, t.type, t.timeml) for t in timexes] == [("2200", "DATE", "2200")]
    timexes, _ = find_timexes("The convoy left at 0600 hours.", anchor=AUG15)
    assert [(t.text, t.timeml) for t in timexes] == [("0600 hours", "2025-08-15T06:00")]
    timexes, _ = find_timexes("He counted 2200 votes.", anchor=AUG15)
    assert timexes == []


# Real sentences from ECB+ (topics 11, 12, 13) and what each must give.
def test_local_time_with_gmt_in_brackets_ecbplus_11() -> None:
    # ecbplus/11/11_11ecb.xml: a Turkmen election; the location stage gives the country.
    text = ("Voters in Turkmenistan began to cast their ballots at 8:00 am local time (0300 GMT) "
            "on Sunday in the country's fourth parliamentary election, said reports from Ashgabat.")
    timexes, notes = find_timexes(text, anchor=dt.date(2008, 12, 14), location="Turkmenistan")
    found = _by_text(timexes)
    assert found["8:00 am local time"][0].zone == "Asia/Ashgabat"
    assert found["8:00 am local time"][0].value == found["0300 GMT"][0].value == "2008-12-14T03:00:00Z"
    assert [n.message.split(":")[0] for n in notes] == ["consistent"]


def test_dates_across_midnight_and_zones_ecbplus_13() -> None:
    # ecbplus/13/13_3ecb.xml: a church fire in Wasilla, Alaska, in December (AKST, UTC-9).
    text = ("Steele said that as many as 40 firefighters from his and neighboring departments "
            "fought the blaze, which started about 9:40 p.m. Friday (1:40 a.m. ET Saturday).")
    timexes, notes = find_timexes(text, anchor=dt.date(2008, 12, 14), location="Wasilla, Alaska")
    found = _by_text(timexes)
    friday = found["9:40 p.m. Friday"][0]
    assert (friday.mod, friday.local) == ("APPROX", "2008-12-12T21:40:00-09:00")
    assert friday.value == found["1:40 a.m. ET Saturday"][0].value == "2008-12-13T06:40:00Z"
    assert notes and notes[0].message.startswith("consistent:")


def test_ambiguous_ist_is_flagged_or_decided_ecbplus_12() -> None:
    # ecbplus/12/12_17ecb.xml: an Indian navy ship off Aden, "1100 hrs IST".
    text = ("Pirates on a dhow and a smaller boat attacked this merchant ship about 1100 hrs IST, "
            "150 nautical miles west of Aden.")
    timexes, notes = find_timexes(text, anchor=dt.date(2008, 12, 13))
    (t,) = timexes
    assert (t.text, t.zone, t.value) == ("1100 hrs IST", "Asia/Kolkata", "2008-12-13T05:30:00Z")
    assert [n.kind for n in notes] == ["ambiguous_zone"]
    timexes, notes = find_timexes(text, anchor=dt.date(2008, 12, 13), location="Mumbai")
    assert timexes[0].zone == "Asia/Kolkata" and notes == []


def test_inconsistent_renderings_are_noted_and_separate_moments_are_not() -> None:
    timexes, notes = find_timexes("The summit begins at 10 a.m. Moscow time (0800 GMT).", anchor=AUG15)
    assert [n.kind for n in notes] == ["time_consistency"]
    assert notes[0].message.startswith("inconsistent:")
    assert "07:00Z" in notes[0].message and "08:00Z" in notes[0].message
    _t, notes = find_timexes("Flight SU100 leaves at 0930 GMT on Aug. 16, 2025 and lands at 1345 local.",
                             anchor=AUG15, location="New York")
    assert notes == []  # a departure and an arrival are two moments


def test_clock_times_borrow_the_day_named_in_their_sentence() -> None:
    timexes, _ = find_timexes("On Aug. 16, 2025 the plane landed at 1345 local.", anchor=AUG15, location="New York")
    found = _by_text(timexes)
    assert found["1345 local"][0].value == "2025-08-16T17:45:00Z"


def test_without_location_a_zoneless_clock_keeps_local_value() -> None:
    (t,), _ = find_timexes("The vote closed at 8 p.m. on Tuesday.", anchor=dt.date(2024, 11, 6))
    assert t.zone is None and t.value == t.timeml == "2024-11-05T20:00"


def test_meantime_business_sentences() -> None:
    # MEANTIME corpus_stock and corpus_gm style: quarters, years ago, months, sets.
    text = ("The company said its third-quarter profit rose 20 percent from a year ago, "
            "and it expects sales to grow in the next two years. Shares have fallen 12% this year "
            "and the board meets every week.")
    timexes, _ = find_timexes(text, anchor=dt.date(2008, 10, 30))
    got = {(t.text, t.type, t.timeml) for t in timexes}
    assert ("third-quarter", "DATE", "2008-Q3") in got
    assert ("a year ago", "DATE", "2007-Q3") in got  # the quarter under discussion, a year before
    assert ("the next two years", "DURATION", "P2Y") in got
    assert ("this year", "DATE", "2008") in got
    assert ("every week", "SET", "P1W") in got


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("He will travel to Paris on Tuesday.", dt.date(2025, 8, 15), "2025-08-19"),
        ("He travelled to Paris on Tuesday.", dt.date(2025, 8, 15), "2025-08-12"),
        ("The team planned to leave Nairobi on Thursday for Dar es Salaam.", dt.date(1998, 9, 30), "1998-10-01"),
        ("Sales fell in March.", dt.date(1989, 10, 30), "1989-03"),
        ("Talks resume in January.", dt.date(2025, 11, 20), "2026-01"),
        ("Prices rose last October.", dt.date(1999, 2, 6), "1998-10"),
        ("The economy grew in the early 1990s.", dt.date(1998, 2, 6), "199"),
        ("He was born in the winter of nineteen ninety-four.", dt.date(1998, 2, 6), "1994-WI"),
        ("She has worked there for the past two weeks.", dt.date(1998, 2, 6), "P2W"),
        ("Profit fell two years ago.", dt.date(1998, 2, 6), "1996"),
        ("The index is published weekly.", dt.date(1998, 2, 6), "P1W"),
        ("The plant runs every Monday.", dt.date(1998, 2, 6), "XXXX-WXX-1"),
        ("Shoppers crowded stores before Thanksgiving Day.", dt.date(1999, 12, 1), "1999-11-25"),
        ("They met last Thanksgiving.", dt.date(2000, 3, 1), "1999-11-25"),
        ("Sales rose at Easter 2019.", dt.date(2025, 8, 15), "2019-04-21"),
        ("It took 5 1/2 hours.", dt.date(2025, 8, 15), "PT5H30M"),
        ("Profit fell in the first quarter of last year.", dt.date(2009, 3, 3), "2008-Q1"),
        ("The market crashed in '82.", dt.date(1998, 2, 6), "1982"),
        ("He left in June last year.", dt.date(1998, 2, 19), "1997-06"),
        ("It happens each July.", dt.date(1998, 2, 19), "XXXX-07"),
        ("On May 22, 1995 he left; the following year he returned.", dt.date(1998, 2, 19), "1996"),
        ("Sales rose in the previous year.", dt.date(2009, 2, 3), "2008"),
        ("Ford earned $868 million in the final quarter of 2009.", dt.date(2010, 1, 28), "2009-Q4"),
        ("Rally had net income of $2 million for the year ended July 2.", dt.date(1989, 10, 27), "P1Y"),
        ("The church dates from the 11th century.", dt.date(1998, 2, 19), "10"),
        # No tense word: the nearest month, leaning back; "since" looks back.
        ("The program pays down the loan by February.", dt.date(1989, 10, 30), "1990-02"),
        ("Shares rose to $42 in June from $29 in March.", dt.date(1989, 10, 30), "1989-03"),
        ("Since KKR bought RJR in February, it has sold units.", dt.date(1989, 10, 30), "1989-02"),
        ("It is one of the great inventions of the twentieth century.", dt.date(1998, 2, 19), "19"),
        # Tense cues read with their neighbours: "next to" is a place, "than expected" a
        # comparison, "set ... as" past, "is to" a plan; a possessive weekday looks back.
        ("A bomb exploded next to the embassy on Friday.", dt.date(1998, 8, 8), "1998-08-07"),
        ("Profit rose more than expected on Monday.", dt.date(1989, 11, 1), "1989-10-30"),
        ("The agency ruled he must go back and set Friday as the deadline.", dt.date(2000, 1, 15), "2000-01-14"),
        ("Trading is to resume in Paris on Tuesday.", dt.date(1989, 10, 27), "1989-10-31"),
        ("Lawyers will appeal Wednesday's ruling.", dt.date(2000, 1, 7), "2000-01-05"),
        # "the latest quarter" is a reported one even after a mention of the coming quarter.
        ("It expects a fourth-quarter charge. Profit rose 5% in the latest quarter.", dt.date(1989, 11, 2), "1989-Q3"),
        ("It earned $2 million in the third quarter, up from $1 million in the 1988 quarter.",
         dt.date(1989, 10, 30), "1988-Q3"),
    ],
)
def test_anchoring_rules(sentence: str, anchor: dt.date, expected: str) -> None:
    timexes, _ = find_timexes(sentence, anchor=anchor)
    assert expected in [t.timeml for t in timexes], [(t.text, t.timeml) for t in timexes]


@pytest.mark.parametrize(
    ("sentence", "text", "timeml", "mod"),
    [
        # TimeBank keeps "the end of" inside the extent, the part in mod.
        ("It hopes to cut costs by the end of the year.", "the end of the year", "1989", "END"),
        ("Shareholders get the papers by the end of this week.", "the end of this week", "1989-W44", "END"),
        ("The sale should close by year-end.", "year-end", "1989", "END"),
        ("The index is down 4% since year-end.", "year-end", "1988", "END"),
        ("The rules should be in place by year's end.", "year's end", "1989", "END"),
    ],
)
def test_part_of_period_extents(sentence: str, text: str, timeml: str, mod: str) -> None:
    timexes, _ = find_timexes(sentence, anchor=dt.date(1989, 11, 2))
    assert [(t.text, t.timeml, t.mod) for t in timexes] == [(text, timeml, mod)]


def test_adjectival_year_end_is_not_a_time() -> None:
    timexes, _ = find_timexes("In 1988, when year-end net was lower, it paid less.", anchor=dt.date(1989, 11, 2))
    assert [t.text for t in timexes] == ["1988"]


@pytest.mark.parametrize("name", ["TimeBank/wsj_0068.tml", "TimeBank/APW19980227.0487.tml",
                                  "TimeBank/APW19980626.0364.tml"])
def test_timebank_documents_against_their_gold(shared_data: Path, name: str) -> None:
    from storydiff.eval.corpora.timeml import read

    doc = read(shared_data / "timeml/TBAQ-cleaned" / name)
    timexes, _ = find_timexes(doc.text, anchor=doc.anchor)
    gold = {(g.start, g.end): g.value for g in doc.timexes}
    predicted = {(t.start, t.end): t.timeml for t in timexes}
    # Every gold expression of these short wire and Wall Street Journal stories is found
    # with its extent and value, and nothing else is (quarters, "a year earlier", weekdays,
    # "four hours", "recently", months of the next year).
    assert gold and predicted == gold


def test_uses_the_spacy_doc_when_given(nlp, example_dir: Path) -> None:
    text = (example_dir / "russian-delegation-arrives.txt").read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"):
            doc = proc(doc)
    with_doc, notes = find_timexes(text, anchor=AUG15, location="Anchorage", doc=doc)
    without, _ = find_timexes(text, anchor=AUG15, location="Anchorage")
    values = {t.text: t.value for t in with_doc}
    assert values["2200 Moscow time"] == "2025-08-15T19:00:00Z"
    assert {t.text for t in with_doc} == {t.text for t in without}
    assert any(n.message.startswith("consistent:") for n in notes)


def test_guess_location() -> None:
    assert guess_location("ANCHORAGE, Alaska (AP) -- The leaders met.") == "Anchorage"
    text = "Protests took place in Kyiv. The meeting is in Anchorage, and officials flew to Anchorage."
    assert guess_location(text) == "Anchorage"
    assert guess_location("Nothing here names a place.") is None


def test_sentence_spans_keep_abbreviations_inside() -> None:
    text = "The talks start at 10:30 p.m. Moscow time. That is late. He left on Aug. 15 for Alaska."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "The talks start at 10:30 p.m. Moscow time.", "That is late.", "He left on Aug. 15 for Alaska."
    ]


def test_local_without_a_location_uses_the_dateline() -> None:
    text = "ANCHORAGE, Alaska (AP) -- The talks begin at 11:30 a.m. local."
    (t,), _ = find_timexes(text, anchor=AUG15)
    assert (t.zone, t.value) == ("America/Anchorage", "2025-08-15T19:30:00Z")


def test_empty_text_and_aware_anchor() -> None:
    assert find_timexes("", anchor=AUG15) == ([], [])
    anchor = dt.datetime(2025, 8, 15, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    (t,), _ = find_timexes("He spoke at 3 p.m. ET.", anchor=anchor)
    assert t.anchor == "2025-08-15T23:30:00-04:00"
    assert t.value == "2025-08-15T19:00:00Z"


def test_zone_after_a_range_applies_to_both_ends() -> None:
    timexes, notes = find_timexes("Polls are open from 9 a.m. to 5 p.m. EDT.", anchor=AUG15)
    assert [t.value for t in timexes] == ["2025-08-15T13:00:00Z", "2025-08-15T21:00:00Z"]
    assert notes == []  # two ends of a range are two moments
    timexes, _ = find_timexes("The talks start at 10 a.m. and end at 2 p.m. GMT.", anchor=AUG15)
    assert timexes[0].zone is None  # "and end at" is no range


PLACES = ["Moscow", "London", "Anchorage", "Tokyo", "Adelaide", "New York", "Kyiv", "Honolulu"]


@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 12, 31),
                        timezones=st.just(dt.timezone.utc)).map(lambda d: d.replace(second=0, microsecond=0)),
    a=st.sampled_from(PLACES),
    b=st.sampled_from(PLACES),
)
def test_one_moment_written_in_two_zones_reads_back_consistent(moment: dt.datetime, a: str, b: str) -> None:
    # Write one instant as 24-hour clock times in two places' zones, the way wire copy
    # does, and read the sentence back: both must give the same UTC instant and a
    # "consistent" note (the second may fall on another calendar day than the anchor).
    from storydiff.analyze.zones import convert, zone_of_place

    if zone_of_place(a) == zone_of_place(b):
        return
    in_a, in_b = convert(moment, zone_of_place(a)), convert(moment, zone_of_place(b))
    if in_a.fold or in_b.fold:
        return  # the repeated hour at the end of daylight saving is ambiguous when written
    text = f"The vote closes at {in_a:%H%M} {a} time, which is {in_b:%H%M} {b} time."
    timexes, notes = find_timexes(text, anchor=in_a.date())
    assert [t.value for t in timexes] == [moment.strftime("%Y-%m-%dT%H:%M:%SZ")] * 2, text
    assert [n.message.split(":")[0] for n in notes] == ["consistent"], text


def test_standard_time_written_in_summer_is_read_as_written_and_noted() -> None:
    (t,), notes = find_timexes("The vote closes at 3 p.m. EST.", anchor=AUG15)
    assert t.value == "2025-08-15T20:00:00Z"  # EST is UTC-5, as written
    (note,) = notes
    assert (note.kind, note.suggestion) == ("ambiguous_zone", "EDT")
    assert "UTC-04:00" in note.message
    _t, notes = find_timexes("The vote closes at 3 p.m. EST.", anchor=dt.date(2025, 1, 15))
    assert notes == []


def test_without_an_anchor_the_dateline_anchors() -> None:
    # Wikinews-style: headline, then the date on a line of its own (two MEANTIME articles
    # have no creation time and read this way).
    text = "Test flight delayed after accident\nSeptember 01, 2007\nThe flight planned for today was called off."
    timexes, _ = find_timexes(text, anchor=None)
    assert [(t.text, t.timeml) for t in timexes] == [("September 01, 2007", "2007-09-01"), ("today", "2007-09-01")]
    timexes, _ = find_timexes("Talks resumed today in Geneva.", anchor=None)
    assert timexes[0].timeml == dt.date.today().isoformat()  # no dateline: today, and says so
    assert timexes[0].anchor == dt.date.today().isoformat()
    # Day first (ECB+ 4_4ecbplus, its first four lines): "6th June" is June 2013, not this year's.
    text = ('Esther Williams - Esther Williams: "Million Dollar Mermaid" Swimmer And Actress Dies Aged 91.\n'
            "07 June 2013\nGolden girl of screen and pool, Esther Williams, has died peacefully in her sleep "
            "aged 91.\nIt has been confirmed by publicist Harlan Boll that the 1940s Hollywood actress and "
            "record - setting swimmer, Esther Williams, died on 6th June in her sleep.")
    timexes, _ = find_timexes(text, anchor=None)
    assert ("6th June", "2013-06-06") in [(t.text, t.timeml) for t in timexes]


@pytest.mark.parametrize(
    ("text", "phrase", "timeml"),
    [
        ("Net fell to $1 million for the third quarter ended Sept. 30, from $2 million for the "
         "corresponding period last year.", "the corresponding period last year", "1988-Q3"),
        ("U.S. sales in September fell 37% from the same month a year ago.", "the same month a year ago", "1988-09"),
        ("Third-quarter sales rose; U.K. sales for last year's quarter were $3 million.", "last year's quarter", "1988-Q3"),
    ],
)
def test_same_period_a_year_back(text: str, phrase: str, timeml: str) -> None:
    timexes, _ = find_timexes(text, anchor=dt.date(1989, 11, 1))
    assert (phrase, timeml) in [(t.text, t.timeml) for t in timexes], [(t.text, t.timeml) for t in timexes]


def test_a_year_ago_compares_the_reported_quarter() -> None:
    # A coming quarter named before ("through the third quarter of 1990") is not the one a
    # "year-ago period" is compared with in an October earnings report.
    text = ("Analysts expect losses through the third quarter of 1990. "
            "In the year-ago period, the company earned $101 million.")
    timexes, _ = find_timexes(text, anchor=dt.date(1989, 10, 26))
    assert ("the year-ago period", "1988-Q3") in [(t.text, t.timeml) for t in timexes]


def test_a_day_moved_across_a_daylight_saving_change_takes_the_new_offset() -> None:
    # Found by the property test above: 1030 Adelaide on 7 October 2029 (its summer time
    # starts that day, UTC+10:30) is 1600 Anchorage on the 6th.
    text = "The vote closes at 1600 Anchorage time, which is 1030 Adelaide time."
    timexes, notes = find_timexes(text, anchor=dt.date(2029, 10, 6))
    assert [t.value for t in timexes] == ["2029-10-07T00:00:00Z"] * 2
    assert notes[0].message.startswith("consistent:")
