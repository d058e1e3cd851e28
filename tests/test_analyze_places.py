"""The place gazetteer: lookup, containment, closest spelling."""

from __future__ import annotations

from storydiff.analyze import places


def test_lookup_city_with_zone_and_admin():
    anchorage = places.lookup("Anchorage")
    assert (anchorage.kind, anchorage.country, anchorage.admin1, anchorage.timezone) == (
        "city", "United States", "Alaska", "America/Anchorage")
    assert places.lookup("magadan").timezone == "Asia/Magadan"


def test_common_news_forms():
    assert places.lookup("the U.S.").name == "United States"
    assert places.lookup("Kiev").name == "Kyiv"
    assert places.lookup("Qwertyville") is None


def test_containment():
    assert places.contains("Alaska", "Anchorage")
    assert places.contains("Russia", "Magadan")
    assert places.contains("North America", "Alaska")
    assert places.contains("Anchorage", "Anchorage")
    assert not places.contains("Russia", "Anchorage")
    assert not places.contains("Nowhere", "Anchorage")


def test_closest_name_for_misspellings():
    assert places.closest_name("Moskow") == ("Moscow", 1)
    assert places.closest_name("Magadann") == ("Magadan", 1)
    assert places.closest_name("Anchorage") == ("Anchorage", 0)
    assert places.closest_name("Xqzwv") is None


def test_names_with_several_places_come_most_populous_first():
    """The index sorts only names with several places; they must come out by population,
    then country before admin region before continent before city."""
    washington = places.lookup_all("Washington")
    assert (washington[0].kind, washington[0].admin1 or washington[0].name) == ("admin1", "Washington")
    assert washington[1].kind == "city" and washington[1].timezone == "America/New_York"
    populations = [p.population for p in washington]
    assert populations == sorted(populations, reverse=True)
    assert [p.kind for p in places.lookup_all("Georgia")] == ["country", "admin1"]
    springfields = places.lookup_all("springfield")
    assert len(springfields) > 3 and springfields == sorted(springfields, key=lambda p: -p.population)


def test_alternate_names_of_cities_and_returned_places_are_shared():
    """A Latin-script alternate name of a big city finds it; Place objects are made once."""
    assert places.lookup("Deira").name == "Dayrah"
    assert places.lookup("Ras al-Khaimah").name == "Ras Al Khaimah"
    assert places.lookup("Dubai") is places.lookup("dubai")
    assert places.lookup_all("Dubai") is not places.lookup_all("Dubai")  # callers may change the list
