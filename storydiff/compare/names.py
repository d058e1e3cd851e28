"""Names normalised for resolution: surfaces, name words, transliteration keys.

``resolve`` compares mentions by these keys: "Defense Minister Andrey Belousov" and
"Andrei Belousov" give the same ``name_key`` of their ``name_tokens``; "Russia's Putin"
is "Putin"; "the Kremlin" is "Kremlin"; "Mt Cook" is "Mount Cook". Pronoun and title
word lists live here too, as every pass reads them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from storydiff.analyze.lexicon import SHORT_GIVEN_NAMES

#: Labels that name places; they may corefer with each other (spaCy tags one city GPE in
#: one article and LOC in another).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

PRONOUNS_MALE = frozenset("he him his himself".split())
PRONOUNS_FEMALE = frozenset("she her hers herself".split())
# First and second person: inside quotes they point at the speaker or the listener,
# which no nearest-mention rule finds; they only join the same word earlier on.
PRONOUNS_LOCUTOR = frozenset(
    "i me my mine myself you your yours yourself we us our ours ourselves".split()
)
PRONOUNS_PERSON = PRONOUNS_MALE | PRONOUNS_FEMALE | frozenset("who whom whose".split())
PRONOUNS_PLURAL = frozenset("they them their theirs themselves".split())
PRONOUNS_THING = frozenset("it its itself this that which there here".split())
PRONOUNS = PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_THING | PRONOUNS_LOCUTOR
# Prepositions that gold and predicted spans sometimes include ("at Betty Ford").
PREPOSITIONS = frozenset("at in on to from into for by with of near inside outside".split())

# Words that title a person but are not part of the name ("Defense Minister Andrey
# Belousov" is Andrey Belousov). Lower-case; compared token by token from the left.
TITLE_WORDS = frozenset(
    """
    president vice prime minister foreign defense defence finance interior justice deputy
    secretary state general gen. gen lt. col. colonel major sgt. sergeant captain capt.
    mr mr. mrs mrs. ms ms. dr dr. prof. professor sir dame lord lady king queen prince
    princess pope saint st. sen. senator rep. representative gov. governor mayor judge
    justice chief chairman chairwoman chair ceo director spokesman spokeswoman
    spokesperson ambassador envoy special economic aide adviser advisor presidential
    chancellor premier officer detective inspector agent actor actress singer star
    coach player former late lawyer attorney rep. publicist u.s. us russian american
    british french german chinese
    ukrainian ukraine's russia's america's kremlin white house
    """.split()
)
# Abbreviations inside place names, by their translit_key.
_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "mtn": "mountain"}
# Generational suffixes: "Arcade Joseph Comeaux Jr" is a Comeaux.
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Degrees written after a name and a comma, in lower case ("Regina Benjamin, MD"); any
# all-capital part after a comma is one too. Reading "Regina Benjamin, MD" as Regina
# Benjamin: ECB+ topics 18-35 CoNLL F1 0.7393 -> 0.7406 (1-16 unchanged).
_CREDENTIALS = frozenset("phd md mba esq jr sr rn dds".split())
DETERMINERS = frozenset("the a an this that these those".split())
# Function words skipped when building an acronym ("Bank of England" -> BOE, not BOFE).
ACRONYM_SKIP = frozenset("of the and for in on at to de la".split())

# Short names that no acronym rule can find. General knowledge, not the example:
# keep it to names with several common forms in English news.
COMMON_ALIASES: dict[str, str] = {
    "america": "united states",
    "usa": "united states",
    "us": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "russian federation": "russia",
    "ussr": "soviet union",
    "un": "united nations",
    "eu": "european union",
    "nyc": "new york city",
    # The world wars' several names (the example: "World War II" / "the Second World War").
    "second world war": "world war ii",
    "world war two": "world war ii",
    "world war 2": "world war ii",
    "ww2": "world war ii",
    "wwii": "world war ii",
    "first world war": "world war i",
    "world war one": "world war i",
    "world war 1": "world war i",
    "ww1": "world war i",
    "wwi": "world war i",
}
_ROMAN = re.compile(r"[IVX]{1,4}")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,3}")
# A company's legal form, written or left out by each outlet ("TallGrass Distribution
# Ltd." / "TallGrass Distribution", ECB+ 18_ecb). Lower case, without the final dot.
LEGAL_SUFFIXES = frozenset("ltd limited inc incorporated corp corporation llc plc gmbh co".split())


def without_legal_suffix(words: list[str]) -> list[str]:
    """A company name's words without a legal form at its end ("Ltd.", ", Inc."); the
    words unchanged when that would leave fewer than two."""
    if len(words) >= 3 and words[-1].lower().rstrip(".") in LEGAL_SUFFIXES:
        return [*words[:-2], words[-2].rstrip(",")]
    return words

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u2032`"), "'")
_NICKNAME = re.compile(r"""\s(?:'[^'\s][^']*'|"[^"]+")\s""")
_POSSESSIVE_END = re.compile(r"(?:'s|s')$")
_POSSESSOR_START = re.compile(r"^[A-Z][\w.\-]*(?: [A-Z][\w.\-]*)*'s ")


