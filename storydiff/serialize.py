"""Articles to and from JSON-ready dicts, with every span, so analyses can be stored.

The store keeps each analysed article as ``json.dumps(article_to_dict(article))`` and the
Dask back end ships articles between processes in the same form. The conversion is
driven by the dataclasses of :mod:`storydiff.model` (their annotated field types), so a
field added to the model round-trips without a change here. Dates keep their kind:
``{"$date": "2025-08-15"}`` and ``{"$datetime": "2025-08-15T22:00:00+03:00"}``.

Shared: the rendering and web code may reuse :func:`article_to_dict` /
:func:`article_from_dict` wherever a full Article (not the report contract) is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import lru_cache
from typing import Any

from storydiff import model
from storydiff.model import Article

#: Version of the stored form; bump when a change is not backward compatible.
VERSION = 1


def article_to_dict(article: Article) -> dict[str, Any]:
    """A JSON-ready dict of an article with all its spans.

    Args:
        article: any article, analysed or not.

    Returns:
        Plain dicts, lists, strings and numbers; :func:`article_from_dict` inverts it.
    """
    return _dump(article, Article)


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an article from :func:`article_to_dict` output.

    Args:
        data: the dict (e.g. ``json.loads`` of a stored analysis).

    Returns:
        An equal Article (``article_from_dict(article_to_dict(a)) == a``).

    Raises:
        TypeError: ``data`` is not a dict of the stored form.
    """
    if not isinstance(data, dict):
        raise TypeError(f"an article is stored as a JSON object, not {type(data).__name__}")
    return _load(Article, data)


def moment_from_iso(value: str | dt.date | None) -> dt.datetime | dt.date | None:
    """A date or a time from its ISO 8601 form: the one reader of what ``isoformat()``
    wrote (stored analyses, the store's columns, the report's ``published``).

    Args:
        value: ``"2025-08-15"`` or ``"2025-08-15T10:00:00+00:00"`` (a trailing ``Z`` is
            read as UTC); a date or datetime is returned as it is, and None as None.

    Returns:
        A ``date`` when the string holds only a date, else a ``datetime`` (aware when the
        string gives its offset).

    Raises:
        ValueError: the string is not ISO 8601.
    """
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if len(text) <= 10:
        return dt.date.fromisoformat(text)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return dt.datetime.fromisoformat(text)


def _declared(kind: Any) -> Any:
    """The dataclass a field declares, looking through ``X | None``."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return options[0] if len(options) == 1 else None
    return kind


def _dump(value: Any, kind: Any = None) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = _hints(type(value))
        out = {f.name: _dump(getattr(value, f.name), hints.get(f.name)) for f in dataclasses.fields(value)}
        if type(value) is not _declared(kind):
            # A subclass where the model declares its base (a Mention as a quote's
            # speaker Span): keep the class so it comes back as it went in.
            out["$type"] = type(value).__name__
        return out
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        args = typing.get_args(_declared(kind)) if kind is not None else ()
        item = args[0] if len(args) == 1 else None
        return [_dump(v, item) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _load(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict) and ("$datetime" in value or "$date" in value):
        return moment_from_iso(value.get("$datetime") or value["$date"])
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        for option in options:
            if isinstance(value, dict) and (dataclasses.is_dataclass(option) or "$type" in value):
                return _load(option, value)
        return _load(options[0], value) if options else value
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        return [_load(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if isinstance(value, dict) and "$type" in value:
        kind = getattr(model, value["$type"])
    if dataclasses.is_dataclass(kind) and isinstance(value, dict):
        hints = _hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: _load(hints[k], v) for k, v in value.items() if k in names})
    return value
