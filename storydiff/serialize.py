"""The one codec between the model's dataclasses and JSON-ready values, in two dialects.

Both are driven by the dataclasses of :mod:`storydiff.model` (their annotated field
types), so a field added to the model round-trips without a change here.

- **Tagged** (the store and the Dask back end, :func:`article_to_dict` /
  :func:`article_from_dict`): every span of an analysed article, with its kind kept:
  ``{"$date": "2025-08-15"}``, ``{"$datetime": "2025-08-15T22:00:00+03:00"}``, and
  ``"$type"`` where a field holds a subclass of what it declares.
- **Plain** (the report contract, ``storydiff.render.json``; :func:`to_plain` /
  :func:`from_plain`): field names and ISO strings only, as DESIGN.md shows them; a
  ``Span`` field's subclass is told by its keys. Its reader is compiled once per type,
  since one report holds many thousand spans.

:func:`moment_from_iso` is the one reader of what ``isoformat()`` wrote.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from storydiff import model
from storydiff.model import Argument, Article, Attribution, Mention, Note, Role, Span

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


def _dump(value: Any, kind: Any = None, tagged: bool = True) -> Any:
    """``value`` as JSON-ready values; ``kind`` is the type its field declares (tagged
    dialect only: a subclass of it gets ``$type``)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not tagged:
            return {name: _dump(getattr(value, name), None, False) for name in _field_names(type(value))}
        hints = _hints(type(value))
        out = {f.name: _dump(getattr(value, f.name), hints.get(f.name)) for f in dataclasses.fields(value)}
        if type(value) is not _declared(kind):
            # A subclass where the model declares its base (a Mention as a quote's
            # speaker Span): keep the class so it comes back as it went in.
            out["$type"] = type(value).__name__
        return out
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()} if tagged else value.isoformat()
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()} if tagged else value.isoformat()
    if isinstance(value, (list, tuple)):
        if not tagged:
            return [_dump(v, None, False) for v in value]
        args = typing.get_args(_declared(kind)) if kind is not None else ()
        item = args[0] if len(args) == 1 else None
        return [_dump(v, item) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v, None, tagged) for k, v in value.items()}
    return value


def to_plain(value: Any) -> Any:
    """A dataclass, list or dict of them in the plain dialect (dates as ISO strings).

    Args:
        value: a model dataclass, or a list/dict of them, or a plain value.

    Returns:
        JSON-ready dicts, lists, strings and numbers; a dataclass's keys in field order.
    """
    return _dump(value, None, False)


def from_plain(cls: type, data: dict[str, Any]) -> Any:
    """An instance of dataclass ``cls`` from its plain dialect; unknown keys are ignored.

    Args:
        cls: a model dataclass (``Span`` reads as the subclass its keys fit).
        data: a dict as :func:`to_plain` wrote it.

    Returns:
        The instance.
    """
    if cls is Span:
        cls = _span_kind(data)
    return cls(**{name: convert(data[name]) for name, convert in _plan(cls) if name in data})


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@lru_cache(maxsize=None)
def _field_set(cls: type) -> frozenset[str]:
    return frozenset(_field_names(cls))


def _span_kind(data: dict[str, Any]) -> type:
    """The ``Span`` subclass a span-typed field holds: a field declared ``Span`` may hold a
    ``Mention`` (a quote's speaker from the analysis), told apart by its extra keys."""
    keys = data.keys()
    for kind in (Span, Mention, Role, Attribution, Argument, Note):
        if keys <= _field_set(kind):
            return kind
    return Span


@lru_cache(maxsize=None)
def _plan(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    hints = _hints(cls)
    return tuple((name, _converter(hints[name])) for name in _field_names(cls))


def _identity(data: Any) -> Any:
    return data


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda data: None if data is None else convert(data)


@lru_cache(maxsize=None)
def _converter(hint: Any) -> Callable[[Any], Any]:
    """A function rebuilding a value of type ``hint`` (a model dataclass, list, tuple,
    optional, date) from the plain dialect; made once per type."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if dt.datetime in options or dt.date in options:
            return moment_from_iso
        classes = [option for option in options if dataclasses.is_dataclass(option)]
        if classes:
            return _optional(_converter(classes[0]))
        return _optional(_converter(options[0])) if len(options) == 1 else _identity
    if origin is list:
        (item_hint,) = typing.get_args(hint) or (Any,)
        item = _converter(item_hint)
        if item is _identity:
            return _optional(list)
        return _optional(lambda data: [item(value) for value in data])
    if origin is tuple:
        items = [_converter(h) for h in typing.get_args(hint)]
        return _optional(lambda data: tuple(convert(value) for convert, value in zip(items, data)))
    if dataclasses.is_dataclass(hint):
        return _optional(lambda data: from_plain(hint, data) if isinstance(data, dict) else data)
    return _identity


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
