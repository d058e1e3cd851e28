"""The analysis pipeline: stage order, the span invariant, batch and process parity."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import threading

import pytest
import spacy

from storydiff.analyze import analyze, analyze_many
from storydiff.analyze.pipeline import _stages, build, check_order
from storydiff.errors import PipelineError
from storydiff.model import Article, Span

EXAMPLE_FILES = ("putin-visits-magadan.txt", "russian-delegation-arrives.txt")


def _spans(value, path="article"):
    """Every Span inside an extraction, nested ones too, with where it was found."""
    if isinstance(value, Span):
        yield path, value
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name in ("text", "original"):
                continue
            yield from _spans(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _spans(item, f"{path}[{index}]")


@pytest.fixture(scope="module")
def example_articles(nlp, example_dir):
    articles = [
        Article(text=(example_dir / name).read_text(encoding="utf-8"), id=name,
                published=dt.date(2025, 8, 15))
        for name in EXAMPLE_FILES
    ]
    return analyze_many(articles, nlp=nlp)


def test_misordered_pipeline_fails_with_the_fix():
    stages = {stage.name: stage for stage in _stages()}
    names = ["tok2vec", "parser", "ner", "entities", "claims", "timexes"]
    with pytest.raises(PipelineError, match="claims needs timexes; add the timexes stage before it"):
        check_order(names, stages)


def test_building_on_a_pipeline_without_ner_fails_at_build():
    with pytest.raises(PipelineError, match="entities needs ner; add the ner stage before it"):
        build(spacy.blank("en"), ["entities", "roles"])
    with pytest.raises(PipelineError, match="roles needs entities; add the entities stage before it"):
        build(spacy.blank("en"), ["roles"])


def test_full_pipeline_order(nlp):
    names = nlp.pipe_names
    assert names.index("lines") < names.index("parser")
    assert names[-8:] == ["entities", "roles", "location", "timexes", "identifiers",
                          "quantities", "quotes", "claims"]


def test_every_span_points_into_the_text(example_articles):
    for article in example_articles:
        assert article.analyzed
        count = 0
        for path, span in _spans(article):
            assert span.text == article.text[span.start:span.end], path
            count += 1
        assert count > 200


def test_analyze_many_matches_analyze(nlp, example_articles, example_dir):
    single = analyze(Article(text=(example_dir / EXAMPLE_FILES[0]).read_text(encoding="utf-8"),
                             published=dt.date(2025, 8, 15)), nlp=nlp)
    batch = example_articles[0]
    assert [(m.start, m.label) for m in single.mentions] == [(m.start, m.label) for m in batch.mentions]
    assert [q.text for q in single.quotes] == [q.text for q in batch.quotes]
    assert len(single.claims) == len(batch.claims)


@pytest.mark.slow
def test_two_processes_give_the_same_result(nlp, example_articles):
    """Docs cross process boundaries as bytes: our results must survive the trip."""
    copies = [Article(text=a.text, id=a.id, published=a.published) for a in example_articles]
    done = analyze_many(copies, nlp=nlp, n_process=2, batch_size=1)
    for ours, theirs in zip(done, example_articles):
        assert [(m.text, [r.text for r in m.roles]) for m in ours.mentions] == \
            [(m.text, [r.text for r in m.roles]) for m in theirs.mentions]
        assert [(q.text, q.speaker.text if q.speaker else None) for q in ours.quotes] == \
            [(q.text, q.speaker.text if q.speaker else None) for q in theirs.quotes]


def test_a_failing_article_is_recorded_and_the_rest_go_on(nlp, monkeypatch):
    from storydiff.analyze import quantities

    original = quantities.find_quantities

    def explode(doc, skip, durations):
        if "explode" in doc.text:
            raise ValueError("boom")
        return original(doc, skip, durations)

    monkeypatch.setattr(quantities, "find_quantities", explode)
    articles = [Article(text="Three planes landed in Anchorage.", source="good.txt"),
                Article(text="This one will explode.", source="bad.txt")]
    done = analyze_many(articles, nlp=nlp)
    assert done[0].analyzed and done[0].quantities[0].value == 3
    assert not done[1].analyzed
    assert done[1].problems[0].stage == "analyze"
    assert "bad.txt" in done[1].problems[0].message and "boom" in done[1].problems[0].message


def test_location_from_local_time_sentence(example_articles):
    assert example_articles[0].location == "Anchorage"


def test_cli_analyze_json(example_dir):
    import json

    from click.testing import CliRunner

    from storydiff.cli import cli

    result = CliRunner().invoke(cli, ["analyze", str(example_dir / EXAMPLE_FILES[0]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"mentions", "quotes", "claims", "identifiers"} <= set(data)
    assert any(i["normalized"] == "RA-96023" for i in data["identifiers"])


def test_cli_analyze_missing_file_is_one_line(tmp_path):
    from click.testing import CliRunner

    from storydiff.cli import cli

    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "nope.txt" in result.output and "Traceback" not in result.output


def _extractions(article):
    return [article.mentions, article.timexes, article.quantities, article.quotes, article.claims]


@pytest.mark.slow
def test_two_threads_analyse_two_documents_at_once_through_one_pipeline(nlp, example_dir):
    """``storydiff serve --workers N`` shares one pipeline between threads: two documents
    analysed at the same moment each get their own results, so no stage keeps one
    document's state where another thread reads it (a doc's text is cached per thread:
    storydiff.analyze.docdata.text_of)."""
    articles = [Article(text=(example_dir / name).read_text(encoding="utf-8"), id=name,
                        published=dt.date(2025, 8, 15)) for name in EXAMPLE_FILES]
    expected = [_extractions(analyze(a, nlp=nlp)) for a in articles]
    assert expected[0][0] != expected[1][0], "two different documents"
    # Threads switch every microsecond instead of every 5 ms, so that the two analyses
    # interleave inside the stages, where a text shared between threads would be read.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(3):
            start = threading.Barrier(2)
            got: list = [None, None]

            def work(k: int) -> None:
                start.wait()
                got[k] = _extractions(analyze(dataclasses.replace(articles[k]), nlp=nlp))

            threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert got == expected
    finally:
        sys.setswitchinterval(interval)
