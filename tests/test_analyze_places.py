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
