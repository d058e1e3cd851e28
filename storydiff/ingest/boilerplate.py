"""Boilerplate lines at the head or tail of plain text: share buttons, reply boxes, "Read more".

Plain text copied from a web page keeps the page's furniture ("Share.", "Leave A Reply",
"Exit mobile version"). Only whole lines at the very start or end are removed, and only
when the whole line matches one of the patterns below, so a sentence that merely contains
"share" is never touched. The removed lines are kept in ``Article.removed``.

The patterns were checked against all 181 gold article bodies of the article-extraction
benchmark (../shared/data/aeb): none of their head or tail lines match
(``tests/test_ingest_boilerplate.py::test_no_real_line_removed_from_aeb_gold``). After
adding a pattern, re-run that test.
"""

from __future__ import annotations

import re

#: A boilerplate line is short: the longest pattern below matches ~60 characters, and a
#: real line of news text that short which matches a whole pattern is rare. Lines longer
#: than this are never removed, whatever they say.
MAX_LINE = 80

_SOCIAL = r"(facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|telegram|email|e-mail|messenger|tumblr|vk|flipboard)"
_PATTERNS = [
    # Reading links and teasers.
    r"read (the )?(full|whole|original|complete) (article|story|report|post)( here| at .{1,40})?",
    r"(read|see) more( here| at .{1,40})?",
    r"continue reading( .{0,40})?",
    r"click here (to|for) .{1,50}",
    r"source: ?(link|here)",
    # Sharing.
    r"share( this)?( article| story| post| page)?( on " + _SOCIAL + r")?",
    r"(share|tweet|pin|post|email|print)( it| this)?",
    _SOCIAL + r"( share)?",
    r"(" + _SOCIAL + r"[ ,|/]*){2,}",
    r"copy (the )?link",
    # Comment boxes.
    r"leave a (reply|comment)",
    r"(post|add|write) a comment",
    r"(\d+|no) comments?( yet)?",
    r"comments?",
    r"cancel reply",
    r"you must be logged in to post a comment\.?",
    # Subscriptions, newsletters, follows.
    r"subscribe( now| today| for free)?( to .{1,50})?",
    r"sign up (for|to) (our|the) .{1,40}",
    r"(join|follow) us on .{1,50}",
    r"get (our|the) .{0,30}newsletter.{0,30}",
    # Page furniture.
    r"exit mobile version",
    r"skip to (main )?content",
    r"(advertisement|advertising|sponsored( content)?|ad)",
    r"(related|recommended)( articles| stories| posts| content| news)?",
    r"(you|we think you) (may|might) (also )?like",
    r"more (from|on) .{1,40}",
    r"back to top",
    r"(tags?|categories|filed under): .{0,60}",
]
_PATTERN = re.compile(r"(?:" + "|".join(_PATTERNS) + r")[.:!]?", re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than article text.

    Args:
        line: one line of plain text.

    Returns:
        True when the stripped line is short and matches a boilerplate pattern.
    """
    stripped = line.strip().strip("|•·-–—»›> ").strip()
    if not stripped or len(stripped) > MAX_LINE:
        return False
    return _PATTERN.fullmatch(stripped) is not None


def find_boilerplate(text: str) -> tuple[int, int, list[str]]:
    """Find the article between boilerplate lines at the head and the tail of ``text``.

    Blank lines are skipped while scanning; the scan stops at the first line from each end
    that is real text.

    Args:
        text: cleaned plain text (after Unicode clean-up).

    Returns:
        ``(start, end, removed)``: the offsets of the kept text (surrounding whitespace
        trimmed) and the removed lines, stripped, in text order.
    """
    lines = text.splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    head = 0
    removed_head: list[str] = []
    while head < len(lines) and (not lines[head].strip() or is_boilerplate(lines[head])):
        if lines[head].strip():
            removed_head.append(lines[head].strip())
        head += 1
    tail = len(lines)
    removed_tail: list[str] = []
    while tail > head and (not lines[tail - 1].strip() or is_boilerplate(lines[tail - 1])):
        if lines[tail - 1].strip():
            removed_tail.append(lines[tail - 1].strip())
        tail -= 1
    start = offsets[head] if head < len(lines) else len(text)
    end = offsets[tail - 1] + len(lines[tail - 1]) if tail > head else start
    # Trim the surrounding whitespace of what is kept.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, removed_head + list(reversed(removed_tail))
