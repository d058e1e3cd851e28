"""Limits and defaults, each with the reason for its number.

These are module constants so a library caller can override them for a run
(``storydiff.settings.MAX_INPUT_BYTES = ...``); functions read them at call time.
"""

from __future__ import annotations

#: Largest input read as one article, in bytes. The longest page of the 181 real
#: pages of the article-extraction benchmark (../shared/data/aeb) is under 2 MB of HTML
#: and a very long news article is ~100 kB of text; 20 MB leaves ten times headroom for
#: heavy HTML while refusing dumps and logs that would take minutes to analyse.
MAX_INPUT_BYTES = 20 * 1024 * 1024

#: Longest article text, in characters after clean-up. spaCy refuses longer texts
#: (``Language.max_length``, error E088: the parser and entity recogniser need about
#: 1 GB of memory per 100,000 characters), so a longer one could be stored but never
#: analysed; it is refused when read instead, with a one-line reason. A very long news
#: article is ~100,000 characters: 1,000,000 is ten of those.
MAX_ARTICLE_CHARS = 1_000_000

#: Largest feed or JSON Lines file: these hold many articles, so they get 5x the cap.
MAX_BATCH_FILE_BYTES = 5 * MAX_INPUT_BYTES

#: Fetch timeouts in seconds: connect is short (a host that does not answer in 10 s is
#: down), read is the gap allowed between bytes (slow news CDNs answer within seconds).
FETCH_CONNECT_TIMEOUT = 10.0
FETCH_READ_TIMEOUT = 30.0
#: Whole-download budget in seconds, so a server trickling bytes cannot hold a batch.
FETCH_TOTAL_TIMEOUT = 60.0

#: Redirects followed per URL. Browsers allow 20; news links rarely need more than 3
#: (http -> https -> www -> canonical); 5 leaves room and stops loops early.
FETCH_MAX_REDIRECTS = 5

#: Sent with every request, so publishers can see who fetches and why.
FETCH_USER_AGENT = "storydiff/0.1 (+https://github.com/storydiff/storydiff; news comparison)"

#: Content types a fetched page may have (HTML, feeds and plain text).
FETCH_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
)

#: Articles written to the store per transaction. One transaction per batch keeps a crash
#: cheap to resume (at most this many articles are redone) while amortising the fsync.
STORE_BATCH_SIZE = 50

#: How long a writer waits for another process's lock before failing, in milliseconds.
#: A batch of 50 articles commits in well under a second; 30 s covers a slow disk.
STORE_BUSY_TIMEOUT_MS = 30_000
