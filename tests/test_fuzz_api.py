"""Generated requests to every route of the app's ``/openapi.json`` (issue 19): no 500, and
every answer in its documented shape; with and without the token.

Hypothesis draws, for each operation of the OpenAPI document (and the HTML twin of each
``.json`` page), path parameters (real ids and hostile strings), headers (``Host``,
``Origin``, ``Sec-Fetch-Site``, ``Accept``, ``Content-Type``, ``Authorization``) and bodies
(JSON of any shape and depth, lone surrogates, forms with files), and sends them to a real
uvicorn server on 127.0.0.1. Schemathesis does this from the same document; it is not
used because its dependencies would double the test extra for what these few routes need.

Comparisons that read their inputs get as far as the compare pool, which is held at
``max_pending=0``: they answer 503 busy instead of running the NLP pipeline for each
example (tests/test_web_compare.py runs it). Bounded and derandomized: seconds, the same
requests on every machine; ``STORYDIFF_FUZZ_EXAMPLES`` runs it longer (docs/security.md).
"""

from __future__ import annotations

import json
import os
import urllib.parse

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from storydiff.web import create_app
from storydiff.web.jobs import CompareRunner
from web_support import example_report, running

EXAMPLES = int(os.environ.get("STORYDIFF_FUZZ_EXAMPLES", "0")) or 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TOKEN = "fuzz-token-1"

HOSTILE = st.lists(st.sampled_from(list("`[]()|<>&;#*_~\\!-+=.:/%?\"' \n\t\x00") +
                                   ["a1", "s1", "c-", "..", "%2e%2e", "\ud800", "é", "script", "0" * 70]),
                   max_size=12).map("".join)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), HOSTILE),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(HOSTILE, inner, max_size=3)),
    max_leaves=10,
)
ARTICLE = st.fixed_dictionaries({}, optional={key: st.one_of(HOSTILE, JSON_VALUE) for key in
                                              ("text", "url", "outlet", "title", "published")})


def _json_body(draw) -> bytes:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        value = {"articles": draw(st.lists(ARTICLE, max_size=7))}
    elif kind == 1:
        value = draw(JSON_VALUE)
    elif kind == 2:
        depth = draw(st.sampled_from([5, 2000, 100_000]))
        return ('{"articles": ' + "[" * depth + "]" * depth + "}").encode()
    elif kind == 3:
        return draw(st.binary(max_size=200))
    else:
        return '{"articles": [{"text": "a \\ud800 b"}, {"text": "\\udfff", "outlet": "\\ud800"}]}'.encode()
    return json.dumps(value).encode("utf-8", "surrogatepass")


@st.composite
def requests(draw, operations: list[tuple[str, str]], ids: dict[str, list[str]], token: str | None) -> dict:
    method, template = draw(st.sampled_from(operations))
    path = template
    for name in ("story_id", "report_id", "article_id"):
        if "{" + name + "}" in path:
            value = draw(st.one_of(st.sampled_from(ids[name]), HOSTILE))
            path = path.replace("{" + name + "}", urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe=""))
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers["Accept"] = draw(st.sampled_from(["application/json", "text/html", "*/*", "application/json;q=abc",
                                                  "text/html;q=0.1, application/json", ""]))
    if token is not None and draw(st.integers(0, 3)):
        headers["Authorization"] = draw(st.sampled_from([f"Bearer {token}", "Bearer wrong", "Basic x", "Bearer"]))
    if draw(st.integers(0, 4)) == 0:
        headers["Host"] = draw(st.sampled_from(["attacker.example", "localhost", "127.0.0.1:1", "[::1]", "", "a:b:c"]))
    if method == "POST":
        if draw(st.booleans()):
            headers["Origin"] = draw(st.sampled_from(["null", "http://evil.example", ""]))
        if draw(st.booleans()):
            headers["Sec-Fetch-Site"] = draw(st.sampled_from(["cross-site", "same-site", "same-origin", "none", "x"]))
    request: dict = {"method": method, "path": path, "headers": headers}
    if method == "POST":
        if draw(st.booleans()):
            headers["Content-Type"] = draw(st.sampled_from(["application/json", "application/json; charset=latin-1"]))
            request["content"] = _json_body(draw)
        else:
            fields = draw(st.dictionaries(st.sampled_from(["text_1", "text_2", "outlet_1", "title_1", "published_1",
                                                           "published", "urls", "text_9", "junk"]),
                                          HOSTILE.map(lambda v: v.encode("utf-8", "replace").decode()), max_size=6))
            files = [("files", (draw(HOSTILE.map(lambda v: v.encode("utf-8", "replace").decode())) or "x.txt",
                                draw(st.binary(max_size=300)), "application/octet-stream"))
                     for _ in range(draw(st.integers(0, 3)))]
            request["data"] = fields
            if files:
                request["files"] = files
    return request


def check_answer(response: httpx.Response, request: dict) -> None:
    where = f"{request['method']} {request['path']} -> {response.status_code}"
    assert response.status_code != 500, where + ": " + response.text[:300]
    assert response.status_code < 500 or response.status_code == 503, where
    media = response.headers.get("content-type", "")
    if response.status_code >= 400:
        if media.startswith("application/json"):
            body = response.json()
            assert set(body) == {"ok", "error", "status"}, where
            assert body["ok"] is False and body["status"] == response.status_code, where
            assert isinstance(body["error"], str) and body["error"] and "\n" not in body["error"], where
        else:
            assert media.startswith("text/html"), where
        if response.status_code == 503:
            assert response.headers.get("retry-after") == "5", where
    elif media.startswith("application/json"):
        body = response.json()
        assert isinstance(body, dict), where
        assert body.get("ok") is True or "schema" in body, where
    if request["method"] == "GET" and response.status_code < 400:
        assert "content-security-policy" in response.headers


@pytest.fixture(scope="module", params=["no token", "token"])
def server(request, example_dir):
    token = TOKEN if request.param == "token" else None
    runner = CompareRunner(workers=1, max_pending=0)
    app = create_app(None, token=token, runner=runner)
    report_id = app.state.catalog.save_report(example_report(example_dir))
    with running(app) as base:
        spec = httpx.get(base + "/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        yield base, token, spec, report_id
    runner.close()


def operations_of(spec: dict) -> list[tuple[str, str]]:
    found = []
    for path, methods in spec["paths"].items():
        for method in methods:
            found.append((method.upper(), path))
            if path.endswith(".json") and path != "/index.json":
                found.append((method.upper(), path[: -len(".json")]))  # the HTML twin
    return sorted(set(found))


def test_the_document_lists_every_page(server):
    _, _, spec, _ = server
    paths = set(spec["paths"])
    assert {"/index.json", "/stories/{story_id}.json", "/reports/{report_id}.json", "/compare.json",
            "/health", "/docs.json"} <= paths


def test_generated_requests_never_get_500(server):
    base, token, spec, report_id = server
    ids = {"story_id": ["s1"], "report_id": [report_id, "c-000000000000"], "article_id": ["a1", "a2", "a9"]}
    seen: dict[int, int] = {}

    with httpx.Client(base_url=base, timeout=60) as http:
        @FUZZ
        @given(requests(operations_of(spec), ids, token))
        def send(request):
            options = {key: request[key] for key in ("content", "data", "files") if key in request}
            response = http.request(request["method"], request["path"], headers=request["headers"], **options)
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            check_answer(response, request)

        send()
    # The generated requests reached the pages, not only the guards.
    assert seen.get(200, 0) > 0 and sum(n for status, n in seen.items() if status in (400, 404, 422)) > 0, seen
    if token:
        assert seen.get(401, 0) > 0, seen
