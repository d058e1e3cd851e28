"""The real example end to end: ingest, compare(), then every output presents the report
faithfully (offsets exact, every finding shown with its sentences, the round trip exact)."""

from __future__ import annotations

import json

import pytest
from test_render_html import parse

from storydiff.render import render
from storydiff.render.json import report_from_dict, report_to_dict
from storydiff.render.markdown import _inline
from test_render_json import assert_offsets

compare_module = pytest.importorskip("storydiff.compare")
if not hasattr(compare_module, "compare"):
    pytest.skip("storydiff.compare.compare is not built yet", allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(example_dir):
    from storydiff.ingest import load

    batch = load([example_dir])
    assert not batch.failures
    return compare_module.compare(batch.articles)


def test_json_contract_offsets_and_round_trip(report):
    data = report_to_dict(report)
    assert data["schema"] == "storydiff.report/1" and len(data["articles"]) == 2
    assert_offsets(data)
    again = report_from_dict(json.loads(json.dumps(data)))
    assert report_to_dict(again) == data
    for quote in data["quotes"]:
        assert quote["speaker"] is None or quote["speaker"] in {e["id"] for e in data["entities"]}


def test_markdown_shows_every_finding_conflicts_first(report):
    markdown = render(report, "md")
    conflicts = markdown.split("## Conflicts")[1].split("## Corroborated")[0]
    for finding in report.findings:
        assert f"- **{finding.id}** · {finding.kind} · " in markdown
        for item in finding.evidence:
            assert f"“{_inline(item.text)}”" in markdown
        if finding.status == "conflict":
            assert f"**{finding.id}**" in conflicts
            assert len(finding.evidence) >= 2
    positions = [markdown.index(f"## {name}") for name in ("Conflicts", "Corroborated", "Single source",
                                                           "Entities", "Timeline", "Quotes", "Notes")]
    assert positions == sorted(positions)


def test_html_links_every_finding_to_its_sentences(report):
    page = render(report, "html")
    tags = parse(page)
    assert tags.stack == [] and tags.external == []
    assert len(tags.ids) == len(set(tags.ids)) and not set(tags.links) - set(tags.ids)
    for finding in report.findings:
        assert f'<tr id="row-{finding.id}">' in page
        for item in finding.evidence:
            assert f'id="{item.article}-{item.start}-{item.end}"' in page
    for finding in report.findings:
        if finding.status == "conflict":
            assert f'<div class="conflict" id="{finding.id}">' in page


def test_readme_demo_output_is_what_the_demo_prints(report):
    """The README's first screen shows `make demo`'s output: its lines must be real lines of
    the Markdown the example gives now (the counts went stale once, 46 vs 44 single-source)."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- demo-output -->", 1)[1].split("<!-- /demo-output -->", 1)[0]
    shown = [line for line in block.splitlines()
             if line and not line.startswith(("```", "$ ", ".venv/", "wrote ", "…"))]
    # The demo runs from the repository root; the fixture loads the example by absolute path.
    markdown = render(report, "md").replace(f"{ROOT}/", "").splitlines()
    assert len(shown) >= 10
    for line in shown:
        assert line in markdown, f"README's demo output is stale: {line!r} is not in the output now"
