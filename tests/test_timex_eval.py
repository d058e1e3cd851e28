"""The TimeML loader and the ``timex`` evaluation on real TimeBank/AQUAINT files."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.errors import DataMissing
from storydiff.eval.corpora.timeml import iter_documents, read


def test_loader_offsets_point_at_the_tagged_text(shared_data: Path) -> None:
    doc = read(shared_data / "timeml/TBAQ-cleaned/TimeBank/ABC19980108.1830.0711.tml")
    assert doc.dct == "1998-01-08"
    assert str(doc.anchor) == "1998-01-08"
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)
    first = doc.timexes[0]
    assert (first.text, first.type, first.value) == ("week", "DURATION", "P1W")
    # the creation time is the anchor, not a scored expression
    assert "t0" not in {t.tid for t in doc.timexes}
    assert "<" not in doc.text


def test_loader_reads_a_datetime_creation_time(shared_data: Path) -> None:
    doc = read(shared_data / "timeml/TBAQ-cleaned/AQUAINT/APW19980807.0261.tml")
    assert doc.timexes and doc.anchor is not None


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataMissing, match="no such folder"):
        list(iter_documents(tmp_path / "absent"))
    with pytest.raises(DataMissing, match="no .tml files"):
        list(iter_documents(tmp_path))


def test_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(DataMissing, match="bad.tml"):
        read(bad)


def test_eval_on_aquaint_scores_and_headline(shared_data: Path) -> None:
    from storydiff.eval.timex import run

    result = run(shared_data / "timeml/TBAQ-cleaned/AQUAINT", progress=False)
    assert result.task == "timex" and result.documents == 73
    assert set(result.headline) == {"value_f1", "extent_f1", "strict_f1", "type_acc"}
    assert result.rows[0][0] == "type" and result.rows[1][0] == "all"
    # Measured 2026-11-22 on AQUAINT (73 docs); a regression below these fails.
    assert result.headline["extent_f1"] >= 0.85
    assert result.headline["value_f1"] >= 0.72
    assert result.headline["strict_f1"] <= result.headline["extent_f1"]


def test_meantime_loader_scores_only_annotated_sentences(shared_data: Path) -> None:
    from storydiff.eval.corpora.meantime_timex import read

    path = shared_data / "meantime/intra-doc_annotation/corpus_airbus/100911_Northrop_Grumman_and_Airbus_parent_EADS_defeat_Boeing.xml"
    doc = read(path)
    assert doc.dct == "2008-03-01" and str(doc.anchor) == "2008-03-01"
    # the dateline (the creation time) and the unannotated tail are excluded from scoring
    dateline, tail = doc.excluded
    assert doc.text[dateline[0]:dateline[1]] == "March 01, 2008"
    assert tail[1] == len(doc.text)
    assert [(t.text, t.value) for t in doc.timexes][0] == ("a year", "P1Y")
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)


def test_eval_on_meantime_stock_news(shared_data: Path) -> None:
    from storydiff.eval.timex import run

    result = run(shared_data / "meantime", topics=["corpus_stock"], progress=False)
    assert result.documents == 30
    # Measured 2026-11-22 on the 30 stock-market articles: value_f1 0.798, extent 0.904.
    assert result.headline["value_f1"] >= 0.75
    assert result.headline["extent_f1"] >= 0.85
