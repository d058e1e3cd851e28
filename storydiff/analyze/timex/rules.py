"""All time-expression rules, registered in order (see ``.registry``).

Importing this module imports every family module; each registers its rules into
``RULES`` as it is imported, so the order below is the order rules are tried (it only
matters for ties between equally long matches of equal priority).
"""

from __future__ import annotations

# Imported to register their rules, in this order (dates before relative expressions
# before durations and sets before holidays, the order the rules were written in).
from storydiff.analyze.timex import dates  # noqa: F401, I001
from storydiff.analyze.timex import relative  # noqa: F401
from storydiff.analyze.timex import durations  # noqa: F401
from storydiff.analyze.timex import holidays  # noqa: F401
from storydiff.analyze.timex.registry import RULES, Context, Rule, rule

__all__ = ["RULES", "Context", "Rule", "rule"]
