"""Analysis in a pool of local processes (storydiff.pool) on real articles: the same
analyses and stories as in one process, the writer's death ends the workers, and the
default choice of processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch import _snapshot
from test_stories_data import write_ecb_docs

# Real ECB+ texts: two events of topic 1 (actresses enter rehab), one of topic 3.
DOCS = ["1/1_1ecb.xml", "1/1_2ecb.xml", "1/1_1ecbplus.xml", "3/3_1ecb.xml", "1/1_3ecb.xml",
        "1/1_2ecbplus.xml", "3/3_3ecb.xml"]


@pytest.mark.slow
def test_pool_of_two_gives_the_same_analyses_and_stories_as_one_process(shared_data: Path, tmp_path: Path) -> None:
    from storydiff.stream import ingest_stream

    inputs = tmp_path / "in"
    write_ecb_docs(shared_data, inputs, DOCS)
    local = ingest_stream([inputs], tmp_path / "local.db", batch_size=2, processes=0, progress=False)
    pooled = ingest_stream([inputs], tmp_path / "pool.db", batch_size=2, processes=2, progress=False)
    assert local.analyzed == pooled.analyzed == len(DOCS)
    assert pooled.clustered == len(DOCS) and pooled.ok
    stories, analyses = _snapshot(tmp_path / "pool.db")
    assert (stories, analyses) == _snapshot(tmp_path / "local.db")
    assert len(stories) >= 2  # two topics never share a story
    assert all('"mentions": []' not in a for a in analyses.values())  # really analysed


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
def test_workers_end_when_the_writer_is_killed(shared_data: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_ecb_docs(shared_data, inputs, DOCS)
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    writer = subprocess.Popen(
        [sys.executable, "-c", "from storydiff.cli import main; main()", "ingest", str(inputs),
         "--db", str(tmp_path / "s.db"), "--processes", "2", "--batch-size", "1", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and writer.poll() is None and len(workers) < 2:
        # The spawn start method adds a resource tracker: the workers are the ones that
        # import storydiff.
        workers = {p for p in _children(writer.pid)
                   if "multiprocessing" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
                   and "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(errors="replace")}
        time.sleep(0.2)
    assert writer.poll() is None and len(workers) == 2, writer.stderr.read() if writer.poll() is not None else workers
    writer.kill()
    writer.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "a worker outlived its writer"


def test_default_processes_uses_the_cores_only_for_a_long_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    from storydiff import pool

    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    assert pool.default_processes(pool.MIN_ARTICLES_FOR_POOL) == 2
    assert pool.default_processes(pool.MIN_ARTICLES_FOR_POOL - 1) == 0
    monkeypatch.setattr(pool, "usable_cores", lambda: 1)
    assert pool.default_processes(10_000) == 0
    monkeypatch.setattr(pool, "usable_cores", lambda: 64)
    assert pool.default_processes(10_000) == pool.MAX_DEFAULT_PROCESSES


def test_a_pool_needs_a_process() -> None:
    from storydiff.pool import ProcessAnalyzer

    with pytest.raises(ValueError, match="at least 1"):
        ProcessAnalyzer(0)
