"""What the lessons say Django's development server does, checked by running it.

The server is the one `manage.py runserver` starts (django.core.servers.basehttp.run, built on
Python's wsgiref), serving the same minimal project as the gunicorn claims.
"""

from http import HTTPStatus

import pytest

from .claims_servers import exchange, get, runserver


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with runserver(tmp_path_factory.mktemp("runserver")) as port:
        yield port


# lessons/guides/headers.yaml, Transfer-Encoding


def test_a_streaming_response_is_not_chunked_and_the_connection_closes(server):
    reply = exchange(server, get("/stream/"))
    assert reply.status == HTTPStatus.OK
    assert reply.header("Transfer-Encoding") is None
    assert reply.header("Connection") == "close"
    assert reply.body == b"first second"


# lessons/success.md, the 204 pitfall


def test_the_body_of_a_204_is_sent_with_its_content_length(server):
    reply = exchange(server, get("/no-content/"))
    assert reply.status == HTTPStatus.NO_CONTENT
    assert reply.header("Content-Length") == "8"
    assert reply.body == b"Deleted!"


# lessons/codes/414.md


def test_a_request_line_over_65536_bytes_gets_414(server):
    assert exchange(server, get("/plain/?q=" + "a" * 66_000)).status == (
        HTTPStatus.REQUEST_URI_TOO_LONG
    )
    assert exchange(server, get("/plain/?q=" + "a" * 60_000)).status == HTTPStatus.OK


# lessons/codes/417.md


def test_an_unknown_expectation_is_passed_on_to_django(server):
    assert exchange(server, get("/plain/", "Expect: something-else")).status == HTTPStatus.OK


# lessons/codes/100.md and informational.md


def test_runserver_sends_100_continue_before_the_body(server):
    request = get("/read-body/", "Expect: 100-continue", "Content-Length: 5", method="POST")
    reply = exchange(server, request, then=b"hello")
    assert reply.statuses == [HTTPStatus.CONTINUE, HTTPStatus.OK]
    assert reply.content == b"read 5 bytes"


# lessons/codes/103.md: wsgi.early_hints is gunicorn's; runserver has none


def test_runserver_offers_no_wsgi_early_hints(server):
    reply = exchange(server, get("/early-hints/"))
    assert reply.statuses == [HTTPStatus.OK]
    assert reply.body == b"no wsgi.early_hints"


# lessons/codes/505.md


def test_a_request_line_with_http_2_gets_505_without_a_status_line(server):
    reply = exchange(server, b"GET /plain/ HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n")
    assert not reply.raw.startswith(b"HTTP/")
    assert b"Error code: 505" in reply.raw


# lessons/informational.md (quiz) and codes/426.md


def test_a_view_setting_hop_by_hop_headers_gets_a_500(server):
    assert exchange(server, get("/switch/")).status == HTTPStatus.INTERNAL_SERVER_ERROR
    assert exchange(server, get("/upgrade/websocket/")).status == HTTPStatus.INTERNAL_SERVER_ERROR


# lessons/informational.md, "Who sends 100 Continue"


def test_too_many_header_fields_get_431_and_no_100(server):
    fields = [f"X-Field-{number}: {number}" for number in range(120)]
    request = get(
        "/read-body/", "Expect: 100-continue", "Content-Length: 5", *fields, method="POST"
    )
    reply = exchange(server, request)
    assert reply.statuses == [HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE]


# lessons/rest-apis.md: runserver drops the body of a HEAD response


def test_runserver_drops_the_body_for_head(server):
    reply = exchange(server, get("/plain/", method="HEAD"))
    assert reply.status == HTTPStatus.OK
    assert reply.body == b""
