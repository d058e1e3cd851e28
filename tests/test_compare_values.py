"""Typed value comparison and findings on hand-built articles (no models)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from storydiff.compare.align import Alignment, build_units
from storydiff.compare.findings import make_findings
from storydiff.compare.values import (
    compare_identifiers,
    compare_places,
    compare_quantities,
    compare_roles,
    compare_times,
)
from storydiff.model import Argument, Article, Claim, Identifier, Mention, Quantity, Timex


def _timex(value, granularity="minute", mod=None):
    return Timex(0, 1, "x", type="TIME", value=value, granularity=granularity, mod=mod)


def test_times_by_granularity():
    assert compare_times(_timex("2025-08-15T19:00:00Z"), _timex("2025-08-15T19:30:00Z")) == "conflict"
    assert compare_times(_timex("2025-08-15T19:00:00Z"), _timex("2025-08-15T19:00:00Z")) == "same"
    # 7 p.m. (hour) vs 19:20 (minute): compared to the hour
    assert compare_times(_timex("2025-08-15T19:00:00Z", "hour"), _timex("2025-08-15T19:20:00Z")) == "same"
    # "around 7 p.m." vs 19:30: no exact claim, never a conflict
    assert compare_times(_timex("2025-08-15T19:00:00Z", mod="APPROX"), _timex("2025-08-15T19:30:00Z")) == "incomparable"
    # ECB+ 9_ecb: "midnight" resolved against two publication dates a day apart
    a = Timex(0, 1, "midnight", type="TIME", value="2008-12-11T22:00:00Z", granularity="minute", anchor="2008-12-11")
    b = Timex(0, 1, "midnight", type="TIME", value="2008-12-12T22:00:00Z", granularity="minute", anchor="2008-12-12")
    assert compare_times(a, b) == "incomparable"
    day = Timex(0, 1, "x", type="DATE", value="2025-08-15", granularity="day")
    month = Timex(0, 1, "x", type="DATE", value="2025-08", granularity="month")
    assert compare_times(day, month) == "compatible"


def _q(value, unit=None, low=None, high=None, approximate=False, kind="count"):
    return Quantity(0, 1, "x", value=value, unit=unit, low=low, high=high, approximate=approximate, kind=kind)


def test_quantities_with_precision():
    several = _q(None, kind="vague", approximate=True)
    assert compare_quantities(several, _q(3, low=3, high=3)) == "compatible"
    nearly = _q(400, "kg", high=400, approximate=True, kind="measure")
    assert compare_quantities(nearly, _q(400, "kg", low=400, high=400, kind="measure")) in ("compatible", "same")
    assert compare_quantities(_q(400, "kg", 400, 400), _q(40, "kg", 40, 40)) == "conflict"
    assert compare_quantities(_q(400, "kg", 400, 400), _q(400, "USD", 400, 400)) == "incomparable"
    more_than = _q(3, "year", low=3)
    assert compare_quantities(more_than, _q(4, "year", 4, 4)) == "compatible"


def test_identifiers_places_roles():
    a = Identifier(0, 1, "x", kind="aircraft_registration", normalized="RA-96023")
    b = Identifier(0, 1, "x", kind="aircraft_registration", normalized="RA-96024")
    t = Identifier(0, 1, "x", kind="aircraft_type", normalized="IL-96")
    assert compare_identifiers(a, a) == "same"
    assert compare_identifiers(a, b) == "conflict"
    assert compare_identifiers(a, t) == "incomparable"
    assert compare_places("Anchorage", "Alaska") == "compatible"
    assert compare_places("Magadan", "Russia") == "compatible"
    assert compare_places("Kyiv", "Anchorage") == "incomparable"
    assert compare_roles("aide to President Putin", "presidential advisor") == "compatible"
    assert compare_roles("Defense Minister", "defense minister") == "same"
    assert compare_roles("Finance Minister", "Foreign Minister") == "incomparable"


def _article(aid, text, timexes=(), quantities=()):
    article = Article(text=text, id=aid, voice=f"v{aid}", analyzed=True, published=dt.date(2024, 5, 2))
    for phrase, value in timexes:
        start = text.index(phrase)
        article.timexes.append(Timex(start, start + len(phrase), phrase, type="TIME", value=value,
                                     granularity="minute"))
    for phrase, value in quantities:
        start = text.index(phrase)
        article.quantities.append(Quantity(start, start + len(phrase), phrase, value=value, low=value,
                                           high=value, unit="people"))
    return article


def test_time_conflict_only_between_aligned_sentences():
    a1 = _article("a1", "The vote closes at 8 p.m. local time. Turnout was high.",
                  timexes=[("8 p.m. local time", "2024-05-02T19:00:00Z")])
    a2 = _article("a2", "Polls close at 9 p.m. in the city. Rain fell.",
                  timexes=[("9 p.m.", "2024-05-02T20:00:00Z")])
    units = build_units([a1, a2], [])
    by_text = {u.text: i for i, u in enumerate(units)}
    aligned = [Alignment(by_text["The vote closes at 8 p.m. local time."],
                         by_text["Polls close at 9 p.m. in the city."], 0.8, 5.0)]
    findings, _ = make_findings([a1, a2], [], units, aligned)
    conflicts = [f for f in findings if f.status == "conflict"]
    assert len(conflicts) == 1 and conflicts[0].kind == "time"
    assert "19:00 UTC" in conflicts[0].summary and "20:00 UTC" in conflicts[0].summary
    for ev in conflicts[0].evidence:
        assert {"a1": a1, "a2": a2}[ev.article].text[ev.start:ev.end] == ev.text
    # without a publication date the clock times cannot be placed in a day: no conflict
    a1.published = a2.published = None
    assert not [f for f in make_findings([a1, a2], [], units, aligned)[0] if f.status == "conflict"]
    a1.published = a2.published = dt.date(2024, 5, 2)
    # the same sentences, not aligned: each is single-source, nothing conflicts
    findings, _ = make_findings([a1, a2], [], units, [])
    assert not [f for f in findings if f.status == "conflict"]
    assert {f.status for f in findings} == {"single_source"}


def _with_claim(article, subject, quantity_text):
    """Add the claim the analysis would give: "<subject> arrested <quantity>"."""
    s = article.text.index(subject)
    q = article.text.index(quantity_text)
    article.mentions.append(Mention(s, s + len(subject), subject, label="ORG"))
    article.claims.append(Claim(0, len(article.text), article.text, predicate="arrest", arguments=[
        Argument(s, s + len(subject), subject, slot="subject", kind="entity", ref=0),
        Argument(q, q + len(quantity_text), quantity_text, slot="quantity", kind="quantity", ref=0),
    ]))
    return article


def test_number_conflict_needs_strong_alignment_and_one_frame():
    from storydiff.compare.resolve import resolve_entities

    def story():
        a1 = _article("a1", "Police arrested 400 people in the capital.", quantities=[("400 people", 400)])
        a2 = _article("a2", "Police arrested 40 people in the capital.", quantities=[("40 people", 40)])
        return a1, a2

    a1, a2 = story()
    units = build_units([a1, a2], [])
    # without claims tying the numbers to one predicate and subject: no conflict
    strong = [Alignment(0, 1, 0.9, 5.0)]
    assert not [f for f in make_findings([a1, a2], [], units, strong)[0] if f.status == "conflict"]
    a1, a2 = _with_claim(a1, "Police", "400 people"), _with_claim(a2, "Police", "40 people")
    entities = resolve_entities([a1, a2])
    units = build_units([a1, a2], entities)
    weak = [Alignment(0, 1, 0.6, 5.0)]
    assert not [f for f in make_findings([a1, a2], entities, units, weak)[0] if f.status == "conflict"]
    conflicts = [f for f in make_findings([a1, a2], entities, units, strong)[0] if f.status == "conflict"]
    assert [f.kind for f in conflicts] == ["number"]
    assert "400" in conflicts[0].summary and "40 " in conflicts[0].summary


def test_misread_numbers_never_conflict():
    """ECB+ 30_ecb: "Sixty-five per cent" read as 5%; 31_ecbplus: "2, 117 points" read as 2."""
    from storydiff.compare.resolve import resolve_entities

    a1 = _with_claim(_article("a1", "Police arrested sixty-five people.", quantities=[("five people", 5)]),
                     "Police", "five people")
    a2 = _with_claim(_article("a2", "Police arrested 65 people.", quantities=[("65 people", 65)]),
                     "Police", "65 people")
    entities = resolve_entities([a1, a2])
    units = build_units([a1, a2], entities)
    findings, _ = make_findings([a1, a2], entities, units, [Alignment(0, 1, 0.95, 5.0)])
    assert not [f for f in findings if f.status == "conflict"]


def test_number_in_both_sentences_is_no_conflict():
    """ECB+ 5_ecb: "88-72 loss" read as 72 in one report and 88 in the other."""
    from storydiff.compare.resolve import resolve_entities

    a1 = _with_claim(_article("a1", "Police arrested 72 people after the 88-72 game.", quantities=[("72 people", 72)]),
                     "Police", "72 people")
    a2 = _with_claim(_article("a2", "Police arrested 88 people after the 88-72 game.", quantities=[("88 people", 88)]),
                     "Police", "88 people")
    entities = resolve_entities([a1, a2])
    units = build_units([a1, a2], entities)
    findings, _ = make_findings([a1, a2], entities, units, [Alignment(0, 1, 0.95, 5.0)])
    assert not [f for f in findings if f.status == "conflict"]


def test_alignment_with_real_embeddings_blocks_unrelated_sentences():
    from storydiff.compare.align import align

    a1 = Article(text="The earthquake struck the coast of Chile on Tuesday. A museum opened in Paris.", id="a1", voice="v1")
    a2 = Article(text="A strong earthquake hit the Chilean coast on Tuesday. Football results were announced.", id="a2", voice="v2")
    units = build_units([a1, a2], [])
    pairs = {(units[x.a].text[:10], units[x.b].text[:10]) for x in align(units)}
    assert ("The earthq", "A strong e") in pairs
    assert all("museum" not in units[x.a].text for x in align(units))
    assert isinstance(np.float32(0), np.floating)


def test_copies_of_one_text_count_as_one_voice():
    text = "Police arrested 40 people in Athens on Sunday."
    a1 = _article("a1", text, quantities=[("40 people", 40)])
    a2 = _article("a2", text, quantities=[("40 people", 40)])
    a2.voice = a1.voice  # a syndicated copy
    units = build_units([a1, a2], [])
    findings, _ = make_findings([a1, a2], [], units, [])
    assert len(findings) == 1
    assert findings[0].status == "single_source" and findings[0].voices == [a1.voice]
    assert [ev.article for ev in findings[0].evidence] == ["a1", "a2"]
