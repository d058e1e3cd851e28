"""`storydiff serve`: the web app on uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

import click

from storydiff.cli._base import cli
from storydiff.web.hosts import is_loopback

WEB_EXTRA_HINT = "pip install 'storydiff[web]'"
#: Seconds an idle HTTP connection stays open (see the uvicorn.run call).
KEEP_ALIVE_S = 30


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token.

    Anyone who can reach such an address could read the database and make the server
    fetch URLs and run comparisons, so a token is required there; on loopback only this
    machine's users can connect, and auth is off unless ``--token`` is given.

    Raises:
        click.UsageError: ``host`` is not loopback and no token is set.
    """
    if not token and not is_loopback(host):
        raise click.UsageError(
            f"refusing to serve on {host} without a token: anyone who can reach it could read the "
            "database and run comparisons; give --token T (or set STORYDIFF_TOKEN), or use --host 127.0.0.1"
        )


@cli.command("serve")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite file of `storydiff ingest`; its stories are listed and comparisons made "
                   "here are kept in it. Without it the server only compares, keeping comparisons in memory.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any address but loopback needs --token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--token", envvar="STORYDIFF_TOKEN", default=None, metavar="T",
              help="Require this bearer token on every request (also read from STORYDIFF_TOKEN, "
                   "which keeps it out of the process list).")
@click.option("--workers", type=click.IntRange(1, 8), default=1, show_default=True,
              help="Comparisons run at once (threads, or processes with --compare-in process).")
@click.option("--compare-in", "compare_in", type=click.Choice(["thread", "process"]), default="thread",
              show_default=True,
              help="Run comparisons in threads of the server sharing one loaded pipeline, or in "
                   "worker processes (each loads its own models, ~1 GB; keeps the analysis off the "
                   "server's GIL on machines with cores to spare).")
def serve_cli(db: Path | None, host: str, port: int, token: str | None, workers: int, compare_in: str) -> None:
    """Serve stories, reports and comparisons in the browser, with a JSON API.

    Pages: / (stories), /stories/ID, /reports/ID, .../articles/ID, /compare, /docs.
    Every page has a JSON twin (add .json); the API is described at /openapi.json.

    \b
    Example:
        storydiff serve --db storydiff.db --port 8000
    """
    try:
        import uvicorn

        from storydiff.web import create_app
    except ImportError:
        click.echo(WEB_EXTRA_HINT, err=True)
        raise SystemExit(1) from None
    check_exposure(host, token)
    if db is not None and not db.is_file():
        raise click.BadParameter(f"{db} does not exist; create it with `storydiff ingest ... --db {db}`",
                                 param_hint="--db")
    app = create_app(db, token=token or None, workers=workers, processes=compare_in == "process")
    where = f"http://{host}:{port}/"
    click.echo(f"storydiff: serving on {where}{' (token required)' if token else ''}; Ctrl+C stops", err=True)
    # Keep-alive 30 s, not uvicorn's 5: with a comparison holding the GIL in a thread the
    # event loop can stall for seconds, and a connection whose keep-alive timer fires as
    # its next request arrives is closed under the client (bench/web_load.py --stories,
    # 50 readers: 3 ReadErrors in 2,889 reads in one run of two at 5 s).
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("STORYDIFF_LOG", "warning"),
                timeout_keep_alive=KEEP_ALIVE_S)
