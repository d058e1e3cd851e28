"""The compare page: paste texts, upload files or give URLs, get a report.

``POST /compare`` takes the page's form (``multipart/form-data``) and answers 303 to the
new report's page; ``POST /compare.json`` (or ``/compare`` with ``Accept:
application/json``) takes the same form or a JSON body and answers 201 with the report.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from storydiff.errors import InputError, InputTooLarge
from storydiff.ingest.jsondata import parse_json
from storydiff.ingest.sources import SIDECAR_SUFFIX
from storydiff.web.inputs import (
    Given,
    Limits,
    Refused,
    attach_sidecars,
    given_from_json,
    label_of_filename,
    read_all,
)
from storydiff.web.responses import json_response, page, wants_json
from storydiff.web.views import twin

router = APIRouter()

#: Form fields besides the paste slots' four each: files, urls and a little slack.
_EXTRA_FIELDS = 8


async def compare_page(request: Request) -> Response:
    """The compare form; its JSON twin gives the limits and the body formats."""
    limits: Limits = request.app.state.limits
    data = {"ok": True, "limits": limits.as_dict(),
            "post": {"form": "multipart/form-data: text_N, outlet_N, title_N, published_N, files, urls",
                     "json": '{"articles": [{"text": "...", "outlet": "..."}, {"url": "https://..."}]}'}}
    return page(request, "compare.html", {"limits": limits, "nav": "compare", "error": None}, data)


twin(router, "/compare", compare_page, summary="The compare form and its limits")


async def given_from_form(request: Request, limits: Limits) -> tuple[list[Given], list[Refused]]:
    """Inputs from the compare form: paste slots, uploaded files with their
    ``NAME.meta.json`` sidecars, URL lines, and a default publication date.

    Returns:
        The inputs, and the sidecars that could not be used.

    Raises:
        InputError: the form breaks a limit (too many files or fields, a field too large).
    """
    try:
        form = await request.form(
            # Each article file may come with its sidecar.
            max_files=limits.max_articles * 2,
            max_fields=limits.paste_slots * 4 + _EXTRA_FIELDS,
            max_part_size=limits.max_article_bytes,
        )
    except (MultiPartException, StarletteHTTPException) as error:
        # Starlette turns its parser's MultiPartException into a 400 HTTPException.
        detail = getattr(error, "message", None) or getattr(error, "detail", "") or "the form cannot be read"
        raise InputError("upload", f"{str(detail).rstrip('.')}; send at most {limits.max_articles} articles "
                         f"of {limits.max_article_mb:g} MB each") from None
    given: list[Given] = []
    slot = 1
    while f"text_{slot}" in form or f"outlet_{slot}" in form:
        text = str(form.get(f"text_{slot}") or "")
        if text.strip():
            given.append(Given(kind="text", name=f"pasted text {slot}", data=text,
                               outlet=str(form.get(f"outlet_{slot}") or ""),
                               title=str(form.get(f"title_{slot}") or ""),
                               published=str(form.get(f"published_{slot}") or "")))
        slot += 1
    files: list[Given] = []
    sidecars: list[tuple[str, bytes]] = []
    for index, upload in enumerate(form.getlist("files"), start=1):
        if not isinstance(upload, UploadFile) or (not upload.filename and not upload.size):
            continue  # the browser sends an empty part when no file was chosen
        data = await upload.read(limits.max_article_bytes + 1)
        name = label_of_filename(upload.filename, index)
        if len(data) > limits.max_article_bytes:
            raise InputTooLarge(name, f"is over this server's {limits.max_article_mb:g} MB limit for one article; "
                                "upload only the article's page or text")
        if name.endswith(SIDECAR_SUFFIX):
            sidecars.append((name, data))
        else:
            files.append(Given(kind="file", name=name, data=data))
    refused = attach_sidecars(files, sidecars)
    given.extend(files)
    for line in str(form.get("urls") or "").splitlines():
        if line.strip():
            given.append(Given(kind="url", name=line.strip()))
    # One date for every input that carries none, as `storydiff compare --published`.
    default = str(form.get("published") or "").strip()
    for item in given:
        if default and not item.published and "published" not in item.meta:
            item.published = default
    return given, refused


async def run_compare(request: Request) -> Response:
    """Read the inputs, compare them in the pool, keep the report; 303 to its page or 201 JSON."""
    limits: Limits = request.app.state.limits
    as_json = wants_json(request) or request.url.path.endswith(".json")
    try:
        if request.headers.get("content-type", "").startswith("application/json"):
            raw = await request.body()
            try:
                # Lone surrogates cleaned, deep nesting refused (storydiff.ingest.jsondata).
                body: Any = parse_json(raw)
            except (ValueError, UnicodeDecodeError) as error:
                detail = str(error).split(":", 1)[0] if isinstance(error, UnicodeDecodeError) else str(error)
                raise InputError("request", f"the body is not valid JSON ({detail[:120]}); "
                                 'send {"articles": [{"text": "..."}, {"text": "..."}]}') from None
            given, refused = given_from_json(body), []
        else:
            given, refused = await given_from_form(request, limits)
        # Decoding, HTML extraction and URL fetching take up to seconds for a large page:
        # in a worker thread, so the event loop goes on serving other requests meanwhile.
        read = await anyio.to_thread.run_sync(read_all, given, limits)
        read.refused[:0] = refused
    except InputError as error:
        if as_json:
            raise
        status = 413 if isinstance(error, InputTooLarge) else 400
        return page(request, "compare.html", {"limits": limits, "nav": "compare", "error": str(error)},
                    {"ok": False, "error": str(error), "status": status}, status=status)
    report = await request.app.state.runner.run(read.articles)
    report.refused = list(read.refused)
    report_id = await anyio.to_thread.run_sync(request.app.state.catalog.save_report, report)
    url = f"/reports/{report_id}"
    if as_json:
        data = await anyio.to_thread.run_sync(request.app.state.catalog.report, report_id)
        return json_response({"ok": True, "id": report_id, "url": url, "report": data}, 201,
                             headers={"Location": url})
    return RedirectResponse(url, status_code=303)


router.add_api_route(
    "/compare.json", run_compare, methods=["POST"], status_code=201,
    summary="Compare 2–5 articles",
    description='JSON body {"articles": [{"text"|"url", "outlet", "title", "published"}]} or the compare '
    'form (multipart/form-data). Answers 201 {"ok": true, "id", "url", "report"}; the report is at url.',
    openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": {"type": "object", "properties": {"articles": {"type": "array", "items": {
            "type": "object", "properties": {k: {"type": "string"} for k in ("text", "url", "outlet", "title", "published")}}}}}},
        "multipart/form-data": {"schema": {"type": "object"}}}, "required": True}},
)
router.add_api_route("/compare", run_compare, methods=["POST"], include_in_schema=False)
