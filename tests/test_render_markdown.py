"""The Markdown report: order of sections, both sides of a conflict, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_fixture import example_report

from storydiff.model import Article, Evidence, Finding, Report
from storydiff.render import render
from storydiff.render.markdown import render_markdown


@pytest.fixture(scope="module")
def markdown(example_dir) -> str:
    return render_markdown(example_report(example_dir))


def test_sections_in_order(markdown):
    heads = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert [h.split(" (")[0] for h in heads] == [
        "## Conflicts", "## Corroborated", "## Complementary", "## Single source, by outlet",
        "## Entities", "## Timeline", "## Quotes", "## Notes",
    ]
    assert markdown.startswith("# Trump–Putin summit in Alaska: 2 articles compared")
    assert "Findings: 1 conflict, 1 corroborated, 1 complementary, 2 single-source." in markdown


def test_conflict_shows_both_values_and_sentences(markdown):
    section = markdown.split("## Conflicts")[1].split("## Corroborated")[0]
    assert "19:00 UTC (a1: 2200 Moscow time) vs 19:30 UTC (a2: 10:30 p.m. Moscow time)" in section
    assert "`2025-08-15T19:00:00Z`" in section and "`2025-08-15T19:30:00Z`" in section
    assert "Delegation member Ushakov stated the Trump-Putin meeting would commence at 2200 Moscow time." in section
    assert "commencing at 10:30 p.m. Moscow time (11:30 a.m. local)." in section


def test_single_source_grouped_by_outlet(markdown):
    section = markdown.split("## Single source, by outlet")[1].split("## Entities")[0]
    a1, a2 = section.split("### a2 (putin-visits-magadan)")
    assert "### a1 (russian-delegation-arrives)" in a1 and "Darchiyev" in a1 and "RA-96023" not in a1
    assert "RA-96023" in a2 and "Darchiyev" not in a2


def test_entities_timeline_quotes_notes(markdown):
    assert "| Andrey Belousov _aka Andrei Belousov_ | PERSON | Defense Minister (a1, a2) | ✓ | ✓ |" in markdown
    assert "| Alexander Darchiyev | PERSON | ambassador to Washington (a1) | ✓ | — |" in markdown
    assert "| Fri 15 Aug 2025 19:00 UTC | 22:00 MSK (Europe/Moscow) | 2200 Moscow time | a1 | f3 (conflict) |" in markdown
    assert "| Fri 15 Aug 2025 19:30 UTC | 11:30 AKDT (America/Anchorage) | 11:30 a.m. local | a2 |" in markdown
    assert "— **Donald Trump** (a2, stated)" in markdown
    assert "- a1 · spelling “Kamkatcha” → Kamchatka" in markdown


def test_article_text_cannot_inject_markup():
    text = 'Officials said <script>alert("x")</script> | the *count* was [40](http://evil).'
    article = Article(text=text, id="a1", outlet="Evil | Outlet", voice="v1")
    finding = Finding("f1", "single_source", "number", "Count: 40", [Evidence("a1", 0, len(text), text)])
    out = render(Report(articles=[article], findings=[finding]), "md")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "Evil \\| Outlet" in out and "\\[40\\]" in out
    assert "No conflicts found." in out


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="use one of md, json, html"):
        render(Report(articles=[]), "pdf")


GOLDEN = Path(__file__).parent / "data" / "golden" / "alaska-summit-2025.fixture.md"


def test_markdown_matches_the_reviewed_golden(example_dir, update_golden):
    """The whole Markdown of the hand-built example report, as reviewed. After a deliberate
    change of format run ``pytest tests/test_render_markdown.py --update-golden`` and
    review the diff of the golden file like code."""
    text = render_markdown(example_report(example_dir))
    # Sources are paths on this machine: the golden keeps them relative to the repository.
    text = text.replace(str(example_dir.parent.parent) + "/", "")
    if update_golden:
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), f"{GOLDEN} is missing: run pytest with --update-golden and review it"
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_one_sentence_fact_printed_once(example_dir):
    report = example_report(example_dir)
    a2 = report.articles[1]
    start = a2.text.index("Additionally, he will meet")
    end = a2.text.index("Nosov.") + len("Nosov.")
    report.findings = [Finding("f9", "single_source", "event", a2.text[start:start + 60] + "… (only a2)",
                               [Evidence("a2", start, end, a2.text[start:end])])]
    out = render_markdown(report)
    assert ("- **f9** · event · **a2 (putin-visits-magadan)**: “Additionally, he will meet with the Governor "
            "of the region, Sergei Nosov.”") in out
    assert out.count("Additionally, he will meet") == 1
