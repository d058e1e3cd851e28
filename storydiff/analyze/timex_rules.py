"""All time-expression rules, registered in order (see ``timex_registry``).

Importing this module imports every family module; each registers its rules into
``RULES`` as it is imported, so the order below is the order rules are tried (it only
matters for ties between equally long matches of equal priority).
"""

from __future__ import annotations

# Imported to register their rules, in this order (dates before relative expressions
# before durations and sets before holidays, the order the rules were written in).
from storydiff.analyze import timex_dates  # noqa: F401, I001
from storydiff.analyze import timex_relative  # noqa: F401
from storydiff.analyze import timex_durations  # noqa: F401
from storydiff.analyze import timex_holidays  # noqa: F401
from storydiff.analyze.timex_registry import RULES, Context, Rule, rule

__all__ = ["RULES", "Context", "Rule", "rule"]
