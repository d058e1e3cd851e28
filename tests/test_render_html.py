"""The HTML report: one self-contained page, escaped text, working anchors, nesting."""

from __future__ import annotations

import html.parser
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_fixture import example_report

from storydiff.model import Article, Evidence, Finding, Quote, Report, Span, Timex
from storydiff.render.highlight import Highlight, highlight
from storydiff.render.html import html_context, render_html
from storydiff.render.timeline_svg import render_timeline_svg


@pytest.fixture(scope="module")
def page(example_dir) -> str:
    return render_html(example_report(example_dir))


class _Tags(html.parser.HTMLParser):
    """Collects ids, in-page links, external references and checks nesting."""

    VOID = {"meta", "br", "line", "circle", "rect", "link", "img", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for key in ("href", "src"):
            value = attrs.get(key) or ""
            if value.startswith("#"):
                self.links.append(value[1:])
            elif value and key == "src" or tag in ("link", "script", "iframe", "img"):
                self.external.append(f"{tag} {value}")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_page_is_self_contained_and_well_formed(page):
    tags = parse(page)
    assert tags.stack == []
    assert tags.external == []  # no script, stylesheet, image or frame from anywhere
    assert "<script" not in page and "@import" not in page and "url(" not in page
    assert len(tags.ids) == len(set(tags.ids)), "duplicate ids"
    missing = set(tags.links) - set(tags.ids)
    assert not missing, f"links to nothing: {sorted(missing)}"


def test_conflict_side_by_side_with_both_sentences(page):
    card = page.split('<div class="conflict" id="f3">')[1].split('<section id="matrix">')[0]
    assert "19:00 UTC, 15 Aug 2025" in card and "19:30 UTC, 15 Aug 2025" in card
    assert "would commence at 2200 Moscow time." in card
    assert "commencing at 10:30 p.m. Moscow time (11:30 a.m. local)." in card
    assert card.count('<div class="side">') == 2
    assert "as written: 22:00 MSK (Europe/Moscow) — “2200 Moscow time”" in card
    assert "22:30 MSK (Europe/Moscow) — “10:30 p.m. Moscow time”; 11:30 AKDT (America/Anchorage)" in card
    assert 'href="#a1-' in card and 'href="#a2-' in card


def test_matrix_rows_and_cells(example_dir, page):
    context = html_context(example_report(example_dir))
    rows = context["matrix"].rows
    assert [r.status for r in rows] == ["conflict", "corroborated", "complementary", "single_source", "single_source"]
    matrix = page.split('<section id="matrix">')[1].split("</section>")[0]
    assert matrix.count("<tr id=\"row-") == 5
    assert matrix.count('class="cell st-conflict"') == 2
    assert matrix.count('class="cell empty"') == 2  # RA-96023 not in a1, Darchiyev not in a2


def test_timeline_picture(page):
    svg = page.split('<svg')[1].split("</svg>")[0]
    assert "22:00 MSK · 2200 Moscow time" in svg
    assert "22:30 MSK · 10:30 p.m. Moscow time" in svg
    assert ">19:00<" in svg and ">19:30<" in svg  # the UTC axis ticks
    assert "UTC · Fri 15 Aug 2025" in svg
    assert "f3 conflict · 30 min apart" in svg  # the bracket joining the two start times


def test_article_texts_marked(page):
    texts = page.split('<section id="texts">')[1]
    assert re.search(r'<mark id="a1-\d+-\d+" class="ev st-conflict"[^>]*>Delegation member Ushakov', texts)
    assert re.search(r'<span id="n-a1-spelling-\d+" class="x x-note note-warn"[^>]*>Kamkatcha</span>', texts)
    assert 'title="aircraft registration: RA-96023">RA-96023</span>' in texts


def test_article_text_is_escaped():
    text = 'He said <script>alert("pwned")</script> & left. <img src=x onerror=alert(1)> Then "quiet".'
    article = Article(text=text, id="a1", outlet="<b>Outlet</b>", title="<i>t</i>", voice="v1",
                      quotes=[Quote(text.index('"quiet"'), len(text) - 1, '"quiet"', speaker=Span(0, 2, "He"))])
    sentence_end = text.index("left.") + 5
    finding = Finding("f1", "single_source", "quote", 'Summary <script>x</script>',
                      [Evidence("a1", 0, sentence_end, text[:sentence_end])])
    page = render_html(Report(articles=[article], findings=[finding]))
    assert "<script" not in page and "<img" not in page and "<b>Outlet" not in page
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    tags = parse(page)
    assert tags.stack == [] and tags.external == []
    assert 'He said <script>alert("pwned")</script> & left.' in "".join(tags.text)


def test_highlight_nests_overlapping_spans():
    text = "Alpha beta gamma delta."
    spans = [Highlight(0, 16, "mark", "ev", "s1", layer=0), Highlight(6, 23, "q", "x", layer=2),
             Highlight(11, 16, "span", "t", layer=4)]
    out = str(highlight(text, spans))
    # The quote crosses the end of the sentence around it: it is cut there.
    assert out == '<mark id="s1" class="ev">Alpha <q class="x">beta <span class="t">gamma</span></q></mark> delta.'


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab <>&\"'\n", min_size=0, max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45), st.integers(0, 5)), max_size=8),
)
def test_highlight_is_well_formed_and_keeps_the_text(text, raw):
    spans = [Highlight(min(a, b), max(a, b), "span", f"c{layer}", layer=layer) for a, b, layer in raw]
    tags = parse(f"<div>{highlight(text, spans)}</div>")
    assert tags.stack == []
    assert "".join(tags.text) == text


