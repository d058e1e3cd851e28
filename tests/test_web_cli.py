"""`storydiff serve`: the command's checks, and the real command serving on loopback."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from storydiff.cli import cli
from storydiff.cli.serve import is_loopback
from web_support import free_port


@pytest.mark.parametrize("host,loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.8.0.1", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("example.org", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_non_loopback_host_needs_a_token():
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env={"STORYDIFF_TOKEN": ""})
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0 without a token" in result.output
    assert "Traceback" not in result.output


def test_missing_db_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "none.db does not exist; create it with `storydiff ingest" in result.output


def test_missing_web_extra_says_what_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_uvicorn(name, *args, **kwargs):
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert result.output.strip() == "pip install 'storydiff[web]'"


def test_serve_answers_on_loopback_with_a_token():
    port = free_port()
    exe = Path(sys.executable).with_name("storydiff")
    env = {**os.environ, "STORYDIFF_TOKEN": "t0ken"}
    server = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "storydiff serve did not start"
                time.sleep(0.2)
        assert health.json() == {"ok": True}
        assert httpx.get(f"http://127.0.0.1:{port}/index.json").status_code == 401
        page = httpx.get(f"http://127.0.0.1:{port}/index.json", headers={"Authorization": "Bearer t0ken"})
        assert page.status_code == 200 and page.json()["stories"] == []
    finally:
        server.terminate()
        server.wait(timeout=10)
