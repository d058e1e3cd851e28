"""Unicode clean-up with an exact map back to the original offsets.

What is changed, and why (docs/inputs.md repeats this for users):

- line breaks ``\\r\\n`` and ``\\r`` become ``\\n``: sentence and line logic sees one kind;
- no-break and other fixed-width spaces (U+00A0, U+2000..U+200A, U+202F, U+205F, U+3000)
  become a plain space: "15\\u00a0August" and "15 August" must match;
- zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and the soft hyphen (U+00AD)
  are dropped: they split words invisibly ("Bel\\u200bousov");
- curly quotes become ASCII quotes (‘ ’ ‚ ‛ ′ to ``'``; “ ” „ ‟ ″ « » to ``"``): quote
  detection and string matching then see one form. The original keeps the curly form;
- the hyphen-like U+2010, U+2011 (non-breaking hyphen) and the minus sign U+2212 become
  ``-``, so "RA\\u201196023" and "RA-96023" are the same identifier and "\\u22125" parses;
- en dash and em dash are KEPT: "Elmendorf–Richardson", "10–12" (a range) and "word—word"
  carry meaning a hyphen does not;
- other control characters (C0/C1 except tab and newline) are dropped;
- the rest is put in NFC, one base character and its combining marks at a time, so the map
  stays exact ("e" + U+0301 becomes "é", one character for two).

The map is a sorted list of ``(clean, original)`` breakpoints (``Article.offset_map``);
between two breakpoints both offsets advance together.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = {"\u00a0", "\u2007", "\u202f", "\u205f", "\u3000"} | {chr(c) for c in range(0x2000, 0x200B)}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_SINGLE_QUOTES = {"\u2018", "\u2019", "\u201a", "\u201b", "\u2032"}
_DOUBLE_QUOTES = {"\u201c", "\u201d", "\u201e", "\u201f", "\u2033", "\u00ab", "\u00bb"}
_HYPHENS = {"\u2010", "\u2011", "\u2212"}

_CHAR_MAP: dict[str, str] = {}
for _c in _SPACES:
    _CHAR_MAP[_c] = " "
for _c in _DROP:
    _CHAR_MAP[_c] = ""
for _c in _SINGLE_QUOTES:
    _CHAR_MAP[_c] = "'"
for _c in _DOUBLE_QUOTES:
    _CHAR_MAP[_c] = '"'
for _c in _HYPHENS:
    _CHAR_MAP[_c] = "-"


class _MapBuilder:
    """Collects ``(clean, original)`` breakpoints while the clean text is built."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.clean = 0
        self.breakpoints: list[tuple[int, int]] = [(0, 0)]

    def emit(self, text: str, orig_start: int, orig_end: int) -> None:
        """Write ``text`` for ``original[orig_start:orig_end]``."""
        last_clean, last_orig = self.breakpoints[-1]
        if self.clean - last_clean != orig_start - last_orig:
            self._add(self.clean, orig_start)
        self.pieces.append(text)
        self.clean += len(text)
        if len(text) != orig_end - orig_start:
            self._add(self.clean, orig_end)

    def _add(self, clean: int, orig: int) -> None:
        if self.breakpoints and self.breakpoints[-1][0] == clean:
            self.breakpoints[-1] = (clean, orig)
        else:
            self.breakpoints.append((clean, orig))


_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
# Characters handled one by one; everything between them is copied in one piece when it
# is already in NFC (nearly all text), which keeps clean-up fast on long articles.
_SPECIAL = re.compile("[\r" + re.escape("".join(_CHAR_MAP)) + re.escape(_CONTROLS) + "]")


def _emit_clusters(out: _MapBuilder, original: str, start: int, end: int) -> None:
    """NFC a stretch one base character and its combining marks at a time."""
    i = start
    while i < end:
        stop = i + 1
        while stop < end and unicodedata.combining(original[stop]):
            stop += 1
        cluster = original[i:stop]
        out.emit(unicodedata.normalize("NFC", cluster), i, stop)
        i = stop


def normalize(original: str) -> tuple[str, list[tuple[int, int]]]:
    """Clean up Unicode in ``original`` and map the result back to it.

    Args:
        original: the text as read (decoded, or extracted from HTML).

    Returns:
        ``(text, offset_map)``: the cleaned text and its ``(clean, original)`` breakpoints.
    """
    out = _MapBuilder()
    position = 0
    n = len(original)
    matches = list(_SPECIAL.finditer(original)) + [None]
    for match in matches:
        start = match.start() if match else n
        if start > position:
            stretch = original[position:start]
            if unicodedata.is_normalized("NFC", stretch):
                out.emit(stretch, position, start)
            else:
                _emit_clusters(out, original, position, start)
        if match is None:
            break
        char = match.group()
        if char == "\r":
            end = start + 2 if start + 1 < n and original[start + 1] == "\n" else start + 1
            out.emit("\n", start, end)
        elif char in _CHAR_MAP:
            end = start + 1
            out.emit(_CHAR_MAP[char], start, end)
        else:  # a control character
            end = start + 1
            out.emit("", start, end)
        position = end
    return "".join(out.pieces), out.breakpoints


def map_offset(offset_map: list[tuple[int, int]], offset: int) -> int:
    """Map an offset into the cleaned text back to the original text.

    Args:
        offset_map: ``(clean, original)`` breakpoints as :func:`normalize` returns them.
        offset: an offset into the cleaned text.

    Returns:
        The matching offset into the original text.
    """
    if not offset_map:
        return offset
    lo, hi = 0, len(offset_map)
    while lo + 1 < hi:  # last breakpoint whose clean offset is <= offset
        mid = (lo + hi) // 2
        if offset_map[mid][0] <= offset:
            lo = mid
        else:
            hi = mid
    clean, orig = offset_map[lo]
    return orig + (offset - clean)


def slice_map(offset_map: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The map of ``text[start:end]`` given the map of ``text``.

    Args:
        offset_map: breakpoints of the full cleaned text.
        start: where the kept slice begins in the cleaned text.
        end: where it ends.

    Returns:
        Breakpoints whose clean offsets are relative to the slice.
    """
    result = [(0, map_offset(offset_map, start))]
    for clean, orig in offset_map:
        if start < clean <= end:
            result.append((clean - start, orig))
    return result
