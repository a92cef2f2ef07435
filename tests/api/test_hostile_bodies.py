"""Hostile request bodies and headers: every one answered with a 4xx JSON error naming what
is wrong, nothing written, never a 500 (docs/reliability.md)."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from policykg.api.app import create_app
from policykg.api.bodies import SERVER_HEADER_FIELD_LIMIT
from policykg.api.errors import JsonErrorRequestHandler
from policykg.queries.embedded import EmbeddedStore
from policykg.settings import Settings

TOKEN = "hostile-7f3c-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVENT = {
    "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区",
    "subject": {"kind": "agency", "name": "区财政局"}, "domain": "政府采购",
    "behaviour": "项目资金支付环节违约", "severity": "严重",
    "persons": [{"name": "孙某", "role": "法定代表人"}, {"name": "周某", "role": "直接责任人"}],
}


@pytest.fixture(scope="module")
def home(seed_home_module_copy) -> Path:
    return seed_home_module_copy


@pytest.fixture(scope="module")
def app(home):
    settings = Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN})
    return create_app(settings, EmbeddedStore.open(home))


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def server(app):
    """The app behind a real HTTP server, for framing a test client cannot send (chunked bodies, huge headers)."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=JsonErrorRequestHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def gunicorn_port(home, free_port, get_json_when_up):
    """gunicorn serving the app factory, with limit_request_field_size at SERVER_HEADER_FIELD_LIMIT."""
    port = free_port()
    env = {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded", "POLICYKG_API_TOKEN": TOKEN}
    command = [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
               "--limit-request-field_size", str(SERVER_HEADER_FIELD_LIMIT), "policykg.api.app:create_app()"]
    log = (home.parent / "gunicorn.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        get_json_when_up(f"http://127.0.0.1:{port}/api/health", process=process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module", params=["werkzeug", "gunicorn"])
def any_server(request):
    """The port of `policykg serve`'s server or of gunicorn (configured as api/bodies.py says)."""
    return request.getfixturevalue("server" if request.param == "werkzeug" else "gunicorn_port")


def journal(home: Path) -> list[str]:
    folder = home / "events" / "journal"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def with_nesting(body: dict, depth: int) -> str:
    """`body` as JSON text, its "NEST" value replaced by objects `depth` deep ({"x": {"x": ...}}),
    written out directly: Python's own encoder would stop at its recursion limit."""
    return json.dumps(body, ensure_ascii=False).replace('"NEST"', '{"x": ' * depth + "{}" + "}" * depth)


def china_today() -> datetime:
    return datetime.now(timezone(timedelta(hours=8)))


# --- shape limits, before any conversion ---------------------------------------------------------


@pytest.mark.parametrize("depth", [12, 600, 1000])
@pytest.mark.parametrize("where", ["subject", "person"])
def test_deep_nesting_inside_an_event_is_a_400_naming_where(client, home, depth, where):
    if where == "subject":
        body, field = EVENT | {"id": f"deep-{depth}", "subject": {"kind": "agency", "name": "区财政局", "extra": "NEST"}}, "subject.extra"
    else:
        body, field = EVENT | {"id": f"deep-{depth}", "persons": [{"name": "孙某", "role": "法定代表人", "extra": "NEST"}]}, "persons[0].extra"
    before = journal(home)
    for path in ("/api/events", "/api/evaluate"):
        response = client.post(path, data=with_nesting(body, depth), content_type="application/json", headers=AUTH)
        assert response.status_code == 400, (path, response.get_json())
        error = response.get_json()["error"]
        assert error["code"] == "invalid-request" and "嵌套" in error["message"]
        # Deeper than the JSON decoder itself can go, the body as a whole is named.
        assert error["field"].startswith(field) or (depth >= 900 and error["field"] == "body")
    assert journal(home) == before


def test_deep_nesting_in_a_correction_is_a_400_naming_the_restated_event(client):
    assert client.post("/api/events", json=EVENT | {"id": "to-correct"}, headers=AUTH).status_code == 201
    body = {"to": "corrected", "reason": "更正", "actor": "甲", "event": EVENT | {"subject": "NEST"}}
    response = client.post("/api/events/to-correct/transitions", data=with_nesting(body, 600),
                           content_type="application/json", headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"]["field"].startswith("event.subject.x")


@pytest.mark.parametrize("to", [{}, ["objected"], 1, None])
def test_a_transition_to_something_that_is_not_a_status_is_a_400(client, to):
    """Found by the contract test: `to` as an object was a 500 (unhashable in the status lookup)."""
    assert client.post("/api/events", json=EVENT | {"id": f"to-{type(to).__name__}"}, headers=AUTH).status_code == 201
    response = client.post(f"/api/events/to-{type(to).__name__}/transitions", json={"to": to, "reason": "异议", "actor": "甲"},
                           headers=AUTH)
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "to"


@pytest.mark.parametrize("change, field", [
    ({"subject": {"kind": "agency", "name": "区财政局"} | {f"k{i}": i for i in range(100)}}, "subject"),
    ({"behaviour": "失" * 20_000}, "behaviour"),
    ({"tags": ["标签"] * 1000}, "tags"),
    ({"x" * 200: 1}, "x" * 200),
])
def test_too_many_keys_items_or_characters_are_a_400_naming_the_field(client, home, change, field):
    before = journal(home)
    for path in ("/api/events", "/api/evaluate"):
        response = client.post(path, json=EVENT | {"id": "too-big"} | change, headers=AUTH)
        assert response.status_code == 400, (path, response.get_json())
        assert response.get_json()["error"]["field"] == field
    assert journal(home) == before


def test_unknown_keys_inside_subject_and_persons_are_dropped_not_stored(client):
    body = EVENT | {"id": "extra-keys", "subject": {"kind": "agency", "name": "区财政局", "phone": "13800000000"},
                    "persons": [{"name": "孙某", "role": "法定代表人", "id_card": "210802199001011234"}]}
    answer = client.post("/api/events", json=body, headers=AUTH).get_json()
    stored = client.get("/api/events/extra-keys", headers=AUTH).get_json()
    for event in (answer["event"], stored["event"]):
        assert event["subject"] == {"kind": "agency", "name": "区财政局"}
        assert event["persons"] == [{"name": "孙某", "role": "法定代表人"}]


# --- dates and normalised answers --------------------------------------------------------------------


@pytest.mark.parametrize("occurred_on", ["9999-12-31", "tomorrow"])
def test_an_event_that_has_not_happened_yet_is_a_400_naming_occurred_on(client, home, occurred_on):
    if occurred_on == "tomorrow":
        occurred_on = (china_today() + timedelta(days=1)).date().isoformat()
    before = journal(home)
    for path in ("/api/events", "/api/evaluate"):
        response = client.post(path, json=EVENT | {"id": "future", "occurred_on": occurred_on}, headers=AUTH)
        assert response.status_code == 400, (path, response.get_json())
        assert response.get_json()["error"]["field"] == "occurred_on"
    assert journal(home) == before


def test_an_event_of_today_in_china_is_recorded_and_recognised_today(client):
    today = china_today().date().isoformat()
    answer = client.post("/api/events", json=EVENT | {"id": "today", "occurred_on": today}, headers=AUTH).get_json()
    assert answer["occurred_on"] == today and answer["recognised_on"] == today


def test_the_stored_event_is_the_normalised_event(client):
    body = EVENT | {"id": "normalised", "occurred_on": "２０２４－０６－０１", "severity": " 严重 ", "domain": "government-procurement",
                    "jurisdiction": "站前区", "persons": [{"name": " 孙某 ", "role": "legal-representative"}]}
    for answer in (client.post("/api/events", json=body, headers=AUTH).get_json(),
                   client.get("/api/events/normalised", headers=AUTH).get_json()):
        event = answer["event"]
        assert event["occurred_on"] == "2024-06-01"
        assert event["severity"] == "严重" and event["domain"] == "政府采购"
        assert event["jurisdiction"] == "营口市站前区"
        assert event["persons"] == [{"name": "孙某", "role": "法定代表人"}]


# --- bodies and headers on the wire ---------------------------------------------------------


def _send(port: int, method: str, path: str, headers: dict, chunks=None, body: bytes | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, path)
        for name, value in headers.items():
            connection.putheader(name, value)
        if chunks is not None:
            connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        if chunks is not None:
            for chunk in chunks:
                connection.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            connection.send(b"0\r\n\r\n")
        elif body is not None:
            connection.send(body)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def test_a_chunked_body_over_the_limit_is_413_not_cut_and_parsed(any_server, home):
    # Valid JSON at the first MiB: a body cut there would parse and be recorded.
    head = json.dumps(EVENT | {"id": "chunked-cut"}, ensure_ascii=False).encode()
    body = head + b" " * (1024 * 1024 - len(head)) + b"garbage after the limit" * 1000
    before = journal(home)
    chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)]
    status, content_type, payload = _send(any_server, "POST", "/api/events", {"Content-Type": "application/json", **AUTH}, chunks)
    assert status == 413 and content_type == "application/json"
    assert json.loads(payload)["error"]["code"] == "payload-too-large"
    assert journal(home) == before


def test_a_chunked_body_within_the_limit_is_read_whole(server):
    body = json.dumps(EVENT | {"id": "chunked-ok"}, ensure_ascii=False).encode()
    chunks = [body[i:i + 7] for i in range(0, len(body), 7)]
    status, _, payload = _send(server, "POST", "/api/events", {"Content-Type": "application/json", **AUTH}, chunks)
    assert status == 201, payload
    assert json.loads(payload)["id"] == "chunked-ok"


@pytest.mark.parametrize("size", [20_000, 100_000])
def test_an_oversized_header_is_answered_in_the_json_error_format(any_server, size):
    status, content_type, payload = _send(any_server, "GET", "/api/health", {"X-Padding": "a" * size})
    assert status == 431
    assert content_type.startswith("application/json")
    assert json.loads(payload)["error"]["code"] == "request-header-fields-too-large"
