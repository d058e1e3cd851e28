"""Cached story reads never wait behind comparisons (issue 19, item 4).

Before: every story page went through the compare pool, cached or not, so with the pool
full 50 parallel readers of one cached story got 37-38 answers of 503 "8 comparisons are
already running". Here the pool is held full by a real job that waits, and 50 readers
still get their story.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.reports import story_report
from storydiff.store import Store
from storydiff.web import create_app
from storydiff.web.jobs import CompareRunner
from web_support import running

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cached_story(tmp_path_factory, example_dir):
    """A store whose one story has its report computed and cached."""
    db = tmp_path_factory.mktemp("cached") / "s.db"
    result = CliRunner().invoke(cli, ["ingest", str(example_dir), "--db", str(db), "-q", "--processes", "0"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        story = store.list_stories()[0]["id"]
        story_report(store, story)
    return db, story


def test_cached_story_reads_pass_a_full_compare_pool(cached_story):
    db, story = cached_story
    runner = CompareRunner(workers=1, max_pending=1)
    release = threading.Event()
    app = create_app(db, runner=runner)
    try:
        with running(app) as base:
            # Fill the pool with a real job that holds it until released.
            loop = asyncio.new_event_loop()
            holder = threading.Thread(target=lambda: loop.run_until_complete(runner.call(release.wait, 60)))
            holder.start()
            with httpx.Client(base_url=base, timeout=60) as http:
                deadline = 0
                while runner._pending < 1 and deadline < 200:  # the job has started
                    threading.Event().wait(0.05)
                    deadline += 1
                busy = http.post("/compare.json", json={"articles": [{"text": "One."}, {"text": "Two."}]})
                assert busy.status_code == 503  # the pool is full: comparisons are refused...

                def read(number: int) -> int:
                    path = f"/stories/{story}.json" if number % 2 else f"/stories/{story}"
                    return http.get(path).status_code

                with ThreadPoolExecutor(max_workers=50) as readers:
                    statuses = list(readers.map(read, range(50)))
            assert statuses == [200] * 50  # ...and cached stories are still read
            release.set()
            holder.join(30)
            loop.close()
    finally:
        release.set()
        runner.close()


def test_a_story_page_follows_its_revision(cached_story, example_dir, tmp_path):
    """The rendered page is kept per story revision: after an ingest changes the story, the
    page shows the new report, not the kept one."""
    db, story = cached_story
    app = create_app(db)
    with running(app) as base, httpx.Client(base_url=base, timeout=120) as http:
        first = http.get(f"/stories/{story}.json").json()
        assert http.get(f"/stories/{story}.json").json() == first
        with Store(db) as store:
            store.db.execute("UPDATE stories SET revision = revision + 1 WHERE id = ?", (story,))
        again = http.get(f"/stories/{story}.json")
        assert again.status_code == 200
        assert again.json()["story"]["id"] == first["story"]["id"]
        with Store(db) as store:
            assert store.cached_report(story) is not None  # computed anew for the new revision
