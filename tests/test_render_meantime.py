"""Rendering beyond the example: a report built from two real MEANTIME Wikinews articles
(CC BY 4.0, read by path from ../shared/data) with their gold entities and TIMEX3 values.

The findings here are made by a plain rule written in this test (an entity instance both
articles mention is 'corroborated', one only one mentions is 'single_source'): the point is
that rendering presents any real report faithfully, not the comparison itself.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_render_html import parse

from storydiff.model import Article, Entity, EntityMention, Evidence, Finding, Report, Span, Timex
from storydiff.render import render
from storydiff.render.json import report_from_dict, report_to_dict

DOCS = (
    "corpus_gm/125796_Chrysler_files_for_bankruptcy,_Fiat_Group_SpA_to_run_company.xml",
    "corpus_gm/126311_U.S._automaker_Chrysler_wants_to_eliminate_789_dealerships.xml",
)


def read_meantime(path: Path, article_id: str) -> tuple[Article, dict[str, list[tuple[int, int]]], dict[str, str]]:
    """The article (tokens joined by spaces, one sentence a line), the gold entity mentions by
    instance id, and each instance's name and type."""
    root = ET.parse(path).getroot()
    pieces, offsets, position, last_sentence = [], {}, 0, None
    for token in root.iter("token"):
        sentence = token.get("sentence")
        if last_sentence is not None:
            sep = "\n" if sentence != last_sentence else " "
            pieces.append(sep)
            position += 1
        last_sentence = sentence
        word = token.text or ""
        offsets[token.get("t_id")] = (position, position + len(word))
        pieces.append(word)
        position += len(word)
    text = "".join(pieces)
    article = Article(text=text, id=article_id, source=str(path), outlet="Wikinews", voice=f"v-{article_id}",
                      title=text.split("\n", 1)[0])
    start = 0
    for line in text.split("\n"):
        article.sentences.append(Span(start, start + len(line), line))
        start += len(line) + 1
    markables = root.find("Markables")
    spans = {}
    for markable in markables:
        anchors = [offsets[a.get("t_id")] for a in markable.findall("token_anchor")]
        if anchors:
            spans[markable.get("m_id")] = (anchors[0][0], anchors[-1][1])
        if markable.tag == "TIMEX3" and anchors and markable.get("value"):
            s, e = spans[markable.get("m_id")]
            article.timexes.append(Timex(s, e, text[s:e], type=markable.get("type", "DATE"),
                                         value=markable.get("value"), granularity="day",
                                         timeml=markable.get("value")))
    instances = {m.get("m_id"): (m.get("instance_id"), m.get("TAG_DESCRIPTOR"), m.get("ent_type"))
                 for m in markables.iter("ENTITY") if m.get("instance_id")}
    mentions: dict[str, list[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    for relation in root.iter("REFERS_TO"):
        target = instances.get(relation.find("target").get("m_id"))
        if not target:
            continue
        instance_id, name, kind = target
        names[instance_id] = f"{name.strip()}|{kind}"
        for source in relation.findall("source"):
            if source.get("m_id") in spans:
                mentions.setdefault(instance_id, []).append(spans[source.get("m_id")])
    return article, mentions, names


@pytest.fixture(scope="module")
def report(shared_data) -> Report:
    base = shared_data / "meantime" / "intra_cross-doc_annotation"
    if not (base / DOCS[0]).is_file():
        pytest.skip(f"{base} lacks the MEANTIME GM documents")
    articles, all_mentions, names = [], {}, {}
    for i, doc in enumerate(DOCS, 1):
        article, mentions, doc_names = read_meantime(base / doc, f"a{i}")
        articles.append(article)
        all_mentions[article.id] = mentions
        names.update(doc_names)
    entities, findings = [], []
    for n, instance_id in enumerate(sorted(names), 1):
        name, kind = names[instance_id].split("|")
        entity = Entity(f"e{n}", name, kind)
        for article in articles:
            for start, end in all_mentions[article.id].get(instance_id, []):
                entity.mentions.append(EntityMention(article.id, start, end, article.text[start:end]))
        if not entity.mentions:
            continue
        entities.append(entity)
        evidence = []
        for article_id in entity.articles:
            first = next(m for m in entity.mentions if m.article == article_id)
            article = next(a for a in articles if a.id == article_id)
            sentence = article.sentence_of(first.start)
            evidence.append(Evidence(article_id, sentence.start, sentence.end, sentence.text))
        status = "corroborated" if len(evidence) > 1 else "single_source"
        findings.append(Finding(f"f{len(findings) + 1}", status, "person" if kind == "PER" else "place",
                                f"{name} is mentioned", evidence))
    return Report(articles=articles, entities=entities, findings=findings)


def test_json_offsets_and_round_trip(report):
    data = report_to_dict(report)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert data["timexes"] and data["entities"] and data["findings"]
    for item in data["timexes"]:
        assert item["text"] == texts[item["article"]][item["start"]:item["end"]]
    for finding in data["findings"]:
        for item in finding["evidence"]:
            assert item["text"] == texts[item["article"]][item["start"]:item["end"]]
    assert report_to_dict(report_from_dict(json.loads(json.dumps(data)))) == data
    assert {"Chrysler", "Fiat"} <= {e["name"] for e in data["entities"]}


def test_markdown_and_html_present_every_finding(report):
    markdown = render(report, "md")
    page = render(report, "html")
    corroborated = [f for f in report.findings if f.status == "corroborated"]
    assert corroborated, "the two Chrysler articles share entities (Chrysler at least)"
    assert f"## Corroborated ({len(corroborated)})" in markdown
    assert "## Conflicts (0)" in markdown and "No conflicts found." in markdown
    for finding in report.findings:
        assert f'<tr id="row-{finding.id}">' in page
        for item in finding.evidence:
            assert f'id="{item.article}-{item.start}-{item.end}"' in page
    tags = parse(page)
    assert tags.stack == [] and tags.external == []
    assert len(tags.ids) == len(set(tags.ids)) and not set(tags.links) - set(tags.ids)
    # Dates only (no clock time): listed under the timeline, no picture.
    assert "No clock times to place on a UTC axis." in page
    assert "2009-04-30" in page or "2009-05-14" in page
