"""What reading inputs gives back: the articles, and the inputs that failed with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from storydiff.errors import InputError
from storydiff.model import Article


@dataclass(slots=True)
class Failure:
    """One input that could not be read. ``message`` names the input and says what to do."""

    source: str
    code: str
    message: str

    @classmethod
    def from_error(cls, error: InputError) -> "Failure":
        """The failure an input error stands for."""
        return cls(error.source, error.code, str(error))


@dataclass(slots=True)
class Batch:
    """The articles read from some inputs, and the inputs that failed."""

    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    #: Files a directory walk did not read (an extension storydiff does not read); not
    #: failures: the batch still succeeds, but the user is told which and what to do.
    skipped: list[Failure] = field(default_factory=list)

    def extend(self, other: "Batch") -> None:
        """Add another batch's articles, failures and skipped files to this one."""
        self.articles.extend(other.articles)
        self.failures.extend(other.failures)
        self.skipped.extend(other.skipped)
