"""Plain text: Unicode clean-up and its offset map, encodings, boilerplate lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from storydiff.errors import BinaryInput, EmptyInput
from storydiff.ingest.boilerplate import find_boilerplate, is_boilerplate
from storydiff.ingest.normalize import map_offset, normalize
from storydiff.ingest.text import read_text

INPUTS = __import__("pathlib").Path(__file__).parent / "data" / "inputs"


def test_normalize_maps_every_kept_character_back():
    original = "A\u00a0B\r\nC\u200bD \u201cquoted\u201d RA\u201196023 \u22125 e\u0301t\u00e9 Elmendorf\u2013Richardson"
    text, offset_map = normalize(original)
    assert text == 'A B\nCD "quoted" RA-96023 -5 \u00e9t\u00e9 Elmendorf\u2013Richardson'
    # Every character that was not changed is found at its mapped offset.
    for i, char in enumerate(text):
        if char.isalnum() and char != "\u00e9":
            assert original[map_offset(offset_map, i)] == char, (i, char)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\u00a0\u200b\u00ad\u2019\u201c\u2011\u0301\u2013x")), max_size=60))
def test_normalize_map_is_monotonic_and_exact_for_plain_letters(original):
    text, offset_map = normalize(original)
    previous = -1
    for i, char in enumerate(text):
        j = map_offset(offset_map, i)
        assert j > previous
        previous = j
        if char in "abx":
            assert original[j] == char


def test_en_dash_is_kept_and_curly_quotes_become_ascii():
    text, _ = normalize("Friday\u2019s talks \u2013 \u201csoon\u201d")
    assert text == "Friday's talks \u2013 \"soon\""


def test_example_tail_boilerplate_is_removed(example_dir):
    path = example_dir / "russian-delegation-arrives.txt"
    article = read_text(path.read_bytes(), source=str(path))
    assert article.removed == ["Read the full article here", "Share.", "Leave A Reply", "Exit mobile version"]
    assert article.text.endswith("against Presidents Trump and Putin themselves.")
    # The cleaned text maps back into the original exactly.
    start = article.text.index("Joint Base")
    assert article.original[article.original_offset(start):].startswith("Joint Base")
    assert article.text[start:start + 30] in normalize(article.original)[0]


def test_boilerplate_only_whole_short_lines():
    assert is_boilerplate("Share this article")
    assert is_boilerplate("Leave A Reply")
    assert not is_boilerplate("Share prices fell 3% on Friday after the talks.")
    start, end, removed = find_boilerplate("Skip to content\n\nThe talks began.\nShare.\n")
    assert removed == ["Skip to content", "Share."]


def test_no_real_line_removed_from_aeb_gold(shared_data):
    """All 181 gold article bodies of AEB keep every line (head and tail scan)."""
    gold = json.loads((shared_data / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    assert len(gold) == 181
    for key, value in gold.items():
        text, _ = normalize(value["articleBody"])
        _, _, removed = find_boilerplate(text)
        assert removed == [], (key, removed)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("utf16-bom.txt", "Mayor Ana Souza said the repairs would cost \u20ac2.4 million"),
        ("cp1252.txt", "The caf\u00e9 owner on Rue Saint-Denis said the \"new rules\" would cost her \u20ac300"),
        ("invalid-utf8.txt", "Residents of Z\u00fcrich lined the"),
    ],
)
def test_encodings_are_decoded(name, expected):
    article = read_text((INPUTS / name).read_bytes(), source=name)
    assert expected in article.text
    assert article.content_hash and len(article.content_hash) == 64


def test_invalid_utf8_is_recorded_as_a_problem():
    article = read_text((INPUTS / "invalid-utf8.txt").read_bytes(), source="invalid-utf8.txt")
    assert [p.code for p in article.problems] == ["encoding"]


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("empty.txt", EmptyInput, "empty.txt: is empty; give a file with the article's text"),
        ("tiny.pdf", BinaryInput, "tiny.pdf: this is a PDF document, not text or HTML; convert it to text first (e.g. `pdftotext FILE out.txt`) and give the .txt"),
        ("pixel.png", BinaryInput, "pixel.png: this is a PNG image, not text or HTML; give the article's text or web page instead"),
        ("random.bin", BinaryInput, "random.bin: this looks like binary data, not text or HTML; give a text, HTML, RSS/Atom or JSON Lines file"),
    ],
)
def test_bad_bytes_give_one_line_errors(name, error, message):
    with pytest.raises(error) as raised:
        read_text((INPUTS / name).read_bytes(), source=name)
    assert str(raised.value) == message


def test_whitespace_and_boilerplate_only_is_empty():
    with pytest.raises(EmptyInput, match="holds no article text"):
        read_text(b"Share.\n\nLeave a reply\n", source="furniture.txt")
