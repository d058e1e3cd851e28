"""``storydiff eval findings``: compare's findings against the findings gold.

Each story folder is compared as a user would (``storydiff compare DIR/<story>``: read with
``storydiff.ingest.load``, compared with ``storydiff.compare.compare``; one spaCy pipeline
serves every story) and scored by the rule of the gold's README (``corpora/findings.py``):

1. Each gold text is located in the article's text as the report holds it (the cleaned
   text evidence offsets point into), compared with all whitespace removed,
   case-insensitively, curly quotes as straight ones and en/em dashes as hyphens; every
   occurrence counts.
2. A finding **hits** a gold item when its evidence spans overlap a located place of the
   item's evidence in at least two of the item's articles (one for a single-source
   fact). A conflict is hit only across two groups: two of the hit evidence texts lie in
   different articles AND carry different ``group`` labels (two articles that agree are
   not the disagreement).
3. ``conflict_precision`` = reported conflicts hitting a gold conflict / reported
   conflicts; ``conflict_recall`` = gold conflicts hit / gold conflicts;
   ``trap_conflicts`` = reported conflicts hitting a trap and no gold conflict;
   ``agreement_recall`` = agreements hit by a corroborated or complementary finding;
   ``single_source_recall`` = single-source facts hit by a single_source finding;
   ``punctuation_evidence`` = evidence spans (of any finding) with no letter or digit.

The report's article ids are ``a1..aN``; the gold's are file names without ``.txt``:
``Article.source`` (the path the article was read from) links them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from storydiff.analyze import load_nlp
from storydiff.compare import compare
from storydiff.eval.corpora.findings import GoldItem, GoldStory, load_stories
from storydiff.eval.metrics import prf
from storydiff.eval.result import EvalResult
from storydiff.eval.runner import parse_topics, progress_enabled
from storydiff.ingest import load
from storydiff.model import Finding, Report

#: Characters the README says to read as others before comparing.
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

#: Metrics where less is better: the gate gives them a ceiling, not a floor.
LOWER_IS_BETTER = ("trap_conflicts", "punctuation_evidence")

#: Finding statuses that can hit a gold agreement.
AGREEING = ("corroborated", "complementary")


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, case-folded, quotes and dashes folded.

    Returns:
        The normalised string and, for each of its characters, the offset in ``text`` of
        the character it came from (case-folding may turn one into two).
    """
    chars: list[str] = []
    where: list[int] = []
    for offset, char in enumerate(text.translate(_FOLD)):
        if char.isspace():
            continue
        for folded in char.casefold():
            chars.append(folded)
            where.append(offset)
    return "".join(chars), where


