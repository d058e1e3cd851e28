"""Speed of the time-expression stage (storydiff.analyze.timex.find_timexes).

It runs on every article, so it must stay cheap next to spaCy. Reads the TimeML texts of
TBAQ-cleaned (../shared/data/timeml/TBAQ-cleaned, or the path given) and the example
event, runs find_timexes without a spaCy doc (as the eval does) several times, and prints
documents, characters and expressions per second, and the cost of the first call (rules
compiled at import; the places table loaded on first use).

Usage: python bench/timex.py [TBAQ_DIR]
Last line: name=value pairs.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "timeml" / "TBAQ-cleaned"
    t0 = time.perf_counter()
    from storydiff.analyze.timex import find_timexes
    from storydiff.analyze.zones import zone_of_place

    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    zone_of_place("Anchorage")
    places_s = time.perf_counter() - t0
    from storydiff.eval.corpora.timeml import iter_documents

    docs = [(d.text, d.anchor) for d in iter_documents(folder)]
    example = ROOT / "examples" / "alaska-summit-2025"
    docs += [(p.read_text(encoding="utf-8"), dt.date(2025, 8, 15)) for p in sorted(example.glob("*.txt"))]
    chars = sum(len(t) for t, _ in docs)
    best = float("inf")
    found = 0
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        found = 0
        for text, anchor in docs:
            timexes, _notes = find_timexes(text, anchor=anchor, location="Anchorage")
            found += len(timexes)
        best = min(best, time.perf_counter() - t0)
    rows = [
        ("documents", len(docs)),
        ("characters", chars),
        ("expressions", found),
        ("best of 3, s", round(best, 3)),
        ("ms per document", round(1000 * best / len(docs), 2)),
        ("characters per s", int(chars / best)),
        ("import (rules compiled), s", round(import_s, 3)),
        ("places table first use, s", round(places_s, 3)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    print(f"ms_per_doc={1000 * best / len(docs):.2f} chars_per_s={int(chars / best)} places_load_s={places_s:.3f}")


if __name__ == "__main__":
    main()