def clean_surface(text: str) -> str:
    """The mention's text with dashes, quotes and spaces made uniform.

    Args:
        text: a mention's text.

    Returns:
        The text with every dash a hyphen, curly apostrophes straight, runs of spaces
        (and spaces around hyphens) collapsed.
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = re.sub(r"\s*-\s*", "-", text)
    # Tokenised copy spaces initials ("U. S." for U.S.) and glues a title to a name
    # ("Gov.Sarah Palin").
    text = re.sub(r"\b([A-Z])\. (?=[A-Z]\.)", r"\1.", text)
    text = re.sub(r"\b([A-Z][a-z]{1,3})\.(?=[A-Z][a-z])", r"\1. ", text)
    return re.sub(r"\s+", " ", text).strip()


def _fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def translit_key(word: str) -> str:
    """A key equal for common romanisation variants of one name.

    Andrey/Andrei, Zelensky/Zelenskyy/Zelenskiy, Dmitriev/Dmitriyev, Mikhail/Mihail: y and i
    are one letter, kh is h, doubled letters count once.

    Args:
        word: one word of a name.

    Returns:
        The folded key.
    """
    key = _fold(word).replace(".", "")
    key = key.replace("kh", "h").replace("y", "i").replace("j", "i")
    key = re.sub(r"(.)\1+", r"\1", key)
    return key


def given_key(word: str) -> str:
    """``translit_key`` of a given name, short forms read as the full one (Mo -> Maurice).

    Args:
        word: a given name.

    Returns:
        The key.
    """
    full = SHORT_GIVEN_NAMES.get(_fold(word).rstrip("."))
    return translit_key(full or word)


def sound_key(word: str) -> str:
    """A key equal for two spellings of one spoken name (Metaphone, with a few of its
    distinctions that spellings of names do not keep folded away).

    John/Jon, Heydar/Heidar, Karolos/Carolos, Massoud/Masoud, Steven/Stephen, Sean/Shaun,
    Teresa/Theresa, Elias/Ilias and Giannis/Yiannis get one key; Brian/Bryant and
    Latoya/Latonya (two names, ECB+ 22_ecbplus) do not. Folded: y inside a word is the
    vowel i (Bryant/Briant), an initial y is j (Yiannis/Giannis), th is t, sh is s, and an
    initial vowel is any vowel (Elias/Ilias): Metaphone keeps the first letter of a word
    that starts with a vowel.

    Args:
        word: one word of a name.

    Returns:
        The key (upper case letters).
    """
    import jellyfish

    folded = re.sub(r"[^a-z]", "", _fold(word))
    if folded.startswith("y"):
        folded = "j" + folded[1:]
    key = jellyfish.metaphone(folded.replace("y", "i")).replace("0", "T").replace("X", "S")
    return "A" + key[1:] if key[:1] in "AEIOU" else key


def known_given_name(word: str) -> bool:
    """Whether ``word`` is a given name people are given, by the 1990 US census lists
    (1,219 male and 4,275 female names, shipped by the ``names`` package).

    A name outside them is a misspelling ("Anre Iguodala" for Andre, ECB+ 5_ecb), a
    transliteration (Heidar) or simply rare: no evidence that an outlet wrote another name.

    Args:
        word: a given name as written.

    Returns:
        True when the census lists it.
    """
    return _fold(word) in _census_given_names()


@functools.lru_cache(maxsize=1)
def _census_given_names() -> frozenset[str]:
    import names as census

    found = set()
    for kind in ("first:male", "first:female"):
        with open(census.FILES[kind], encoding="ascii") as lines:
            found.update(line.split()[0].lower() for line in lines if line.strip())
    return frozenset(found)


def name_tokens(text: str, label: str = "") -> list[str]:
    """The words of a name without determiners, possessives and leading titles.

    "Russia's Putin" -> ["Putin"]; "Defense Minister Andrey Belousov" -> ["Andrey",
    "Belousov"]; "the Kremlin's" -> ["Kremlin"].

    Args:
        text: a mention's text.
        label: its label (titles are stripped from PERSON mentions only).

    Returns:
        The remaining words (possibly empty).
    """
    text = clean_surface(text)
    if label == "PERSON":
        text = _POSSESSOR_START.sub("", text)
        # A nickname in quotes is no part of the name: Vincent 'The Chin' Gigante.
        text = _NICKNAME.sub(" ", text).strip()
    words = text.split(" ")
    while words and (words[0].lower() in DETERMINERS or words[0].lower() in PREPOSITIONS):
        words = words[1:]
    # "the northern city of Thessaloniki" is Thessaloniki.
    if len(words) >= 3 and words[0].islower() and "of" in words[:-1]:
        tail = words[words.index("of") + 1 :]
        while tail and tail[0].lower() in DETERMINERS:
            tail = tail[1:]
        if is_proper(tail):
            words = tail
    # "the notorious Gulf of Aden", "off Gulf of Aden": the name after lower-case words.
    if words and words[0].islower() and label != "DATE":
        first_proper = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
        if first_proper is not None and is_proper(words[first_proper:]):
            words = words[first_proper:]
    # "Promises Treatment Center in Malibu, California" is named by its first part; but
    # "of" before a capitalised word is inside the name ("the Sea of Okhotsk", "Bank of
    # England"), where cutting would leave a bare "Sea" that joins every other sea.
    for cut, word in enumerate(words):
        if cut and (word in (",", "(") or (word.lower() in PREPOSITIONS and word.islower())):
            # Only between capitalised words: a person's "of" starts an office
            # ("Governor of California"), and "the early hours of Sunday" or "35 miles
            # southwest of Houston" are no names.
            of_name = word == "of" and label != "PERSON" and cut + 1 < len(words)
            if of_name and words[cut + 1][:1].isupper() and all(
                w[:1].isupper() and not w.endswith(",") for w in words[:cut]
            ):
                continue
            words = words[:cut]
            break
    if words:
        words[-1] = _POSSESSIVE_END.sub("", words[-1]) or words[-1]
    if label == "PERSON":
        words = _drop_credentials(words)
        while len(words) > 1 and words[0].lower() in TITLE_WORDS:
            words = words[1:]
        while len(words) > 2 and words[-1].lower().rstrip(".,") in NAME_SUFFIXES:
            words = words[:-1]
        if len(words) > 1:
            words[-1] = words[-1].rstrip(",")
    return [w for w in words if w]


def _credential(segment: list[str]) -> bool:
    """ "MD", "M. D.", "PhD", "Jr.": letters after a name's comma that are no part of it."""
    letters = "".join(segment).replace(".", "").replace(",", "")
    return bool(letters) and (letters.isupper() or letters.lower() in _CREDENTIALS)


