"""Hostile text in the Markdown and HTML reports: every value, quote and name must parse
back as the text it was, never as markup (issue 19, item 2 and the renderer fuzz).

The Markdown is parsed with markdown-it-py (CommonMark plus GFM tables and
strikethrough, as GitHub and most renderers read it); the HTML with the standard
library's parser. Hypothesis runs a bounded number of examples from a fixed seed, so a
run takes seconds and is the same on every machine; raise ``STORYDIFF_FUZZ_EXAMPLES`` to
run it longer (docs/security.md).
"""

from __future__ import annotations

import dataclasses
import os
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, seed, settings, strategies as st
from markdown_it import MarkdownIt
from render_fixture import example_report

from storydiff.model import Evidence, Finding
from storydiff.render import render
from storydiff.render.markdown import _code, _inline, render_markdown

EXAMPLES = int(os.environ.get("STORYDIFF_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

#: The characters that mean something to Markdown or HTML, and some that do not, so
#: generated strings are mostly markup: backticks, brackets, pipes, angles, newlines...
HOSTILE = st.lists(
    st.sampled_from(list("`[]()|<>&;#*_~\\!-+=.:/\"' \n\t\r") + ["a", "b", "1", "é", "img", "script", "lt", "x3c"]),
    max_size=30,
).map("".join)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(tokens) -> tuple[str, list[str]]:
    """The text a reader sees in inline tokens, and any raw HTML or link tokens met."""
    text, markup = [], []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            text.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            text.append(" ")
        else:
            markup.append(token.type)
    return "".join(text), markup


def _blocks(source: str) -> list:
    return MD.parse(source)


def _flat(value: str) -> str:
    return " ".join(value.split())


@FUZZ
@given(HOSTILE)
def test_inline_text_parses_back_in_a_list_item(value):
    tokens = _blocks("- " + _inline(value) + "\n")
    types = [t.type for t in tokens]
    # One list with one item holding one paragraph: nothing opened a heading or a nested list.
    assert types == ["bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
                     "list_item_close", "bullet_list_close"] or (not _flat(value) and "inline" not in types[3:4])
    inline = [t for t in tokens if t.type == "inline"]
    text, markup = _inline_text(inline[0].children if inline else [])
    assert markup == []
    assert text == _flat(value)


@FUZZ
@given(HOSTILE, HOSTILE)
def test_inline_text_parses_back_in_a_table_cell(left, right):
    source = "| a | b |\n|---|---|\n| " + _inline(left) + " | " + _inline(right) + " |\n"
    tokens = _blocks(source)
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2, source
    got = [_inline_text(cell.children) for cell in cells]
    assert got == [(_flat(left), []), (_flat(right), [])]


@FUZZ
@given(HOSTILE)
def test_inline_text_parses_back_as_a_heading(value):
    tokens = _blocks("# " + _inline(value) + "\n")
    assert tokens[0].type == "heading_open"
    text, markup = _inline_text(tokens[1].children)
    assert (text, markup) == (_flat(value), [])


@FUZZ
@given(HOSTILE.filter(lambda v: _flat(v) != ""))
def test_a_value_stays_inside_its_code_span(value):
    tokens = _blocks("- **a1** — value " + _code(value) + ": “x”\n")
    inline = [t for t in tokens if t.type == "inline"][0].children
    codes = [t.content for t in inline if t.type == "code_inline"]
    assert codes == [_flat(value)]
    assert not [t for t in inline if t.type.startswith("html")]


def test_a_backtick_value_cannot_carry_html_into_the_report(example_dir):
    """The reported case: a value with backticks closed its code span early and the
    ``<img onerror>`` after it reached the reader's Markdown renderer as live HTML."""
    report = example_report(example_dir)
    conflict = next(f for f in report.findings if f.status == "conflict")
    hostile = "19:00` <img src=x onerror=alert(1)> `"
    conflict.evidence[0] = dataclasses.replace(conflict.evidence[0], value=hostile)
    markdown = render_markdown(report)
    tokens = MD.parse(markdown)
    html_tokens = [t for t in tokens if t.type == "html_block"]
    html_tokens += [c for t in tokens if t.type == "inline" for c in t.children if c.type == "html_inline"]
    assert html_tokens == []
    codes = [c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "code_inline"]
    assert _flat(hostile) in codes
    assert "<img" not in MD.render(markdown)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


@settings(max_examples=max(20, EXAMPLES // 10), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(outlet=HOSTILE.filter(lambda v: _flat(v) != ""), value=HOSTILE.filter(lambda v: _flat(v) != ""),
       summary=HOSTILE.filter(lambda v: _flat(v) != ""))
def test_html_report_shows_hostile_values_as_text(example_dir, outlet, value, summary):
    report = example_report(example_dir)
    baseline = _Collect()
    baseline.feed(render(report, "html"))
    report.articles[0].outlet = outlet
    report.findings.append(Finding("f9", "single_source", "quantity", summary,
                                   evidence=[dataclasses.replace(report.findings[0].evidence[0], value=value)],
                                   voices=["a1"]))
    page = _Collect()
    page.feed(render(report, "html"))
    # No element or attribute the hostile values could have opened: only what the page has
    # anyway (the extra finding adds the same kinds of elements as the others).
    assert set(page.tags) <= set(baseline.tags) | {"li", "span", "code", "p", "div", "tr", "td", "th", "small"}
    assert "script" not in page.tags[baseline.tags.count("script"):] or page.tags.count("script") == baseline.tags.count("script")
    assert not {name for name in page.attrs if name.startswith("on")}
    text = " ".join(" ".join(page.text).split())
    assert _flat(summary) in text
    assert _flat(outlet) in text
