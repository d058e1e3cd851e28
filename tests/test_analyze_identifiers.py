"""Identifiers: registrations validated against ICAO prefixes, aircraft types, flights."""

from __future__ import annotations

import pytest

from storydiff.analyze.identifiers import find_identifiers


def _kinds(text):
    return [(i["text"], i["kind"], i["normalized"], i["details"].get("country")) for i in find_identifiers(text)]


@pytest.mark.parametrize("text, expected", [
    ("an Il-96 with the tail number RA-96023", [("Il-96", "aircraft_type", "IL-96", None),
                                                ("RA-96023", "aircraft_registration", "RA-96023", "Russia")]),
    ("British Airways jet G-EUPT diverted", [("G-EUPT", "aircraft_registration", "G-EUPT", "United Kingdom")]),
    ("the Cessna, registered N12345, crashed", [("N12345", "aircraft_registration", "N12345", "United States")]),
    ("Qantas VH-OQA, an Airbus A380, landed", [("VH-OQA", "aircraft_registration", "VH-OQA", "Australia"),
                                               ("Airbus A380", "aircraft_type", "Airbus A380", None)]),
    ("Ukrainian UR-PSR and a Tu-154", [("UR-PSR", "aircraft_registration", "UR-PSR", "Ukraine"),
                                       ("Tu-154", "aircraft_type", "TU-154", None)]),
])
def test_registrations_and_types(text, expected):
    assert _kinds(text) == expected


def test_unknown_prefix_is_not_a_registration():
    found = find_identifiers("the code QQ-ABCDE appeared")
    assert all(i["kind"] != "aircraft_registration" for i in found)


def test_fighter_model_is_a_type_not_a_french_registration():
    assert _kinds("two F-16 jets") == [("F-16", "aircraft_type", "F-16", None)]


def test_flight_numbers():
    found = find_identifiers("Flight BA 283 to Los Angeles and AA1234 were delayed")
    flights = [(i["text"], i["normalized"]) for i in found if i["kind"] == "flight_number"]
    assert flights == [("BA 283", "BA283"), ("AA1234", "AA1234")]


def test_meantime_aircraft_types(shared_data):
    """After MEANTIME airbus/62929_A380_makes_maiden_flight_to_US ("One of the A380s is
    flying from Frankfurt to Chicago via New York") and airbus/106653 (the Boeing 737)."""
    assert _kinds("the Airbus A380 is flying from Frankfurt to Chicago via New York") == [
        ("Airbus A380", "aircraft_type", "Airbus A380", None)]
    assert ("Boeing 737", "aircraft_type", "Boeing 737", None) in _kinds(
        "Boeing pushes back 737 replacement development; the Boeing 737 is its best seller")


def test_years_and_plain_words_are_not_codes():
    assert find_identifiers("In 2018 the COVID-19 G20 summit met at 2200 GMT.") == []
