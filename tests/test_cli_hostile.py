"""The command line as a pipeline member and on a terminal (issue 19, item 9), as real
processes.

Before: ``storydiff stories --json | head -1`` printed "Error: Broken pipe" and exited 1;
``storydiff compare`` showed nothing on the terminal while its compare stage ran (13 s for
five articles on our 2-core machine).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

STORYDIFF = [sys.executable, "-c", "from storydiff.cli import main; main()"]


def _env() -> dict[str, str]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_a_closed_pipe_ends_quietly(tmp_path, example_dir):
    db = tmp_path / "s.db"
    subprocess.run([*STORYDIFF, "ingest", str(example_dir), "--db", str(db), "-q", "--no-analyze"],
                   check=True, env=_env())
    # The reader is gone before the first line is written, as `| head -1` is after its line.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run([*STORYDIFF, "stories", "--db", str(db)], stdout=write_end,
                                 stderr=subprocess.PIPE, env=_env(), timeout=120)
    finally:
        os.close(write_end)
    assert process.stderr.decode() == ""
    assert process.returncode == 141  # 128 + SIGPIPE, as git and coreutils end


@pytest.mark.slow
def test_compare_shows_progress_on_a_terminal(tmp_path, example_dir):
    import pty

    import fcntl
    import struct
    import termios

    primary, secondary = pty.openpty()
    # A terminal of 24 x 100, as a user's: a new pty is 0 columns wide and tqdm fits its
    # line to that.
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    out = tmp_path / "report.md"
    process = subprocess.Popen([*STORYDIFF, "compare", str(example_dir), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=secondary, env=_env())
    os.close(secondary)
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    assert process.wait(timeout=300) == 0
    reader.join(10)
    os.close(primary)
    text = seen.decode("utf-8", "replace")
    assert "analysing" in text
    assert "comparing 2 articles: " in text
    assert out.read_text(encoding="utf-8").startswith("# ")
