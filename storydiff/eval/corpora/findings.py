"""The findings gold (``storydiff.findings-gold/1``): what outlets agree and disagree on.

Layout (``../shared/data/findings``, its README is authoritative): ``<story>.json`` beside
``<story>/``, a folder of the story's articles as plain text. Each gold item has an ``id``,
a ``kind``, a ``fact`` and ``evidence``: short exact texts, each in one article (the file
name without ``.txt``); a conflict's evidence also carries the ``value`` the article gives
and a ``group`` shared by the evidence that gives the same value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from storydiff.errors import DataMissing

FORMAT = "storydiff.findings-gold/1"

#: The gold's lists of items, in the order the README gives them.
SECTIONS = ("conflicts", "agreements", "single_source", "traps")


@dataclass(slots=True)
class GoldEvidence:
    """One gold text in one article (``value`` and ``group`` only on conflicts)."""

    article: str
    text: str
    value: str | None = None
    group: str | None = None


@dataclass(slots=True)
class GoldItem:
    """One conflict, agreement, single-source fact or trap of a story."""

    id: str
    section: str  # one of SECTIONS
    kind: str
    fact: str
    evidence: list[GoldEvidence] = field(default_factory=list)
    update: bool = False
    note: str = ""


@dataclass(slots=True)
class GoldStory:
    """One story's gold and the folder of its articles."""

    name: str
    folder: Path
    articles: list[str]
    event: str
    items: list[GoldItem] = field(default_factory=list)

    def section(self, name: str) -> list[GoldItem]:
        """The items of one section (``conflicts``, ``agreements``, ...)."""
        return [item for item in self.items if item.section == name]


def _item(raw: dict, section: str, where: Path) -> GoldItem:
    try:
        evidence = [
            GoldEvidence(e["article"], e["text"], e.get("value"), e.get("group"))
            for e in raw["evidence"]
        ]
        return GoldItem(
            id=raw["id"],
            section=section,
            kind=raw.get("kind", ""),
            fact=raw.get("fact", ""),
            evidence=evidence,
            update=bool(raw.get("update", False)),
            note=raw.get("note", ""),
        )
    except (KeyError, TypeError) as error:
        raise DataMissing(f"{where}: a {section} item lacks {error}; fix the gold file") from None


def load_story(path: Path) -> GoldStory:
    """Read one ``<story>.json`` and check that its article folder is beside it.

    Raises:
        DataMissing: the file is not findings gold or its folder is missing.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataMissing(f"{path}: not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataMissing(f"{path}: not {FORMAT} gold (its 'format' field must say so)")
    folder = path.with_suffix("")
    if not folder.is_dir():
        raise DataMissing(f"{folder}: the story's article folder is missing beside {path.name}")
    story = GoldStory(
        name=data.get("story") or path.stem,
        folder=folder,
        articles=list(data.get("articles", [])),
        event=data.get("event", ""),
    )
    for section in SECTIONS:
        story.items.extend(_item(raw, section, path) for raw in data.get(section, []))
    return story


def load_stories(root: Path, topics: set[int] | None = None) -> list[GoldStory]:
    """Every gold story under ``root``, sorted by topic number then name.

    Args:
        root: the findings folder.
        topics: keep only stories whose name starts with one of these numbers
            (``18`` keeps ``18_ecb`` and ``18_ecbplus``); all when None.

    Raises:
        DataMissing: the folder holds no findings gold, or a gold file is broken.
    """
    stories = []
    for path in sorted(root.glob("*.json")):
        head = path.stem.split("_", 1)[0]
        if topics is not None and not (head.isdigit() and int(head) in topics):
            continue
        stories.append(load_story(path))
    if not stories:
        raise DataMissing(
            f"{root}: no findings gold (<story>.json beside <story>/) "
            + ("for the topics asked" if topics else "here")
            + "; give the findings folder as DATA_PATH"
        )

    def order(story: GoldStory) -> tuple[int, str]:
        head = story.name.split("_", 1)[0]
        return (int(head) if head.isdigit() else 10**9, story.name)

    return sorted(stories, key=order)
