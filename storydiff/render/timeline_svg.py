"""The timeline picture: an inline SVG with a UTC axis, one lane per article, and each
time expression a mark labelled with its local form and the words the article used.

The one drawing of the timeline: the static HTML report draws it from a ``Report``
(:func:`render_timeline_svg`), the web pages from the report contract's dict
(:func:`timeline_svg_of`); both go through :func:`draw_timeline`. Pure layout arithmetic;
the data is ``storydiff.render.timeline.build_timeline``'s.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from storydiff.model import Report
from storydiff.render.highlight import timex_anchor
from storydiff.render.labels import article_labels, name_articles, report_keys, report_labels
from storydiff.render.timeline import Timeline, TimelineMark, build_timeline, instant

#: Colours of the articles (lanes, badges), in report order; repeats after eight. The
#: Tableau 10 palette without red and orange, which mean conflict and single source here.
ARTICLE_COLOURS = ("#1f77b4", "#9467bd", "#2ca02c", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
STATUS_COLOURS = {"conflict": "#c62828", "corroborated": "#2e7d32", "complementary": "#1565c0",
                  "single_source": "#b26a00"}

WIDTH = 1100
LEFT = 200  # room for the lane titles ("a1 · outlet name", outlet cut at LANE_CHARS)
LANE_CHARS = 24
RIGHT = 30
ROW = 17  # px per label row; the 12 px label font plus leading
# Width of a character of the 12 px sans-serif label font, for keeping labels apart: the
# example's six labels measure 5.9 px a character on average in headless Chromium
# (getComputedTextLength; widest 6.3), and 6.6 leaves room for bold conflict labels.
# Re-check with a screenshot of the timeline after changing the font.
CHAR_PX = 6.6
# Tick spacings tried, smallest first; the first that gives at most MAX_TICKS ticks wins.
STEPS = [dt.timedelta(minutes=m) for m in (5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200)]
STEPS += [dt.timedelta(days=d) for d in (91, 365, 730, 1825, 3650)]
# Ten labels of the longest form, "15 Aug 12:00" (about 72 px at CHAR_PX), fit the 870 px
# axis with room between them.
MAX_TICKS = 10


def article_colour(index: int) -> str:
    """The colour of the article at ``index`` in the report."""
    return ARTICLE_COLOURS[index % len(ARTICLE_COLOURS)]


def _axis(first: dt.datetime, last: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.timedelta]:
    spread = last - first
    # An eighth of the spread on each side keeps the first and last marks off the edges;
    # at least 20 minutes, so a single instant still gets an axis around it.
    pad = max(spread / 8, dt.timedelta(minutes=20))
    low, high = first - pad, last + pad
    step = next((s for s in STEPS if (high - low) / s <= MAX_TICKS), STEPS[-1])
    return low, high, step


def _ticks(low: dt.datetime, high: dt.datetime, step: dt.timedelta) -> list[dt.datetime]:
    """Tick instants between ``low`` and ``high``: multiples of ``step`` since the epoch,
    except that quarter and year steps fall on the first day of a quarter or a year."""
    if step >= dt.timedelta(days=91):
        months = 3 if step < dt.timedelta(days=365) else 12 * (step.days // 365)
        index = low.year * 12 + low.month - 1
        index += months - index % months
        ticks = []
        while True:
            tick = dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.timezone.utc)
            if tick >= high:
                return ticks
            ticks.append(tick)
            index += months
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    seconds = step.total_seconds()
    tick = epoch + dt.timedelta(seconds=((low - epoch).total_seconds() // seconds + 1) * seconds)
    ticks = []
    while tick < high:
        ticks.append(tick)
        tick += step
    return ticks


def _tick_format(low: dt.datetime, high: dt.datetime, step: dt.timedelta) -> str:
    """The strftime form of the axis labels: as short as the step allows, with the year
    whenever the axis crosses one (a reader must never guess which year a tick is in)."""
    year = " %Y" if low.year != high.year else ""
    if step < dt.timedelta(days=1):
        return "%H:%M" if high - low <= dt.timedelta(days=1) and not year else f"%d %b{year} %H:%M"
    if step < dt.timedelta(days=60):
        return f"%d %b{year}"
    return "%b %Y" if step < dt.timedelta(days=365) else "%Y"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(mark: TimelineMark) -> str:
    local = (mark.local or "").split(" (")[0]
    return f"{local} · {mark.text}" if local else mark.text


#: A time conflict under the lanes: the finding's id, its summary and the instants its
#: articles give.
Conflict = tuple[str, str, list[dt.datetime]]


def _conflict_brackets(conflicts: list[Conflict], labels: dict[str, str], parts: list[str], x_of, y: int) -> int:
    """Under the lanes, one red bracket per time conflict joining the values the articles
    give, labelled with the finding and the gap (its summary naming articles by ``labels``,
    not by ids); returns the y below them."""
    for finding_id, summary, instants in conflicts:
        summary = name_articles(summary, labels)
        moments = sorted(set(instants))
        if len(moments) < 2:
            continue
        first, last = x_of(moments[0]), x_of(moments[-1])
        gap = moments[-1] - moments[0]
        minutes = int(gap.total_seconds() // 60)
        gap_text = f"{minutes} min apart" if minutes < 120 else f"{gap.total_seconds() / 3600:g} h apart"
        by = y + 10
        parts.append(f'<a href="#{escape(finding_id)}"><title>{escape(summary)}</title>')
        parts.append(f'<path d="M{first:.1f},{by - 6} V{by} H{last:.1f} V{by - 6}" class="bracket"/>')
        for moment in moments[1:-1]:
            parts.append(f'<line x1="{x_of(moment):.1f}" y1="{by - 6}" x2="{x_of(moment):.1f}" y2="{by}" '
                         'class="bracket"/>')
        parts.append(f'<text x="{(first + last) / 2:.1f}" y="{by + 14}" text-anchor="middle" '
                     f'class="bracket-label">{escape(finding_id)} conflict · {escape(gap_text)}</text></a>')
        y += 30
    return y


def _time_conflicts(findings: list[tuple[str, str, str, str, list[Any]]]) -> list[Conflict]:
    """``(id, status, kind, summary, evidence values)`` of each finding -> the time conflicts."""
    return [(fid, summary, [m for m in (instant(v) for v in values) if m is not None])
            for fid, status, kind, summary, values in findings if status == "conflict" and kind == "time"]


def render_timeline_svg(report: Report, timeline: Timeline | None = None) -> Markup:
    """The timeline picture of a report as inline SVG, or an empty string without clock times.

    Args:
        report: the report (for article order, outlets and colours).
        timeline: its timeline, when already built.

    Returns:
        Safe SVG markup; each mark links to its sentence in the article texts.
    """
    timeline = timeline or build_timeline(report)
    outlets, keys = report_labels(report), report_keys(report)
    lanes = [(a.id, keys.get(a.id, a.id), outlets.get(a.id, "")) for a in report.articles]
    conflicts = _time_conflicts([(f.id, f.status, f.kind, f.summary, [e.value for e in f.evidence])
                                 for f in report.findings])
    return draw_timeline(timeline, lanes, conflicts)


def timeline_svg_of(report: dict[str, Any]) -> Markup:
    """The same picture from the report contract's dict (``report_to_dict``), as the web
    pages hold a report: its ``timeline`` marks, ``articles`` and ``findings``.

    Args:
        report: a ``storydiff.report/1`` dict with its ``timeline``.

    Returns:
        Safe SVG markup, or an empty string without clock times.
    """
    marks = [TimelineMark(**mark) for mark in report.get("timeline") or [] if instant(mark.get("value"))]
    articles = report.get("articles", [])
    outlets = article_labels(articles)
    lanes = []
    for position, article in enumerate(articles, start=1):
        article_id = str(article.get("id"))
        lanes.append((article_id, article_id if not article_id.isdigit() else str(position), outlets[article_id]))
    conflicts = _time_conflicts([(f.get("id", ""), f.get("status"), f.get("kind"), f.get("summary", ""),
                                  [e.get("value") for e in f.get("evidence", [])])
                                 for f in report.get("findings", [])])
    return draw_timeline(Timeline(marks=marks), lanes, conflicts)


def draw_timeline(timeline: Timeline, lanes: list[tuple[str, str, str]], conflicts: list[Conflict]) -> Markup:
    """Draw the picture.

    Args:
        timeline: the marks with a clock time (``Timeline.marks``).
        lanes: ``(article id, its key, its outlet label)`` of every article, in report
            order (the order gives the colours).
        conflicts: the time conflicts to bracket under the lanes.

    Returns:
        Safe SVG markup, or an empty string when no mark has a clock time.
    """
    span = timeline.span
    if span is None:
        return Markup("")
    low, high, step = _axis(*span)
    scale = (WIDTH - LEFT - RIGHT) / (high - low).total_seconds()

    def x_of(moment: dt.datetime) -> float:
        return LEFT + (moment - low).total_seconds() * scale

    index = {article_id: i for i, (article_id, _, _) in enumerate(lanes)}
    keys = {article_id: key for article_id, key, _ in lanes}
    outlets = {article_id: outlet for article_id, _, outlet in lanes}
    lanes: dict[str, list[TimelineMark]] = {}
    for mark in timeline.marks:
        lanes.setdefault(mark.article, []).append(mark)
    parts: list[str] = []
    y = 34
    for article_id in sorted(lanes, key=lambda a: index.get(a, 0)):
        colour = article_colour(index.get(article_id, 0))
        rows: list[float] = []  # right edge of the last label in each row
        placed = []
        for mark in lanes[article_id]:
            x = x_of(instant(mark.value))  # type: ignore[arg-type]
            label = _label(mark)
            width = len(label) * CHAR_PX
            left_side = x + 8 + width > WIDTH - 4
            extent = (x - 8 - width, x) if left_side else (x, x + 8 + width)
            row = next((r for r, right in enumerate(rows) if right < extent[0]), len(rows))
            if row == len(rows):
                rows.append(extent[1])
            else:
                rows[row] = extent[1]
            placed.append((mark, x, label, row, left_side))
        height = 22 + ROW * max(1, len(rows))
        parts.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{height}" class="lane"/>')
        parts.append(f'<text x="10" y="{y + 18}" class="lane-title" fill="{colour}">'
                     f'{escape(keys.get(article_id, article_id))} · '
                     f'{escape(_cut(outlets.get(article_id, ""), LANE_CHARS))}</text>')
        for mark, x, label, row, left_side in placed:
            cy = y + 14
            ly = y + 18 + ROW * row
            stroke = STATUS_COLOURS.get(mark.status or "", colour)
            title = f"{mark.utc} = {mark.local or '?'} — “{mark.text}” ({outlets.get(article_id, article_id)})"
            href = f"#{timex_anchor(article_id, mark.start)}"
            parts.append(f'<a href="{escape(href)}"><title>{escape(title)}</title>')
            parts.append(f'<line x1="{x:.1f}" y1="{cy}" x2="{x:.1f}" y2="{ly - 4}" stroke="{colour}" '
                         f'stroke-width="1" opacity="0.5"/>')
            parts.append(f'<circle cx="{x:.1f}" cy="{cy}" r="6" fill="{colour}" stroke="{stroke}" '
                         f'stroke-width="{3 if mark.status == "conflict" else 1.5}"/>')
            anchor_side = "end" if left_side else "start"
            lx = x - 9 if left_side else x + 9
            css = "mark-label conflict" if mark.status == "conflict" else "mark-label"
            parts.append(f'<text x="{lx:.1f}" y="{ly + 8}" text-anchor="{anchor_side}" class="{css}">'
                         f'{escape(label)}</text></a>')
        y += height + 6
    y = _conflict_brackets(conflicts, outlets, parts, x_of, y)
    axis_y = y + 6
    ticks = [f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" class="axis"/>']
    tick_format = _tick_format(low, high, step)
    for tick in _ticks(low, high, step):
        x = x_of(tick)
        text = tick.strftime(tick_format)
        ticks.append(f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{axis_y + 5}" class="grid"/>')
        ticks.append(f'<text x="{x:.1f}" y="{axis_y + 19}" text-anchor="middle" class="tick">{escape(text)}</text>')
    day = span[0].strftime("%a %d %b %Y")
    header = (f'<text x="{LEFT}" y="18" class="axis-title">UTC · {escape(day)}'
              f'{" – " + escape(span[1].strftime("%a %d %b %Y")) if span[1].date() != span[0].date() else ""}</text>')
    total = axis_y + 30
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" width="100%" '
           f'role="img" aria-label="Timeline of the times the articles give, in UTC" class="timeline">'
           + header + "".join(ticks) + "".join(parts) + "</svg>")
    return Markup(svg)


__all__ = ["ARTICLE_COLOURS", "STATUS_COLOURS", "article_colour", "draw_timeline", "render_timeline_svg", "timeline_svg_of"]