@pytest.mark.browser
@pytest.mark.slow
def test_page_in_headless_chromium(tmp_path, page):
    """The page renders offline in a real browser: no request leaves it, links jump."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not shutil.which(chromium):
        pytest.skip("Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            tab.on("request", lambda request: requests.append(request.url))
            tab.goto(path.as_uri())
            assert requests == [path.as_uri()]
            assert tab.title() == "Trump–Putin summit in Alaska — storydiff report"
            assert tab.locator("mark.ev").count() == 6
            assert tab.locator("svg.timeline circle").count() == 6
            tab.locator(".conflict .side a").first.click()
            target = tab.evaluate("location.hash")
            assert re.fullmatch(r"#a1-\d+-\d+", target)
            assert tab.evaluate(f"document.querySelector('{target}').textContent").startswith("Delegation member")
            # The target sentence is scrolled into view (smooth scrolling takes a moment).
            tab.wait_for_function(
                "id => { const top = document.getElementById(id).getBoundingClientRect().top;"
                " return top >= 0 && top < 900; }",
                arg=target[1:], timeout=5000,
            )
        finally:
            browser.close()


@pytest.mark.parametrize("first, ticks", [
    ("2018-05-03T10:00:00Z", ["2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"]),
    ("2025-08-13T10:00:00Z", ["13 Aug 12:00", "14 Aug 00:00", "14 Aug 12:00", "15 Aug 00:00", "15 Aug 12:00",
                              "16 Aug 00:00"]),
    ("2025-08-15T18:10:00Z", ["18:00", "18:10", "18:20", "18:30", "18:40", "18:50", "19:00", "19:10"]),
])
def test_timeline_axis_fits_the_span(first, ticks):
    """Years, days or minutes apart, the axis gets at most ten readable ticks."""
    text = "It happened on 3 May 2018 at 10:00 UTC and again on 15 August 2025 at 19:00 UTC."
    article = Article(text=text, id="a1", outlet="x", timexes=[
        Timex(15, 39, text[15:39], value=first), Timex(53, 81, text[53:81], value="2025-08-15T19:00:00Z")])
    svg = str(render_timeline_svg(Report(articles=[article])))
    assert re.findall(r'class="tick">([^<]*)<', svg) == ticks
    assert svg.count("<circle") == 2


def test_timeline_axis_names_the_year_when_it_crosses_one():
    text = "It began at 23:00 UTC on 31 December 2024 and ended at 01:00 UTC on 1 January 2025."
    article = Article(text=text, id="a1", outlet="x", timexes=[
        Timex(12, 41, text[12:41], value="2024-12-31T23:00:00Z"), Timex(55, 83, text[55:83], value="2025-01-01T01:00:00Z")])
    svg = str(render_timeline_svg(Report(articles=[article])))
    ticks = re.findall(r'class="tick">([^<]*)<', svg)
    assert ticks and all(re.search(r"\b(2024|2025)\b", tick) for tick in ticks)


def test_contents_pills_permalinks_and_folded_single_source(page):
    tags = parse(page)
    toc = page.split('<nav class="toc"')[1].split("</nav>")[0]
    for section in ("articles", "conflicts", "matrix", "timeline", "entities", "quotes", "notes", "texts"):
        assert f'href="#{section}"' in toc and section in tags.ids
    pills = re.findall(r'<a class="count" href="#([^"]+)"', page)
    # Each pill goes to its own status: conflicts, the corroborated and complementary
    # groups, the folded single-source facts.
    assert pills == ["conflicts", "st-corroborated", "st-complementary", "single-source"]
    assert set(pills) <= set(tags.ids)
    single = page.split('<details class="single" id="single-source">')[1].split("</details>")[0]
    assert single.count('<tr id="row-') == 2 and " open" not in page.split('id="single-source"')[1][:5]
    for finding in re.findall(r'<tr id="row-(f\d+)">', page):
        assert f'<a class="permalink" href="#row-{finding}"' in page
    assert '<a class="permalink" href="#f3"' in page  # the conflict card's own link
