"""Where the near-copy threshold of storydiff.ingest.voices comes from.

Reads ECB+ (../shared/data/ecbplus, or the path given): for every pair of documents in one
topic (reports of the same kind of event, often of the same event) it prints the
distribution of estimated Jaccard similarity of word 5-shingles, which must stay BELOW
the threshold; then, from the same documents, syndication-like copies (first 70% of sentences kept, as copy desks trim;
a new first and last paragraph), which must stay ABOVE it.

Usage: python bench/voices.py [ECBPLUS_DIR]
Last line: name=value pairs.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from storydiff.ingest.voices import NEAR_COPY_THRESHOLD, near_duplicate_key, similarity
from storydiff.model import Article

ROOT = Path(__file__).resolve().parent.parent


def ecb_texts(folder: Path) -> dict[str, list[tuple[str, str]]]:
    topics: dict[str, list[tuple[str, str]]] = defaultdict(list)
    token = re.compile(r'<token[^>]*sentence="(\d+)"[^>]*>([^<]*)</token>')
    for path in sorted(folder.glob("*/*.xml")):
        sentences: dict[int, list[str]] = defaultdict(list)
        for sentence, word in token.findall(path.read_text(encoding="utf-8")):
            sentences[int(sentence)].append(word)
        text = "\n".join(" ".join(words) for _, words in sorted(sentences.items()))
        topics[path.parent.name].append((path.name, text))
    return topics


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "ecbplus"
    topics = ecb_texts(folder)
    scores: list[tuple[float, str, str]] = []
    copies: list[float] = []
    for docs in topics.values():
        keys = {name: near_duplicate_key(Article(text=text)).signature for name, text in docs}
        for (a, _), (b, _) in combinations(docs, 2):
            scores.append((similarity(keys[a], keys[b]), a, b))
        for name, text in docs:
            paragraphs = text.split("\n")
            if len(paragraphs) < 5:
                continue
            trimmed = "\n".join(paragraphs[: max(3, int(len(paragraphs) * 0.7))])
            rewrapped = "\n".join(["By a staff writer, Reuters", *paragraphs[1:-1], "Reporting by the news desk; editing by the desk."])
            for variant in (trimmed, rewrapped):
                copies.append(similarity(keys[name], near_duplicate_key(Article(text=variant)).signature))
    scores.sort(reverse=True)
    values = [s for s, _, _ in scores]
    print(f"{'pairs of different documents in one topic':<45} {len(values)}")
    for q in (0.5, 0.9, 0.99, 0.999):
        print(f"{'  quantile ' + str(q):<45} {values[int(len(values) * (1 - q))]:.3f}")
    print(f"{'  most similar pairs':<45}")
    for score, a, b in scores[:8]:
        print(f"    {score:.3f}  {a}  {b}")
    copies.sort()
    print(f"{'syndication-like copies':<45} {len(copies)}")
    print(f"{'  lowest':<45} {copies[0]:.3f}")
    print(f"{'  quantile 0.01':<45} {copies[int(len(copies) * 0.01)]:.3f}")
    print(f"{'  quantile 0.05':<45} {copies[int(len(copies) * 0.05)]:.3f}")
    print(f"{'  median':<45} {copies[len(copies) // 2]:.3f}")
    above = sum(1 for s in values if s >= NEAR_COPY_THRESHOLD)
    below = sum(1 for s in copies if s < NEAR_COPY_THRESHOLD)
    print(f"threshold={NEAR_COPY_THRESHOLD} different_pairs_above={above} copies_below={below} "
          f"max_different={values[0]:.3f} min_copy={copies[0]:.3f}")


if __name__ == "__main__":
    main()
