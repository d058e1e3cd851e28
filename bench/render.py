"""How long rendering takes as a story grows: Markdown, JSON (and back), HTML.

The report of the bundled example (a real ``compare()`` run) is widened to 2, 10 and 50
articles by repeating its two real articles under new ids, each copy carrying its
extractions, and each finding's evidence repeated for every copy, so the matrix, the
timeline and the highlighted texts grow as they would with that many articles.
Prints a table, then ``name=value`` pairs as its last line. Record the figures in
docs/benchmarks.md, section "Render".

    .venv/bin/python bench/render.py [--report saved.json]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storydiff.model import Evidence, Report  # noqa: E402
from storydiff.render import render  # noqa: E402
from storydiff.render.json import from_json, report_from_dict, report_to_dict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (2, 10, 50)
REPEATS = 3


def example_report() -> Report:
    from storydiff.compare import compare
    from storydiff.ingest import load

    return compare(load([ROOT / "examples" / "alaska-summit-2025"]).articles)


def widen(report: Report, size: int) -> Report:
    """The report with ``size`` articles: copies of its own, evidence repeated per copy."""
    base = report.articles
    articles, copy_of = [], {}
    for i in range(size):
        source = base[i % len(base)]
        article = copy.deepcopy(source)
        article.id = f"a{i + 1}"
        article.voice = f"v{i + 1}"
        articles.append(article)
        copy_of.setdefault(source.id, []).append(article.id)
    findings = []
    for finding in report.findings:
        wide = copy.deepcopy(finding)
        wide.evidence = [Evidence(new_id, e.start, e.end, e.text, e.value)
                         for e in finding.evidence for new_id in copy_of.get(e.article, [])]
        findings.append(wide)
    entities = []
    for entity in report.entities:
        wide = copy.deepcopy(entity)
        wide.mentions = [dataclasses.replace(m, article=new_id) for m in entity.mentions
                         for new_id in copy_of.get(m.article, [])]
        entities.append(wide)
    notes = [(new_id, note) for article_id, note in report.notes for new_id in copy_of.get(article_id, [])]
    return Report(articles=articles, entities=entities, findings=findings, notes=notes, story=report.story)


def best(function) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, help="a saved storydiff.report/1 JSON instead of running compare")
    args = parser.parse_args()
    print("comparing the example…", file=sys.stderr)
    report = from_json(args.report.read_text(encoding="utf-8")) if args.report else example_report()
    print(f"{'articles':>8} {'findings':>8} {'md ms':>8} {'json ms':>8} {'json→report ms':>15} "
          f"{'html ms':>8} {'html kB':>8}")
    pairs = []
    for size in SIZES:
        wide = widen(report, size)
        md_s, _ = best(lambda: render(wide, "md"))
        json_s, text = best(lambda: render(wide, "json"))
        back_s, _ = best(lambda: report_from_dict(report_to_dict(wide)))
        html_s, page = best(lambda: render(wide, "html"))
        print(f"{size:>8} {len(wide.findings):>8} {md_s * 1000:>8.1f} {json_s * 1000:>8.1f} "
              f"{back_s * 1000:>15.1f} {html_s * 1000:>8.1f} {len(page.encode()) / 1024:>8.0f}")
        pairs.append(f"html_ms_{size}={html_s * 1000:.1f}")
        pairs.append(f"md_ms_{size}={md_s * 1000:.1f}")
    print(" ".join(pairs))


if __name__ == "__main__":
    main()
