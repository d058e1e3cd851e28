"""The Dask back end on a real LocalCluster of 2 worker processes, on real articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_stories_data import write_ecb_docs

pytest.importorskip("distributed")

# Two events of one kind (ECB+ topic 1: two actresses enter rehab) and one of another
# topic (3: a courthouse killer is sentenced), real texts.
DOCS = ["1/1_1ecb.xml", "1/1_2ecb.xml", "1/1_1ecbplus.xml", "3/3_1ecb.xml", "1/1_3ecb.xml",
        "1/1_2ecbplus.xml", "3/3_3ecb.xml", "1/1_3ecbplus.xml"]


def _snapshot(db: Path) -> tuple[list, dict]:
    from storydiff.store import Store

    with Store(db) as store:
        hashes = {a.id: a.content_hash for a in store.iter_articles()}
        stories = sorted(sorted(hashes[i] for i in store.story_membership(s["id"])) for s in store.list_stories())
        analyses = {hashes[a.id]: json.dumps(_without_id(store.get_analysis(a.id)), sort_keys=True)
                    for a in store.iter_articles()}
    return stories, analyses


def _without_id(article):
    from storydiff.serialize import article_to_dict

    data = article_to_dict(article)
    data.pop("id")
    return data


@pytest.mark.slow
def test_dask_run_matches_a_local_run_and_loads_models_once(shared_data: Path, tmp_path: Path) -> None:
    from storydiff import batch
    from storydiff.store import Store
    from storydiff.stream import ingest_stream, process_pending

    inputs = tmp_path / "in"
    write_ecb_docs(shared_data, inputs, DOCS)
    local = ingest_stream([inputs], tmp_path / "local.db", batch_size=3, progress=False)
    assert local.analyzed == len(DOCS) and local.clustered == len(DOCS)

    ingest_stream([inputs], tmp_path / "dask.db", analyze=False, progress=False)
    with batch.DaskAnalyzer(workers=2) as dask_analyzer:
        with Store(tmp_path / "dask.db") as store:
            summary = process_pending(store, analyzer=dask_analyzer.run, batch_size=3, progress=False)
        # Three batches over two workers: each worker loaded the pipeline once, at start.
        loads = dask_analyzer.client.run(lambda: __import__("storydiff.batch").batch.loads)
    assert summary.analyzed == len(DOCS)
    assert sorted(loads.values()) == [1, 1]
    assert _snapshot(tmp_path / "dask.db") == _snapshot(tmp_path / "local.db")


def test_unreachable_scheduler_is_one_clear_error() -> None:
    from storydiff.batch import DaskAnalyzer
    from storydiff.errors import ClusterError

    with pytest.raises(ClusterError, match="tcp://127.0.0.1:9: cannot reach the Dask scheduler"):
        with DaskAnalyzer(scheduler="tcp://127.0.0.1:9", timeout=2):
            pass
