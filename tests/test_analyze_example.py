"""Done-when of issue 5 on the bundled example event (general mechanisms; each is also
tested on other real text in the other test_analyze_* modules)."""

from __future__ import annotations

import datetime as dt

import pytest

from storydiff.analyze import analyze
from storydiff.analyze.quotes import speaker_name
from storydiff.model import Article


@pytest.fixture(scope="module")
def magadan(nlp, example_dir):
    text = (example_dir / "putin-visits-magadan.txt").read_text(encoding="utf-8")
    return analyze(Article(text=text, published=dt.date(2025, 8, 15)), nlp=nlp)


@pytest.fixture(scope="module")
def delegation(nlp, example_dir):
    text = (example_dir / "russian-delegation-arrives.txt").read_text(encoding="utf-8")
    return analyze(Article(text=text, published=dt.date(2025, 8, 15)), nlp=nlp)


def _roles(article):
    out = {}
    for mention in article.mentions:
        if mention.label == "PERSON" and mention.roles:
            out.setdefault(mention.text, []).extend(r.text for r in mention.roles)
    return out


def test_delegation_members_carry_their_roles_first_article(magadan):
    roles = _roles(magadan)
    assert roles["Yuri Ushakov"] == ["presidential advisor"]
    assert roles["Andrei Belousov"] == ["Defense Minister"]
    assert roles["Sergei Lavrov"] == ["Foreign Minister"]
    assert roles["Anton Siluanov"] == ["Finance Minister"]
    assert roles["Kirill Dmitriev"] == ["special economic envoy"]
    assert roles["Sergei Nosov"] == ["Governor of the region"]
    assert "President" in roles["Vladimir Putin"]


def test_delegation_members_carry_their_roles_second_article(delegation):
    roles = _roles(delegation)
    assert roles["Alexander Darchiyev"] == ["ambassador to Washington"]
    assert roles["Yuri Ushakov"] == ["aide to President Putin"]
    assert roles["Andrey Belousov"] == ["Defense Minister"]
    assert roles["Anton Siluanov"] == ["Finance Minister"]
    assert roles["Kirill Dmitriev"] == ["U.S.-educated state investment fund boss"]
    assert roles["Sergei Lavrov"] == ["Russian Foreign Minister"]
    lavrov = next(m for m in delegation.mentions if m.text == "Sergei Lavrov")
    assert lavrov.roles[0].normalized == "foreign minister"


def test_roles_are_normalised_for_comparison(magadan, delegation):
    def normalized(article, name):
        return {r.normalized for m in article.mentions if m.text == name for r in m.roles}

    assert normalized(magadan, "Yuri Ushakov") == {"presidential adviser"}
    assert normalized(delegation, "Vladimir Putin") == {"president"}


def test_surname_links_to_full_name(delegation):
    belousov = [i for i, m in enumerate(delegation.mentions) if m.text == "Sergei Lavrov"][0]
    short = [m for m in delegation.mentions if m.text == "Lavrov"]
    assert short and short[0].antecedent == belousov


def test_identifiers(magadan):
    found = {(i.normalized, i.kind) for i in magadan.identifiers}
    assert ("RA-96023", "aircraft_registration") in found
    assert ("IL-96", "aircraft_type") in found
    registration = next(i for i in magadan.identifiers if i.kind == "aircraft_registration")
    assert registration.details["country"] == "Russia"


def test_trump_quotes_have_speaker_trump(magadan):
    direct = [q for q in magadan.quotes if q.direct]
    believe = next(q for q in direct if q.text.startswith("“I believe"))
    conference = next(q for q in direct if "press conference" in q.text)
    for quote in (believe, conference):
        assert speaker_name(magadan, quote).text.endswith("Trump")
    assert believe.cue.text == "stated"
    assert conference.speaker.text == "he"  # the words of the text, resolved through antecedent
    assert believe.venue.text == "Fox Radio’s “The Brian Kilmeade Show”"


def test_attributions_per_and_according_to(delegation, magadan):
    sources = {a.source.text for a in delegation.attributions}
    assert {"Russian state media", "the Kremlin"} <= sources
    kremlin = next(a for a in delegation.attributions if a.source.text == "the Kremlin")
    assert " ".join(kremlin.scope.text.split()).startswith("he flew to the Magadan Oblast")
    assert any(a.cue.text == "according to" for a in magadan.attributions)


def test_entity_repairs_on_the_example(delegation, magadan):
    labels = {(m.text, m.label) for m in delegation.mentions}
    assert ("Joint Base Elmendorf–Richardson", "FAC") in labels
    assert ("Ted Stevens Anchorage International Airport", "FAC") in labels
    assert ("Kyiv", "GPE") in labels
    assert not any(m.text in ("Defense", "Finance", "Eastern") for m in delegation.mentions)
    assert not any("Leave A Reply" in m.text for m in delegation.mentions)
    assert ("Joint Base Elmendorf-Richardson", "FAC") in {(m.text, m.label) for m in magadan.mentions}


def test_quantities(magadan):
    cocaine = next(q for q in magadan.quantities if q.unit == "kg")
    assert (cocaine.text, cocaine.value, cocaine.high, cocaine.low, cocaine.approximate) == \
        ("nearly 400 kilograms", 400, 400, None, True)
    planes = next(q for q in magadan.quantities if q.unit == "plane")
    assert planes.value == 3 and planes.low == planes.high == 3


def test_claims_carry_arguments_and_modality(magadan):
    meeting = next(c for c in magadan.claims if c.predicate == "take place")
    assert meeting.modality == "planned"
    quote_claims = [c for c in magadan.claims if c.quote is not None]
    assert quote_claims and all(c.modality in ("said", "hypothetical", "denied") for c in quote_claims)
    arrive = next(c for c in magadan.claims if c.predicate == "arrive")
    assert {("subject", "Vladimir Putin"), ("place", "Magadan")} <= {(a.slot, a.text) for a in arrive.arguments}


def test_modality_denied_hypothetical_negated(nlp):
    # Shapes from PolNeAR train (wash-post, politico): denials and conditionals.
    article = analyze(Article(text="The Kremlin denied that Putin would travel to Kyiv. "
                                   "If the talks fail, Trump could leave early. "
                                   "Russia has not agreed to this yet."), nlp=nlp)
    by_predicate = {c.predicate: c for c in article.claims}
    assert by_predicate["travel"].modality == "denied"
    assert by_predicate["leave"].modality == "hypothetical"
    assert by_predicate["agree"].negated


@pytest.mark.issue(5)
def test_roles_survive_ingestion_clean_up(nlp, example_dir):
    """Regression: after ingestion straightens the quotes, the small model tags "Putin Yuri"
    and "Ushakov" in "aide to President Putin Yuri Ushakov"; the given name goes back to
    its surname, so the role lands on Yuri Ushakov as on the raw text."""
    from storydiff.ingest import load

    batch = load([example_dir / "russian-delegation-arrives.txt"])
    article = analyze(batch.articles[0], nlp=nlp)
    roles = _roles(article)
    assert roles["Yuri Ushakov"] == ["aide to President Putin"]
    assert "Putin Yuri" not in {m.text for m in article.mentions}
