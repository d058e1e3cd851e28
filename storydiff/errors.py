"""Every exception storydiff raises, in one place.

::

    StorydiffError
     ├── InputError                 one input cannot be read as an article
     │    ├── MissingInput          no such file or directory
     │    ├── EmptyInput
     │    ├── BinaryInput
     │    ├── InputTooLarge
     │    ├── EncodingError
     │    ├── NoArticleFound
     │    ├── UnsafeXML
     │    ├── UnsupportedFormat
     │    └── FetchError            a URL could not be fetched
     │         └── BlockedAddress   private, loopback or link-local address refused
     ├── StoreError                 the SQLite file cannot be used
     │    └── NotFound              no story or article with that id
     ├── PipelineError              stages are mis-ordered or a model is missing
     ├── ClusterError               the Dask scheduler cannot be reached
     ├── Busy                       too many comparisons are waiting (web app); retry
     └── EvalError                  an evaluation cannot run
          ├── DataMissing           the corpus folder is absent or incomplete
          └── BelowFloor            a metric fell below its floor in the quality gate

Messages are one line for a person: they name the file, URL or stage and say what to do
next. The CLI prints ``str(error)`` and exits non-zero; it never shows a traceback.
"""

from __future__ import annotations


class StorydiffError(Exception):
    """Base class of every storydiff error."""

    code = "error"


class InputError(StorydiffError):
    """One input cannot be read as an article."""

    code = "input"

    def __init__(self, source: str, message: str):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class MissingInput(InputError):
    """The input names a file or directory that does not exist."""

    code = "missing"


class EmptyInput(InputError):
    """The input holds no text."""

    code = "empty"


class BinaryInput(InputError):
    """The input is binary (PDF, image, archive...), not text, HTML or a feed."""

    code = "binary"


class InputTooLarge(InputError):
    """The input is larger than the configured limit."""

    code = "too_large"


class EncodingError(InputError):
    """The input's bytes cannot be decoded in any common encoding."""

    code = "encoding"


class NoArticleFound(InputError):
    """An HTML page or feed holds no article text."""

    code = "no_article"


class UnsafeXML(InputError):
    """An XML or feed input uses entity expansion or external entities."""

    code = "unsafe_xml"


class UnsupportedFormat(InputError):
    """The input's format is not one storydiff reads."""

    code = "unsupported"


class FetchError(InputError):
    """A URL could not be fetched."""

    code = "fetch"


class BlockedAddress(FetchError):
    """A URL resolves to a private, loopback or link-local address."""

    code = "blocked_address"


class StoreError(StorydiffError):
    """The SQLite store cannot be opened or written."""

    code = "store"


class NotFound(StoreError):
    """No story or article with that id."""

    code = "not_found"


class PipelineError(StorydiffError):
    """The analysis pipeline is mis-ordered or a model package is missing."""

    code = "pipeline"


class ClusterError(StorydiffError):
    """The Dask scheduler cannot be reached or a worker failed."""

    code = "cluster"


class Busy(StorydiffError):
    """Too many comparisons are running or waiting; the client should retry shortly."""

    code = "busy"


class EvalError(StorydiffError):
    """An evaluation cannot run."""

    code = "eval"


class DataMissing(EvalError):
    """The corpus folder is absent or incomplete."""

    code = "data_missing"


class BelowFloor(EvalError):
    """A metric fell below its floor in the quality gate."""

    code = "below_floor"
