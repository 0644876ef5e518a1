"""What the lessons say gunicorn does, checked against the installed (pinned) gunicorn.

One sync server and one gthread server for the whole module, each about a second to start.
pyproject.toml pins the gunicorn release these claims describe; where older releases behave
differently the lessons say so, citing gunicorn's changelog (not run here).
"""

import time
from http import HTTPStatus

import pytest
from django.http import HttpResponse

from .claims_servers import exchange, get, gunicorn

TIMEOUT = 2  # the sync server's --timeout, in seconds: short, yet no idle worker misses it


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("sync"), "--timeout", str(TIMEOUT)) as port:
        yield port


@pytest.fixture(scope="module")
def gthread_server(tmp_path_factory):
    options = ("--worker-class", "gthread", "--threads", "2", "--timeout", "2")
    with gunicorn(tmp_path_factory.mktemp("gthread"), *options) as port:
        yield port


# lessons/server-errors.md, "Slow views and dead workers"; codes/502.md, 504.md, 408.md


def test_a_sync_worker_past_its_timeout_answers_500_itself(sync_server):
    started = time.monotonic()
    reply = exchange(sync_server, get("/sleep/100/"))  # a view that would take 10 s
    assert reply.status == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Internal Server Error" in reply.body
    assert time.monotonic() - started < 8


def test_a_sync_worker_waiting_for_a_stalled_upload_answers_500(sync_server):
    request = get("/read-body/", "Content-Length: 1000", method="POST", body=b"only ten b")
    reply = exchange(sync_server, request)
    assert reply.status == HTTPStatus.INTERNAL_SERVER_ERROR


def test_a_gthread_worker_lets_a_view_run_past_its_timeout(gthread_server):
    reply = exchange(gthread_server, get("/sleep/35/"))  # 3.5 s against --timeout 2
    assert reply.status == HTTPStatus.OK
    assert reply.content == b"woke up"


# lessons/codes/414.md (gunicorn 27; 23-26 answered 400)


def test_a_request_line_over_limit_request_line_gets_414(sync_server):
    reply = exchange(sync_server, get("/plain/?q=" + "a" * 4100))
    assert reply.status == HTTPStatus.REQUEST_URI_TOO_LONG
    assert exchange(sync_server, get("/plain/?q=" + "a" * 4000)).status == HTTPStatus.OK


# lessons/codes/417.md (gunicorn 25 and later)


def test_an_unknown_expectation_gets_417_before_django(sync_server):
    reply = exchange(sync_server, get("/plain/", "Expect: something-else"))
    assert reply.status == HTTPStatus.EXPECTATION_FAILED


# lessons/codes/100.md and informational.md


def test_gunicorn_sends_100_continue_before_the_body(sync_server):
    request = get("/read-body/", "Expect: 100-continue", "Content-Length: 5", method="POST")
    reply = exchange(sync_server, request, then=b"hello")
    assert reply.statuses == [HTTPStatus.CONTINUE, HTTPStatus.OK]
    assert reply.content == b"read 5 bytes"


# lessons/codes/103.md and informational.md (gunicorn 25 and later)


def test_wsgi_early_hints_sends_a_103_before_the_response(sync_server):
    reply = exchange(sync_server, get("/early-hints/"))
    assert reply.statuses == [HTTPStatus.EARLY_HINTS, HTTPStatus.OK]
    assert b"Link: </static/site.css>; rel=preload; as=style" in reply.raw
    assert reply.content == b"hints sent"


# lessons/success.md, the 204 pitfall (gunicorn 26.2 and later)


def test_gunicorn_drops_the_body_of_a_204(sync_server):
    reply = exchange(sync_server, get("/no-content/"))
    assert reply.status == HTTPStatus.NO_CONTENT
    assert reply.body == b""
    assert b"Deleted!" not in reply.raw


# lessons/guides/headers.yaml, Transfer-Encoding


def test_a_streaming_response_is_sent_chunked(sync_server):
    reply = exchange(sync_server, get("/stream/"))
    assert reply.header("Transfer-Encoding") == "chunked"
    assert reply.header("Content-Length") is None
    assert reply.content == b"first second"


# lessons/redirection.md, 304 Not Modified: Date comes from the server, not from Django


def test_the_server_adds_date_django_does_not(sync_server):
    assert not HttpResponse("plain").has_header("Date")
    assert exchange(sync_server, get("/plain/")).header("Date")


# lessons/codes/505.md


def test_a_request_line_with_http_2_gets_400_invalid_http_version(sync_server):
    reply = exchange(sync_server, b"GET /plain/ HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n")
    assert reply.status == HTTPStatus.BAD_REQUEST
    assert b"Invalid HTTP Version" in reply.body


# lessons/codes/411.md


def test_a_chunked_upload_reaches_django_as_an_empty_body(sync_server):
    request = get(
        "/read-body/", "Transfer-Encoding: chunked", method="POST", body=b"5\r\nhello\r\n0\r\n\r\n"
    )
    reply = exchange(sync_server, request)
    assert reply.status == HTTPStatus.OK
    assert reply.content == b"read 0 bytes"


# lessons/codes/426.md


def test_hop_by_hop_upgrade_headers_are_dropped_unless_websocket(sync_server):
    dropped = exchange(sync_server, get("/upgrade/h2c/"))
    assert dropped.status == HTTPStatus.UPGRADE_REQUIRED
    assert dropped.header("Upgrade") is None
    kept = exchange(sync_server, get("/upgrade/websocket/"))
    assert kept.header("Upgrade") == "websocket"


# lessons/informational.md, "Who sends 100 Continue"


def test_too_many_header_fields_get_431_and_no_100(sync_server):
    fields = [f"X-Field-{number}: {number}" for number in range(120)]
    request = get(
        "/read-body/", "Expect: 100-continue", "Content-Length: 5", *fields, method="POST"
    )
    reply = exchange(sync_server, request)
    assert reply.statuses == [HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE]