def locate(text: str, needle: str, *, normalised: tuple[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """Every place ``needle`` occurs in ``text`` by the README's rule, as offsets in ``text``.

    Args:
        text: the article's text.
        needle: the gold text.
        normalised: ``normalise(text)`` when the caller has it already.

    Returns:
        ``(start, end)`` offsets into ``text``, overlapping occurrences included.
    """
    haystack, where = normalised or normalise(text)
    wanted, _ = normalise(needle)
    places = []
    if not wanted:
        return places
    at = haystack.find(wanted)
    while at >= 0:
        places.append((where[at], where[at + len(wanted) - 1] + 1))
        at = haystack.find(wanted, at + 1)
    return places


def has_word(text: str) -> bool:
    """Whether a span holds a letter or a digit (a span with neither is punctuation only)."""
    return any(char.isalnum() for char in text)


def gold_name(source: str, fallback: str) -> str:
    """The gold's article id for an article read from ``source``: its file name without ``.txt``."""
    if not source or source == "-":
        return fallback
    name = Path(source).name
    return name[: -len(".txt")] if name.endswith(".txt") else name


@dataclass(slots=True)
class Located:
    """One gold evidence text and where it lies in its article."""

    article: str
    group: str | None
    places: list[tuple[int, int]]


@dataclass(slots=True)
class StoryScore:
    """The counts of one story, and the conflicts to list with ``--verbose``."""

    story: str
    articles: int = 0
    reported_conflicts: int = 0
    true_conflicts: int = 0
    gold_conflicts: int = 0
    conflicts_found: int = 0
    trap_conflicts: int = 0
    agreements: int = 0
    agreements_found: int = 0
    single_source: int = 0
    single_source_found: int = 0
    evidence_spans: int = 0
    punctuation_evidence: int = 0
    unlocated: list[str] = field(default_factory=list)  # "item id: article: text"
    true: list[dict[str, Any]] = field(default_factory=list)
    false: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    punctuation: list[dict[str, Any]] = field(default_factory=list)  # the spans, for --verbose


def _evidence_spans(finding: Finding, names: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for evidence in finding.evidence:
        spans.setdefault(names.get(evidence.article, evidence.article), []).append(
            (evidence.start, evidence.end)
        )
    return spans


def hits(item: GoldItem, located: list[Located], spans: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether a finding's evidence spans hit a gold item (rule 2 of the module docstring).

    Args:
        item: the gold item.
        located: its evidence texts, located (one per ``item.evidence``).
        spans: the finding's evidence spans by gold article id.
    """
    touched = [
        place
        for place in located
        if any(
            start < end_place and start_place < end
            for start, end in spans.get(place.article, ())
            for start_place, end_place in place.places
        )
    ]
    if item.section == "single_source":
        return bool(touched)
    if item.section == "conflicts":
        return any(
            a.article != b.article and a.group != b.group for a in touched for b in touched
        )
    return len({place.article for place in touched}) >= 2


def _finding_record(finding: Finding, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "summary": finding.summary,
        "evidence": [
            {"article": names.get(e.article, e.article), "text": e.text} for e in finding.evidence
        ],
    }


def _gold_record(item: GoldItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "fact": item.fact,
        "update": item.update,
        "evidence": [
            {"article": e.article, "value": e.value, "group": e.group, "text": e.text}
            for e in item.evidence
        ],
    }


def score_story(report: Report, gold: GoldStory) -> StoryScore:
    """Score one story's report against its gold.

    Args:
        report: what compare returned for the story's folder.
        gold: the story's gold.

    Returns:
        The story's counts and its true, false and missed conflicts.
    """
    names = {a.id: gold_name(a.source, a.id) for a in report.articles}
    texts = {names[a.id]: a.text for a in report.articles}
    normalised = {name: normalise(text) for name, text in texts.items()}
    score = StoryScore(gold.name, articles=len(report.articles))

    located: dict[str, list[Located]] = {}
    for item in gold.items:
        entries = []
        for evidence in item.evidence:
            text = texts.get(evidence.article)
            places = locate(text, evidence.text, normalised=normalised[evidence.article]) if text is not None else []
            if not places:
                score.unlocated.append(f"{item.id}: {evidence.article}: {evidence.text}")
            entries.append(Located(evidence.article, evidence.group, places))
        located[item.id] = entries

    conflicts, traps = gold.section("conflicts"), gold.section("traps")
    agreements, singles = gold.section("agreements"), gold.section("single_source")
    score.gold_conflicts, score.agreements, score.single_source = (
        len(conflicts), len(agreements), len(singles)
    )
    found_conflicts: set[str] = set()
    found_agreements: set[str] = set()
    found_singles: set[str] = set()
    for finding in report.findings:
        spans = _evidence_spans(finding, names)
        for evidence in finding.evidence:
            score.evidence_spans += 1
            if not has_word(evidence.text):
                score.punctuation_evidence += 1
                score.punctuation.append({
                    "finding": finding.id, "status": finding.status, "kind": finding.kind,
                    "summary": finding.summary,
                    "article": names.get(evidence.article, evidence.article),
                    "start": evidence.start, "text": evidence.text,
                })
        if finding.status == "conflict":
            score.reported_conflicts += 1
            hit = [c.id for c in conflicts if hits(c, located[c.id], spans)]
            record = _finding_record(finding, names)
            if hit:
                score.true_conflicts += 1
                found_conflicts.update(hit)
                score.true.append(record | {"gold": hit})
            else:
                trapped = [t.id for t in traps if hits(t, located[t.id], spans)]
                score.trap_conflicts += bool(trapped)
                score.false.append(record | {"traps": trapped})
        elif finding.status in AGREEING:
            found_agreements.update(a.id for a in agreements if hits(a, located[a.id], spans))
        elif finding.status == "single_source":
            found_singles.update(s.id for s in singles if hits(s, located[s.id], spans))
    score.conflicts_found = len(found_conflicts)
    score.agreements_found = len(found_agreements)
    score.single_source_found = len(found_singles)
    score.missed = [_gold_record(c) for c in conflicts if c.id not in found_conflicts]
    return score


def _headline(scores: list[StoryScore]) -> dict[str, float]:
    def total(name: str) -> int:
        return sum(getattr(s, name) for s in scores)

    conflicts = prf(
        total("true_conflicts"), total("reported_conflicts"),
        total("conflicts_found"), total("gold_conflicts"),
    )
    agreements, singles = total("agreements"), total("single_source")
    return {
        "conflict_precision": conflicts.precision,
        "conflict_recall": conflicts.recall,
        "conflict_f1": conflicts.f1,
        "trap_conflicts": float(total("trap_conflicts")),
        "agreement_recall": total("agreements_found") / agreements if agreements else 0.0,
        "single_source_recall": total("single_source_found") / singles if singles else 0.0,
        "punctuation_evidence": float(total("punctuation_evidence")),
    }


HEADER_FIELDS = (
    "articles", "reported_conflicts", "true_conflicts", "gold_conflicts", "conflicts_found",
    "trap_conflicts", "agreements", "agreements_found", "single_source",
    "single_source_found", "evidence_spans", "punctuation_evidence",
)

HEADER = [
    "story", "articles", "conflicts", "true", "gold", "found", "traps",
    "agree", "agreed", "single", "single hit", "punct",
]


def _row(name: str, s: StoryScore) -> list[Any]:
    return [
        name, s.articles, s.reported_conflicts, s.true_conflicts, s.gold_conflicts,
        s.conflicts_found, s.trap_conflicts, s.agreements, s.agreements_found,
        s.single_source, s.single_source_found, s.punctuation_evidence,
    ]


def _sum(scores: list[StoryScore]) -> StoryScore:
    total = StoryScore("all")
    for s in scores:
        for name in HEADER_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(s, name))
    return total



def run(path: Path, *, topics: str | None = None, progress: bool = True) -> EvalResult:
    """Compare every story of the findings gold and score the findings.

    Args:
        path: the findings folder (``<story>.json`` beside ``<story>/``).
        topics: keep stories whose name starts with one of these numbers (``"3,20"``).
        progress: progress bar over stories on stderr.

    Returns:
        A row per story and a total row; the headline of the module docstring; in
        ``details["stories"]`` each story's counts and its true, false and missed conflicts
        (``explain`` lists them).

    Raises:
        DataMissing: the folder holds no findings gold.
    """
    stories = load_stories(path, parse_topics(topics))
    nlp = load_nlp()
    scores: list[StoryScore] = []
    notes: list[str] = []
    for story in tqdm(stories, desc="findings", unit="story", disable=not progress_enabled(progress)):
        batch = load([story.folder])
        for failure in batch.failures:
            notes.append(f"{story.name}: skipped {failure.message}")
        report = compare(batch.articles, nlp=nlp)
        score = score_story(report, story)
        notes.extend(f"{story.name}: gold text not found: {u}" for u in score.unlocated)
        scores.append(score)
    total = _sum(scores)
    rows = [HEADER, *(_row(s.story, s) for s in scores), _row("all", total)]
    return EvalResult(
        task="findings",
        dataset=str(path),
        rows=rows,
        headline=_headline(scores),
        lower_is_better=list(LOWER_IS_BETTER),
        details={
            "stories": [
                {name: getattr(s, name) for name in ("story", *HEADER_FIELDS, "unlocated", "true", "false", "missed", "punctuation")}
                for s in scores
            ],
            "notes": notes,
        },
        documents=total.articles,
    )


def _evidence_lines(evidence: list[dict[str, Any]]) -> list[str]:
    lines = []
    for e in evidence:
        value = f" [{e['group']}: {e['value']}]" if e.get("group") else ""
        text = " ".join(str(e["text"]).split())
        lines.append(f"      {e['article']}{value}: {text}")
    return lines


def explain(result: EvalResult) -> str:
    """Every true, false and missed conflict of a findings result, with its sentences, and
    every punctuation-only evidence span."""
    lines: list[str] = []
    for story in result.details.get("stories", []):
        lines.append(
            f"== {story['story']}: {story['true_conflicts']} true, {len(story['false'])} false, "
            f"{len(story['missed'])} missed conflicts"
        )
        for record in story["true"]:
            lines.append(f"  TRUE {record['id']} ({record['kind']}) hits {', '.join(record['gold'])}: {record['summary']}")
            lines.extend(_evidence_lines(record["evidence"]))
        for record in story["false"]:
            trap = f" [trap {', '.join(record['traps'])}]" if record["traps"] else ""
            lines.append(f"  FALSE {record['id']} ({record['kind']}){trap}: {record['summary']}")
            lines.extend(_evidence_lines(record["evidence"]))
        for record in story["missed"]:
            update = " [update]" if record["update"] else ""
            lines.append(f"  MISSED {record['id']} ({record['kind']}){update}: {record['fact']}")
            lines.extend(_evidence_lines(record["evidence"]))
        for span in story.get("punctuation", []):
            lines.append(
                f"  PUNCTUATION {span['finding']} ({span['status']} {span['kind']}) "
                f"{span['article']}@{span['start']} {span['text']!r}: {span['summary']}"
            )
    return "\n".join(lines)
