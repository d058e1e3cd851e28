"""ECB+ (Cybulska & Vossen, LREC 2014): CAT XML documents with entity and event coreference.

Layout: ``ecbplus/<topic>/<topic>_<n>ecb.xml`` and ``..._<n>ecbplus.xml``. Every topic has
two sub-topics, two different real events of the same kind: the ``ecb`` documents report
one, the ``ecbplus`` documents the other.

A file holds ``<token t_id sentence number>`` elements, ``<Markables>`` (a mention is a
markable with ``token_anchor`` children; a markable without anchors is the *instance* a
chain points at) and ``<Relations>``: ``CROSS_DOC_COREF`` (``note`` = the instance id, the
same across documents, so it is the chain id) and ``INTRA_DOC_COREF`` (a chain inside one
document). Mentions in no relation are singletons.

The document text is rebuilt from the tokens: one line per sentence, tokens separated by
a space except before closing punctuation and after opening brackets, with the character
offsets of every token kept, so each mention is a span of that text. ``ecbplus``
documents carry their source URL as sentence 0; it is dropped by default (it would give
the event away to a story clusterer, and no markable sits on it).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from storydiff.errors import DataMissing

#: Prefixes of the entity mention tags (participants, locations, times) and of events.
ENTITY_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART", "LOC_", "TIME_")
EVENT_PREFIXES = ("ACTION_", "NEG_ACTION_")

#: ECB+ entity tag -> spaCy label, the names ``Mention.label`` uses. HUMAN_PART_GENERIC
#: ("people", "victims") and HUMAN_PART_MET (metonymy, "Washington said") have no spaCy
#: twin: they become PERSON and ORG, what a tagger would most often call them.
LABELS = {
    "HUMAN_PART": "PERSON",
    "HUMAN_PART_PER": "PERSON",
    "HUMAN_PART_GENERIC": "PERSON",
    "HUMAN_PART_ORG": "ORG",
    "HUMAN_PART_MET": "ORG",
    "HUMAN_PART_GPE": "GPE",
    "HUMAN_PART_FAC": "FAC",
    "HUMAN_PART_VEH": "PRODUCT",
    "NON_HUMAN_PART": "PRODUCT",
    "NON_HUMAN_PART_GENERIC": "PRODUCT",
    "LOC_GEO": "GPE",
    "LOC_FAC": "FAC",
    "LOC_OTHER": "LOC",
    "TIME_DATE": "DATE",
    "TIME_OF_THE_DAY": "TIME",
    "TIME_DURATION": "DATE",
    "TIME_REPETITION": "DATE",
}

_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m|''|\.\.\.)$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}
_NAME_RE = re.compile(r"^(?P<topic>\d+)_(?P<number>\d+)(?P<kind>ecb|ecbplus)$")


@dataclass(slots=True)
class EcbMention:
    """One annotated mention: a markable with token anchors."""

    m_id: str
    tag: str  # e.g. HUMAN_PART_PER, LOC_GEO, ACTION_OCCURRENCE
    start: int
    end: int
    text: str
    sentence: int
    chain: str | None = None  # CROSS_DOC_COREF instance id, or "<doc>/intra/<r_id>"

    @property
    def kind(self) -> str:
        """``entity``, ``event`` or ``other`` (UNKNOWN_INSTANCE_TAG and the like)."""
        if self.tag.startswith(ENTITY_PREFIXES):
            return "entity"
        if self.tag.startswith(EVENT_PREFIXES):
            return "event"
        return "other"

    @property
    def group(self) -> str:
        """Coarse type for tables: HUM, NON, LOC, TIME, ACT or the tag itself."""
        for prefix, name in (
            ("HUMAN_PART", "HUM"),
            ("NON_HUMAN_PART", "NON"),
            ("LOC_", "LOC"),
            ("TIME_", "TIME"),
            ("ACTION_", "ACT"),
            ("NEG_ACTION_", "ACT"),
        ):
            if self.tag.startswith(prefix):
                return name
        return self.tag

    @property
    def label(self) -> str:
        """The spaCy label (``LABELS``) for entity mentions, else the ECB+ tag."""
        return LABELS.get(self.tag, self.tag)

    @property
    def cluster_key(self) -> str:
        """The gold cluster: the chain, or the mention alone when it has none."""
        return self.chain or f"singleton/{self.m_id}"


@dataclass(slots=True)
class EcbDocument:
    """One ECB+ document with its rebuilt text and mentions."""

    name: str  # file stem, e.g. "1_10ecbplus"
    topic: int
    subtopic: str  # "1_ecb" or "1_ecbplus": one real-world event
    text: str
    mentions: list[EcbMention] = field(default_factory=list)
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)  # number -> span
    url: str | None = None

    def entity_mentions(self, sentences: set[int] | None = None) -> list[EcbMention]:
        """Entity mentions (participants, locations, times), optionally only in ``sentences``."""
        return [
            m
            for m in self.mentions
            if m.kind == "entity" and (sentences is None or m.sentence in sentences)
        ]


def parse_name(name: str) -> tuple[int, str]:
    """Topic and sub-topic from a file stem (``"1_10ecbplus"`` -> ``(1, "1_ecbplus")``).

    Raises:
        DataMissing: the name is not an ECB+ document name.
    """
    match = _NAME_RE.match(name)
    if not match:
        raise DataMissing(f"{name}: not an ECB+ document name (expected e.g. 1_10ecbplus.xml)")
    topic = int(match["topic"])
    return topic, f"{topic}_{match['kind']}"


def load_document(path: Path, *, strip_url: bool = True) -> EcbDocument:
    """Read one ECB+ CAT XML file.

    Args:
        path: the ``.xml`` file.
        strip_url: drop sentence 0 when it is the source URL (``ecbplus`` documents).

    Returns:
        The document, its text rebuilt from tokens and its mentions as spans of it.

    Raises:
        DataMissing: the file is missing or not CAT XML.
    """
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise DataMissing(f"{path}: cannot read as ECB+ CAT XML ({error})") from None
    topic, subtopic = parse_name(path.stem)

    tokens = [
        (t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")
    ]
    url = None
    if strip_url and tokens and tokens[0][1] == 0 and tokens[0][2].lower().startswith("http"):
        url = "".join(text for _, sentence, text in tokens if sentence == 0)
        tokens = [t for t in tokens if t[1] != 0]

    parts: list[str] = []
    offsets: dict[str, tuple[int, int, int]] = {}  # t_id -> start, end, sentence
    sentences: dict[int, tuple[int, int]] = {}
    length = 0
    previous_sentence: int | None = None
    previous_text = ""
    glue = False
    sep = ""
    for t_id, sentence, text in tokens:
        if previous_sentence is not None:
            if sentence != previous_sentence:
                sep = "\n"
            elif _NO_SPACE_BEFORE.match(text) or previous_text in _NO_SPACE_AFTER or glue:
                sep = ""
            elif text == "-" and previous_text[-1:].isalnum():
                # "90 - day" was one word, "90-day", before tokenisation.
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        offsets[t_id] = (length, length + len(text), sentence)
        start, _ = sentences.get(sentence, (length, 0))
        sentences[sentence] = (start, length + len(text))
        parts.append(text)
        length += len(text)
        glue = text == "-" and sep == "" and previous_sentence == sentence
        previous_sentence, previous_text = sentence, text
    text = "".join(parts)

    chains = _chains(root, path.stem)
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        spans = [offsets[a] for a in anchors if a in offsets]
        if not spans:
            continue  # an instance (chain target) or a markable on the dropped URL
        start = min(s[0] for s in spans)
        end = max(s[1] for s in spans)
        m_id = markable.get("m_id", "")
        mentions.append(
            EcbMention(
                m_id=f"{path.stem}/{m_id}",
                tag=markable.tag,
                start=start,
                end=end,
                text=text[start:end],
                sentence=spans[0][2],
                chain=chains.get(m_id),
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    return EcbDocument(path.stem, topic, subtopic, text, mentions, sentences, url)


def _chains(root: ElementTree.Element, doc: str) -> dict[str, str]:
    """m_id -> chain id. Cross-document chains win over in-document ones."""
    chains: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is None:
        return chains
    for relation in relations.findall("INTRA_DOC_COREF"):
        chain = f"{doc}/intra/{relation.get('r_id', '')}"
        for source in relation.findall("source"):
            chains[source.get("m_id", "")] = chain
    for relation in relations.findall("CROSS_DOC_COREF"):
        chain = relation.get("note") or f"{doc}/cross/{relation.get('r_id', '')}"
        for source in relation.findall("source"):
            chains[source.get("m_id", "")] = chain
    return chains


def topic_dirs(root: Path, topics: set[int] | None = None) -> list[Path]:
    """The topic folders under ``root`` (numerically sorted), optionally only ``topics``.

    Raises:
        DataMissing: ``root`` is absent, holds no topic folder, or a requested topic is missing.
    """
    if not root.is_dir():
        raise DataMissing(f"{root}: ECB+ folder not found (expected topic folders 1/, 2/, ...)")
    found = {int(p.name): p for p in root.iterdir() if p.is_dir() and p.name.isdigit()}
    if not found:
        raise DataMissing(f"{root}: no ECB+ topic folder (1/, 2/, ...) in it")
    if topics is not None:
        missing = sorted(topics - found.keys())
        if missing:
            raise DataMissing(
                f"{root}: topic(s) {', '.join(map(str, missing))} not found; "
                f"present: {_ranges(sorted(found))}"
            )
        return [found[t] for t in sorted(topics)]
    return [found[t] for t in sorted(found)]


def iter_documents(
    root: Path, topics: set[int] | None = None, *, strip_url: bool = True
) -> Iterator[EcbDocument]:
    """Every document of the chosen topics, in topic and file-name order.

    Args:
        root: the ECB+ folder (holding ``1/``, ``2/``, ...).
        topics: topic numbers to read; all present when None.
        strip_url: drop the URL sentence of ``ecbplus`` documents.

    Yields:
        The documents.

    Raises:
        DataMissing: see ``topic_dirs``.
    """
    for folder in topic_dirs(root, topics):
        for path in sorted(folder.glob("*.xml"), key=_doc_order):
            yield load_document(path, strip_url=strip_url)


def _doc_order(path: Path) -> tuple[int, str]:
    match = _NAME_RE.match(path.stem)
    return (int(match["number"]), match["kind"]) if match else (0, path.stem)


def validated_sentences(root: Path) -> dict[str, set[int]] | None:
    """The sentences ECB+ papers evaluate on (``ECBplus_coreference_sentences.csv``).

    Args:
        root: the ECB+ folder.

    Returns:
        Document name (``"1_10ecbplus"``) -> sentence numbers, or None without the file.
    """
    path = root / "ECBplus_coreference_sentences.csv"
    if not path.is_file():
        return None
    chosen: dict[str, set[int]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = f"{row['Topic'].strip()}_{row['File'].strip()}"
            chosen.setdefault(name, set()).add(int(row["Sentence Number"]))
    return chosen


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    for n in numbers:
        if out and "-" not in out[-1] and int(out[-1]) == n - 1:
            out[-1] = f"{out[-1]}-{n}"
        elif out and "-" in out[-1] and int(out[-1].split("-")[1]) == n - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ",".join(out)
