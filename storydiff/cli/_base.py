"""The ``storydiff`` command group: parses strings, calls one library function, prints, sets the exit code.

Every command is thin (STYLE.md section 2): the work is in the library. Errors from the
library (``storydiff.errors``) become one line on stderr and a non-zero exit code; no
traceback reaches the user.
"""

from __future__ import annotations

import os
import sys

import click

from storydiff.errors import StorydiffError


class _Group(click.Group):
    """Turns library errors into one clean line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StorydiffError as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:
            # The reader went away (`storydiff stories --json | head -1`): stop quietly with
            # the status of a process ended by SIGPIPE, as git and coreutils do. Standard
            # output is pointed at /dev/null so Python's flush at exit cannot fail again.
            _silence_stdout()
            ctx.exit(141)
        except KeyboardInterrupt:
            click.echo("Interrupted; what was already stored is kept.", err=True)
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as error:
            name = getattr(error, "filename", None) or ""
            raise click.ClickException(f"{name}: {error.strerror or error}".lstrip(": ")) from None
        except Exception as error:  # noqa: BLE001 - the user gets one line, not a traceback
            raise click.ClickException(
                f"internal error: {type(error).__name__}: {error}. "
                "Please report it with the command you ran (set STORYDIFF_DEBUG=1 for details)."
            ) from None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test runner's buffer): nothing to flush
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storydiff")
def cli() -> None:
    """Compare how several outlets reported one event, fact by fact.

    \b
    Example:
        storydiff compare examples/alaska-summit-2025 --format md
    """


def main() -> None:
    """Entry point of the ``storydiff`` script."""
    if os.environ.get("STORYDIFF_DEBUG"):
        # Developers asked for tracebacks: let them through.
        _Group.invoke = click.Group.invoke  # type: ignore[method-assign]
    cli(prog_name="storydiff")