def _drop_credentials(words: list[str]) -> list[str]:
    """A person's name from comma-separated parts: "Regina Benjamin, MD" -> Regina
    Benjamin; "Foundation Trustee, Regina Benjamin, M. D." -> Regina Benjamin (the last
    part that is not a credential)."""
    if not any(w.endswith(",") for w in words[:-1]):
        return words
    segments: list[list[str]] = [[]]
    for word in words:
        segments[-1].append(word.rstrip(","))
        if word.endswith(","):
            segments.append([])
    named = [seg for seg in segments if seg and seg[0][:1].isupper() and not _credential(seg)]
    return named[-1] if named else words


def is_proper(words: list[str]) -> bool:
    """Whether a name's words are a proper name: capitalised (or digits, or "of"-like).

    Args:
        words: a mention's name words (``name_tokens``).

    Returns:
        True for "Joint Base Elmendorf-Richardson", False for "the quake" or nothing.
    """
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ACRONYM_SKIP
                               for w in words) and words[0][:1].isupper()


def acronym(words: list[str]) -> str:
    """The initials of a name, skipping function words ("Bank of England" -> "boe").

    Args:
        words: a name's words.

    Returns:
        The lower-case initials; a Roman numeral or a number stays whole ("World War II"
        -> "wwii", not "wwi", the First World War's), and so do initials ("U.S.
        Geological Survey" -> "usgs").
    """
    kept = [w for w in words if w.lower() not in ACRONYM_SKIP]
    # Initials keep every letter before two or more words: "U.S. Geological Survey" and
    # "US Geological Survey" are USGS (ECB+ 20_ecbplus), "N.Y. Daily News" the New York
    # Daily News (33). Not before
    # one: "U.S. Army" would be USA, the country. Those two merges are the only changes on
    # ECB+ gold mentions; its chains keep them apart (CoNLL F1 0.7666 -> 0.7662).
    spell = len(kept) >= 3
    return "".join(
        w if _ROMAN.fullmatch(w) or w.isdigit()
        else w.replace(".", "") if spell and _INITIALS.fullmatch(w) else w[0]
        for w in kept
    ).lower()


def kind_of(label: str) -> str:
    """The label mentions are compared under: every place label is "place".

    Args:
        label: a mention's label.

    Returns:
        "place" for GPE, LOC and FAC; the label otherwise.
    """
    return "place" if label in PLACE_LABELS else label


def name_key(words: list[str]) -> str:
    """The comparison key of a name's words (``translit_key`` of each, hyphens as spaces,
    place abbreviations spelt out).

    Args:
        words: a name's words (``name_tokens``).

    Returns:
        The key.
    """
    # "SAP-Arena" is "SAP Arena", "Mt Cook" is "Mount Cook".
    parts = " ".join(words).replace("-", " ").split()
    return " ".join(_ABBREVIATIONS.get(k, k) for k in map(translit_key, parts))
