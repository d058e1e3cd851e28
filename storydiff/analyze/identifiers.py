"""Identifiers: aircraft registrations, aircraft types, flight numbers and other codes.

- **aircraft_registration**: a nationality prefix from the ICAO table (Annex 7; the common
  prefixes below), a dash, and the mark ("RA-96023" Russia, "G-EUPT" United Kingdom,
  "VH-OQA" Australia), or a US N-number ("N12345", "N767BA": N, a digit 1-9, up to four
  more digits, up to two letters). A string with an unknown prefix is not a registration.
  ``details["country"]`` names the state of registry; ``normalized`` is upper case with a dash.
- **aircraft_type**: a maker's prefix and model ("Il-96", "Tu-154", "An-124", "Su-35",
  "MiG-29", "Boeing 747", "Airbus A320", a bare "A320"/"B737", "Embraer E190", "C-17");
  ``normalized`` joins prefix and number with a dash for Soviet/Russian makers ("IL-96")
  and a space otherwise ("Boeing 747"); ``details["maker"]`` names the maker.
- **flight_number**: an airline's two-character IATA code and 1-4 digits after the word
  "flight" ("flight BA 283", "Flight AA1234"), or a code from the list of large airlines
  anywhere ("BA283", "SU 100"). ``normalized`` drops the space ("BA283").
- **code**: other code-like strings of capitals and digits joined by a dash ("MH-17",
  "COVID-19" are excluded as they are names; see ``_NOT_CODES``), at least one letter and
  one digit, not a year, not a clock time.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from storydiff.analyze.docdata import sd, text_of


#: ICAO nationality prefixes of civil aircraft registrations (ICAO Annex 7 / Doc 7030 list),
#: those of states whose aircraft appear in international news. Dash-separated form.
ICAO_PREFIXES = {
    "RA": "Russia", "RF": "Russia", "UR": "Ukraine", "EW": "Belarus", "UK": "Uzbekistan",
    "UP": "Kazakhstan", "EK": "Armenia", "4K": "Azerbaijan", "4L": "Georgia", "ER": "Moldova",
    "EX": "Kyrgyzstan", "EY": "Tajikistan", "EZ": "Turkmenistan", "YL": "Latvia", "LY": "Lithuania",
    "ES": "Estonia", "G": "United Kingdom", "M": "Isle of Man", "EI": "Ireland", "F": "France",
    "D": "Germany", "I": "Italy", "EC": "Spain", "CS": "Portugal", "PH": "Netherlands",
    "OO": "Belgium", "LX": "Luxembourg", "HB": "Switzerland", "OE": "Austria", "SP": "Poland",
    "OK": "Czechia", "OM": "Slovakia", "HA": "Hungary", "YR": "Romania", "LZ": "Bulgaria",
    "SX": "Greece", "TC": "Turkey", "9H": "Malta", "5B": "Cyprus", "OH": "Finland",
    "SE": "Sweden", "LN": "Norway", "OY": "Denmark", "TF": "Iceland", "S5": "Slovenia",
    "9A": "Croatia", "YU": "Serbia", "Z3": "North Macedonia", "E7": "Bosnia and Herzegovina",
    "4O": "Montenegro", "ZA": "Albania", "4X": "Israel", "SU": "Egypt", "JY": "Jordan",
    "OD": "Lebanon", "YK": "Syria", "YI": "Iraq", "EP": "Iran", "HZ": "Saudi Arabia",
    "A6": "United Arab Emirates", "A7": "Qatar", "A9C": "Bahrain", "9K": "Kuwait",
    "A4O": "Oman", "7O": "Yemen", "AP": "Pakistan", "YA": "Afghanistan", "VT": "India",
    "S2": "Bangladesh", "4R": "Sri Lanka", "9N": "Nepal", "XY": "Myanmar", "HS": "Thailand",
    "9M": "Malaysia", "9V": "Singapore", "PK": "Indonesia", "RP": "Philippines", "VN": "Vietnam",
    "XU": "Cambodia", "RDPL": "Laos", "B": "China", "HL": "South Korea", "P": "North Korea",
    "JA": "Japan", "VH": "Australia", "ZK": "New Zealand", "C": "Canada", "CF": "Canada",
    "XA": "Mexico", "XB": "Mexico", "XC": "Mexico", "CU": "Cuba", "HP": "Panama",
    "TG": "Guatemala", "YS": "El Salvador", "HR": "Honduras", "YN": "Nicaragua",
    "TI": "Costa Rica", "HI": "Dominican Republic", "HH": "Haiti", "6Y": "Jamaica",
    "PP": "Brazil", "PR": "Brazil", "PS": "Brazil", "PT": "Brazil", "PU": "Brazil",
    "LV": "Argentina", "LQ": "Argentina", "CC": "Chile", "HK": "Colombia", "OB": "Peru",
    "YV": "Venezuela", "HC": "Ecuador", "CP": "Bolivia", "ZP": "Paraguay", "CX": "Uruguay",
    "ZS": "South Africa", "5N": "Nigeria", "5Y": "Kenya", "ET": "Ethiopia", "ST": "Sudan",
    "5A": "Libya", "7T": "Algeria", "CN": "Morocco", "TS": "Tunisia", "5H": "Tanzania",
    "5X": "Uganda", "9G": "Ghana", "6V": "Senegal", "TU": "Ivory Coast", "D2": "Angola",
    "C9": "Mozambique", "9J": "Zambia", "Z": "Zimbabwe", "A2": "Botswana", "V5": "Namibia",
    "5R": "Madagascar", "3B": "Mauritius", "9Q": "DR Congo", "TJ": "Cameroon",
}

_MAKERS = {
    "il": "Ilyushin", "tu": "Tupolev", "an": "Antonov", "su": "Sukhoi", "mig": "Mikoyan",
    "yak": "Yakovlev", "ka": "Kamov", "mi": "Mil", "be": "Beriev", "ssj": "Sukhoi",
    "boeing": "Boeing", "airbus": "Airbus", "embraer": "Embraer", "bombardier": "Bombardier",
    "cessna": "Cessna", "gulfstream": "Gulfstream", "lockheed": "Lockheed", "atr": "ATR",
    "comac": "COMAC", "dassault": "Dassault", "learjet": "Learjet", "fokker": "Fokker",
    "crj": "Bombardier", "erj": "Embraer", "c": "military", "f": "military", "b": "military",
    "kc": "military", "mq": "military", "e": "Embraer", "a": "Airbus",
}

# Soviet/Russian maker prefixes are written with a dash and needed both letters + number.
_SOVIET = r"(?:Il|IL|Tu|TU|An|AN|Su|SU|MiG|MIG|Yak|YAK|Ka|KA|Mi|MI|Be|BE)-\d{1,3}[A-Z]{0,3}\b"
_NAMED = r"(?:Boeing|Airbus|Embraer|Bombardier|Cessna|Gulfstream|Lockheed|ATR|COMAC|Dassault Falcon|Learjet|Fokker)\s+(?:[A-Z]{0,3}-?\d{2,4}(?:-\d{1,3})?[A-Z]{0,3}|Dreamliner|Hercules)\b"
_BARE = r"\b(?:A3[0-8]\d(?:neo|-\d{3})?|B7[0-8]7(?:-\d{1,3})?|CRJ-?\d{3}|ERJ-?\d{3}|E1[79]\d|C-(?:17|130|5|40)|F-(?:15|16|18|22|35)|B-(?:1|2|52)|KC-(?:10|46|135)|MQ-9)\b"
_TYPE = re.compile(rf"\b(?:{_NAMED}|{_SOVIET})|{_BARE}")

_REG_DASH = re.compile(r"\b([A-Z0-9]{1,4})-([A-Z0-9]{3,5})\b")
_N_NUMBER = re.compile(r"\bN[1-9]\d{0,4}[A-HJ-NP-Z]{0,2}\b")
_FLIGHT_CUE = re.compile(r"\b[Ff]light\s+([A-Z0-9]{2})\s?(\d{1,4})\b")
#: IATA codes of large airlines, recognised without the word "flight" ("BA283").
AIRLINES = {
    "AA": "American Airlines", "BA": "British Airways", "DL": "Delta Air Lines",
    "UA": "United Airlines", "LH": "Lufthansa", "AF": "Air France", "KL": "KLM",
    "SU": "Aeroflot", "EK": "Emirates", "QR": "Qatar Airways", "TK": "Turkish Airlines",
    "SQ": "Singapore Airlines", "CX": "Cathay Pacific", "QF": "Qantas", "AC": "Air Canada",
    "MH": "Malaysia Airlines", "NH": "ANA", "JL": "Japan Airlines", "EY": "Etihad",
    "AS": "Alaska Airlines", "WN": "Southwest", "B6": "JetBlue", "FR": "Ryanair",
    "U2": "easyJet", "IB": "Iberia", "AZ": "ITA Airways", "LX": "Swiss", "OS": "Austrian",
    "SK": "SAS", "AY": "Finnair", "PS": "Ukraine International", "ET": "Ethiopian",
    "CA": "Air China", "MU": "China Eastern", "CZ": "China Southern", "AI": "Air India",
    "KE": "Korean Air", "OZ": "Asiana", "LA": "LATAM", "AM": "Aeromexico", "VS": "Virgin Atlantic",
}
_FLIGHT_BARE = re.compile(r"\b(" + "|".join(sorted(AIRLINES, key=len, reverse=True)) + r")\s?(\d{2,4})\b")
_CODE = re.compile(r"\b(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\d)[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|\b[A-Z]{2,}\d{2,}[A-Z]*\b")
# Names written like codes that are not identifiers of one thing.
_NOT_CODES = {"COVID-19", "SARS-COV-2", "G7", "G20", "G-7", "G-20", "P5", "MP3", "CO2", "4G", "5G", "3D"}


def _registration(prefix: str, mark: str) -> str | None:
    country = ICAO_PREFIXES.get(prefix)
    if country is None:
        return None
    # Most states use letters after the dash; Russia, Ukraine, China and a few others use
    # digits. A mark of digits after a letter-only state prefix is a model name ("F-16").
    if prefix in ("F", "C", "B", "A", "E", "G", "D", "I") and mark.isdigit() and len(mark) < 4:
        return None
    return country


def find_identifiers(text: str) -> list[dict]:
    """Every identifier in ``text`` (see the module docstring), as span dicts.

    Args:
        text: the article text.

    Returns:
        Dicts with start, end, text, kind, normalized and details; non-overlapping,
        in text order; the first pattern to claim a stretch wins (types, then
        registrations, flight numbers, codes).
    """
    found: list[dict] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, normalized: str, details: dict) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append({"start": start, "end": end, "text": text[start:end], "kind": kind,
                      "normalized": normalized, "details": details})

    for m in _TYPE.finditer(text):
        raw = m.group(0)
        head = re.split(r"[\s-]", raw)[0].lower()
        head = re.sub(r"\d.*", "", head) or head
        maker = _MAKERS.get(head, _MAKERS.get(head[:1], ""))
        if re.match(_SOVIET, raw):
            normalized = raw.upper().replace("MIG", "MiG")
        else:
            normalized = " ".join(raw.split())
        add(m.start(), m.end(), "aircraft_type", normalized, {"maker": maker})
    for m in _REG_DASH.finditer(text):
        prefix, mark = m.group(1), m.group(2)
        country = _registration(prefix, mark)
        if country:
            add(m.start(), m.end(), "aircraft_registration", f"{prefix}-{mark}", {"country": country})
    for m in _N_NUMBER.finditer(text):
        if len(m.group(0)) >= 3 and not m.group(0)[1:].isdigit() or len(m.group(0)) >= 4:
            add(m.start(), m.end(), "aircraft_registration", m.group(0), {"country": "United States"})
    for m in _FLIGHT_CUE.finditer(text):
        code = m.group(1)
        add(m.start(1), m.end(2), "flight_number", f"{code}{m.group(2)}",
            {"airline": AIRLINES.get(code, "")})
    for m in _FLIGHT_BARE.finditer(text):
        add(m.start(), m.end(), "flight_number", f"{m.group(1)}{m.group(2)}",
            {"airline": AIRLINES[m.group(1)]})
    for m in _CODE.finditer(text):
        raw = m.group(0)
        if raw.upper() in _NOT_CODES or re.fullmatch(r"[A-Z]+-\d{4}", raw) and 1900 < int(raw[-4:]) < 2100:
            continue
        add(m.start(), m.end(), "code", raw.upper(), {})
    found.sort(key=lambda d: d["start"])
    return found


def find(doc: Doc) -> Doc:
    """Pipeline stage: set ``doc._.sd["identifiers"]``.

    Args:
        doc: a doc.

    Returns:
        The same doc.
    """
    sd(doc)["identifiers"] = find_identifiers(text_of(doc))
    return doc
