"""JSON from an input (a JSON Lines record, a sidecar, JSON-LD in a page, a web request's
body), parsed so that nothing in it can escape as an unexpected exception later.

Two things a hostile or broken file can hold that ``json.loads`` lets through or turns
into the wrong exception:

- a lone surrogate escape (``"\\ud800"``): a valid JSON string, but not a character, so
  the first ``.encode("utf-8")`` (hashing, SQLite, the response) raised far from the
  input; each becomes U+FFFD, the replacement character, as a bad byte does in UTF-8;
- nesting thousands deep (``[[[[...]]]]``): ``RecursionError``, not a parse error.
"""

from __future__ import annotations

import json
import re
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD (same length, so offsets hold)."""
    return _LONE_SURROGATE.sub("\ufffd", value) if _LONE_SURROGATE.search(value) else value


def parse_json(text: str | bytes, *, strict: bool = True) -> Any:
    """Parse JSON text; strings come back without lone surrogates.

    Args:
        text: the JSON document.
        strict: as ``json.loads`` (False allows control characters inside strings).

    Returns:
        The value.

    Raises:
        ValueError: the text is not JSON, or nests too deeply to read.
    """
    try:
        value = json.loads(text, strict=strict)
    except RecursionError:
        raise ValueError("it nests too deeply (over ~1,000 levels of lists or objects)") from None
    return _clean(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, (list, dict)):
        return value
    # Iterative, not recursive: a document as deep as json.loads allows would overflow
    # the stack a second time here.
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    node[index] = clean_text(item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
        else:
            for key in list(node):
                item = node[key]
                if isinstance(item, str):
                    item = clean_text(item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
                clean = clean_text(key)
                if clean != key:
                    del node[key]
                node[clean] = item
    return value
