"""What a hostile tester broke in the web app (issue 19), each against a real uvicorn
server on 127.0.0.1: DNS rebinding, a cross-site POST without ``Origin``, hostile JSON
bodies, HEAD requests. Each test failed before its fix.
"""

from __future__ import annotations

import json

import httpx
import pytest

from storydiff.web import create_app
from web_support import example_report, running


@pytest.fixture(scope="module")
def served(example_dir):
    """A token-less server (as ``storydiff serve`` on loopback) holding one comparison."""
    app = create_app(None)
    report_id = app.state.catalog.save_report(example_report(example_dir))
    with running(app) as base:
        yield base, report_id


@pytest.fixture()
def client(served):
    with httpx.Client(base_url=served[0], timeout=30) as http:
        yield http


def _port(client: httpx.Client) -> int:
    return client.base_url.port


def test_a_rebound_name_is_refused_without_a_token(client, served):
    """DNS rebinding: a page on attacker.example, its name re-pointed at 127.0.0.1, sent
    ``Host`` and ``Origin`` of its own name and got 201 from /compare.json, and 200 on
    every page (so it could read the stories)."""
    rebound = f"attacker.example:{_port(client)}"
    post = client.post("/compare.json", json={"articles": [{"text": "a"}, {"text": "b"}]},
                       headers={"Host": rebound, "Origin": f"http://{rebound}"})
    assert post.status_code == 400
    body = post.json()
    assert body["ok"] is False and "answers only to localhost" in body["error"]
    read = client.get(f"/reports/{served[1]}.json", headers={"Host": rebound})
    assert read.status_code == 400 and "attacker.example" in read.json()["error"]
    page = client.get("/", headers={"Host": rebound})
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "localhost", "[::1]:{port}", "127.0.0.1"])
def test_loopback_names_are_served(client, host):
    response = client.get("/index.json", headers={"Host": host.format(port=_port(client))})
    assert response.status_code == 200, response.text


def test_a_token_server_serves_any_name(example_dir):
    """With a token the rebinding page has nothing to send: other names are the owner's."""
    app = create_app(None, token="s3cret")
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        port = http.base_url.port
        answer = http.get("/index.json", headers={"Host": f"news.example:{port}", "Authorization": "Bearer s3cret"})
        assert answer.status_code == 200


def test_cross_site_post_without_origin_is_403_not_500(client):
    """``Sec-Fetch-Site: cross-site`` with no ``Origin`` made the guard slice None: 500."""
    response = client.post("/compare.json", json={"articles": []}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    body = response.json()
    assert body == {"ok": False, "status": 403, "error": body["error"]}
    assert "another site" in body["error"]


def test_origin_of_another_port_is_refused(client):
    port = _port(client)
    response = client.post("/compare.json", json={"articles": []},
                           headers={"Origin": f"http://127.0.0.1:{port + 1}"})
    assert response.status_code == 403
