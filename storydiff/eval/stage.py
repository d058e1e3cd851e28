"""Finding the stage an evaluation measures, or saying clearly that it is not built yet."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from storydiff.errors import StageNotBuilt


def require(module: str, attr: str, task: str) -> Callable[..., Any]:
    """Import ``module.attr`` for evaluation ``task``.

    A module that does not exist, or lacks ``attr``, means the stage is not built yet; a
    module that exists but fails to import for another reason (a missing dependency, a
    syntax error) is a real failure and propagates.

    Args:
        module: dotted module name, e.g. ``"storydiff.ingest.html"``.
        attr: the function the evaluation calls, e.g. ``"extract_html"``.
        task: the evaluation's name, for the message.

    Returns:
        The function.

    Raises:
        StageNotBuilt: the module or the function does not exist.
    """
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing and (module == missing or module.startswith(missing + ".")):
            raise StageNotBuilt(
                f"eval {task}: stage not built yet ({module} does not exist)"
            ) from None
        raise
    function = getattr(found, attr, None)
    if function is None:
        raise StageNotBuilt(f"eval {task}: stage not built yet ({module}.{attr} does not exist)")
    return function
