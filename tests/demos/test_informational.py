"""The 1xx demo: a real 100 Continue from a real server, before the final response."""

import concurrent.futures
import http.server
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from pytest_django.live_server_helper import LiveServer

from tutorial.demos.catalog import all_demos
from tutorial.demos.models import RateCounter
from tutorial.demos.upstream import loopback_upstream
from tutorial.demos.views_informational import (
    BODY,
    EXCHANGE_SLOTS,
    StatusLine,
    parse_status_line,
)

LIVE_PRESETS = [
    pytest.param(demo, preset, id=f"{demo.id}:{preset.name}")
    for demo in all_demos()
    if demo.needs_server
    for preset in demo.presets
]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def self_address(live_server, settings):
    address = urlsplit(live_server.url).netloc
    settings.DEMO_SELF_ADDRESS = address
    return address


@pytest.mark.parametrize(("demo", "preset"), LIVE_PRESETS)
def test_live_presets_return_their_documented_status(live_server, self_address, demo, preset):
    request = urllib.request.Request(live_server.url + preset.path, method=preset.method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    assert status == preset.status
    assert status in demo.statuses


def test_the_exchange_shows_100_continue_before_the_final_response(live_server, self_address):
    with urllib.request.urlopen(live_server.url + "/demos/expect-continue/", timeout=10) as reply:
        data = json.load(reply)
    assert data["server"] == self_address
    assert data["interim_status_line"] == "HTTP/1.1 100 Continue"
    assert data["final_status_line"] == "HTTP/1.1 200 OK"
    sources = [step["from"] for step in data["exchange"]]
    assert sources == ["client", "server", "client", "server"]
    assert "Expect: 100-continue" in data["exchange"][0]["text"]
    assert data["exchange"][1]["text"].startswith("HTTP/1.1 100 Continue")
    assert '"received_bytes"' in data["exchange"][3]["text"]
    assert data["body_sent"] is True
    assert data["layer"] == "application"
    # The parser, on the bytes the real server sent.
    interim = parse_status_line(data["exchange"][1]["text"].encode("latin-1"))
    assert interim == StatusLine("HTTP/1.1", HTTPStatus.CONTINUE, "Continue")
    assert interim.interim
    final = parse_status_line(data["exchange"][3]["text"].encode("latin-1"))
    assert (final.code, final.interim) == (HTTPStatus.OK, False)


def test_a_final_status_without_100_is_not_reported_as_interim(live_server, self_address):
    """More header fields than the server accepts: it refuses the head at once, with no 100."""
    url = live_server.url + "/demos/expect-continue/?case=too-many-fields"
    with urllib.request.urlopen(url, timeout=10) as reply:
        data = json.load(reply)
    assert data["interim_status_line"] is None
    assert data["final_status_line"] == "HTTP/1.1 431 Too many headers"
    assert data["body_sent"] is False
    assert [step["from"] for step in data["exchange"]] == ["client", "server"]
    assert data["note"].startswith("No interim response: the server answered with a final")
    assert data["layer"] == "server"
    refusal = parse_status_line(data["exchange"][1]["text"].encode("latin-1"))
    assert refusal.code == HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
    assert not refusal.interim


class IgnoresExpect(http.server.BaseHTTPRequestHandler):
    """A real server that never answers Expect: Python's http.server speaking HTTP/1.0."""

    protocol_version = "HTTP/1.0"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"got %d bytes" % len(body))

    def log_message(self, *args):
        pass


def test_a_server_that_ignores_expect_gets_the_body_after_a_short_wait(client, db, settings):
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), IgnoresExpect) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        settings.DEMO_SELF_ADDRESS = f"127.0.0.1:{server.server_address[1]}"
        data = client.get("/demos/expect-continue/").json()
        server.shutdown()
    assert data["interim_status_line"] is None
    assert data["final_status_line"] == "HTTP/1.0 200 OK"
    assert data["body_sent"] is True
    assert data["note"].startswith("No interim response within 1 s: the body was sent anyway")
    assert data["exchange"][-1]["text"].endswith(f"got {len(BODY)} bytes")


def test_a_reply_that_is_not_http_is_a_502(client, db, settings):
    with loopback_upstream("invalid") as (host, port):
        settings.DEMO_SELF_ADDRESS = f"{host}:{port}"
        response = client.get("/demos/expect-continue/")
    assert response.status_code == HTTPStatus.BAD_GATEWAY
    assert "did not answer in HTTP" in response.json()["error"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"HTTP/1.1 100 Continue\r\n", StatusLine("HTTP/1.1", 100, "Continue")),
        (b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>", StatusLine("HTTP/1.1", 103, "Early Hints")),
        (b"HTTP/1.1 417 Expectation Failed", StatusLine("HTTP/1.1", 417, "Expectation Failed")),
        (b"HTTP/1.1 204 \r\n", StatusLine("HTTP/1.1", 204, "")),
        (b"HTTP/1.0 413", StatusLine("HTTP/1.0", 413, "")),
    ],
)
def test_status_lines_are_parsed(head, expected):
    assert parse_status_line(head) == expected
    assert parse_status_line(head).interim is (100 <= expected.code < 200)


@pytest.mark.parametrize(
    "head", [b"", b"this is not an HTTP response", b"HTTP/1.1 1000 Big", b"HTTP/1.1 OK", b"ICY 200"]
)
def test_what_is_not_a_status_line_is_refused(head):
    with pytest.raises(ValueError, match="not an HTTP status line"):
        parse_status_line(head)


def test_an_unreachable_self_address_is_a_clear_503(client, db, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        settings.DEMO_SELF_ADDRESS = f"127.0.0.1:{unused.getsockname()[1]}"
        response = client.get("/demos/expect-continue/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "TUTORIAL_SELF_ADDRESS" in response.json()["hint"]


@pytest.fixture
def production_server(transactional_db, settings):
    """A live server started with production's HTTPS settings (the shared live server's
    SecurityMiddleware read the settings when it started, so it cannot be switched over)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    server = LiveServer("127.0.0.1:0")
    settings.DEMO_SELF_ADDRESS = urlsplit(server.url).netloc
    yield server
    server.stop()


def test_the_exchange_works_with_https_redirects_on(production_server):
    """The visitor's request arrives as HTTPS (a TLS-terminating proxy says so); the demo's own
    raw request to the server's plain-HTTP address must still reach the view, not a 301."""
    plain = urllib.request.Request(production_server.url + "/demos/my-view/")
    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(NoRedirects).open(plain, timeout=10)
    assert redirected.value.code == HTTPStatus.MOVED_PERMANENTLY  # the setting is in force
    assert redirected.value.headers["Location"].startswith("https://")
    redirected.value.close()

    proxied = urllib.request.Request(
        production_server.url + "/demos/expect-continue/", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(proxied, timeout=10) as reply:
        data = json.load(reply)
    assert data["interim_status_line"] == "HTTP/1.1 100 Continue"
    assert data["final_status_line"] == "HTTP/1.1 200 OK"


def test_without_a_configured_address_the_exchange_follows_the_listening_port(
    live_server, settings
):
    """No TUTORIAL_SELF_ADDRESS: the demo calls the port its own request came in on (here a free
    port the live server picked), whatever the Host header says."""
    settings.DEMO_SELF_ADDRESS = ""
    port = urlsplit(live_server.url).port
    request = urllib.request.Request(
        live_server.url + "/demos/expect-continue/", headers={"Host": "localhost:1"}
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        data = json.load(reply)
    assert data["server"] == f"127.0.0.1:{port}"
    assert data["interim_status_line"] == "HTTP/1.1 100 Continue"
    assert data["final_status_line"] == "HTTP/1.1 200 OK"


def test_the_self_request_target_gets_no_session_and_no_rate_counter(client, db):
    """The exchange's own request is not a visitor: no cookie, no visitor id, no counter row."""
    response = client.post("/demos/continue-target/", data=BODY, content_type="application/json")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"received_bytes": len(BODY)}
    assert not response.cookies
    assert not RateCounter.objects.filter(scope__startswith="write").exists()


def test_exchanges_are_rate_limited_per_client_address(client, db, settings):
    settings.DEMO_RATE_LIMITS = {**settings.DEMO_RATE_LIMITS, "exchange": {"ip": 2}}
    with socket.socket() as unused:  # refused at once: the exchange itself is quick
        unused.bind(("127.0.0.1", 0))
        settings.DEMO_SELF_ADDRESS = f"127.0.0.1:{unused.getsockname()[1]}"
        answers = [client.get("/demos/expect-continue/") for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [HTTPStatus.SERVICE_UNAVAILABLE] * 2
    limited = answers[2]
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(limited["Retry-After"]) <= settings.DEMO_RATE_WINDOW
    assert "At most 2 runs of this demo every" in limited.json()["error"]


class SlowToAnswer(IgnoresExpect):
    """A real server that takes a while over each request, so exchanges pile up."""

    def do_POST(self):
        time.sleep(1.5)
        super().do_POST()


def test_exchanges_past_the_slots_get_503_with_retry_after(live_server, settings):
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowToAnswer) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        settings.DEMO_SELF_ADDRESS = f"127.0.0.1:{server.server_address[1]}"

        def press(_):
            try:
                with urllib.request.urlopen(
                    live_server.url + "/demos/expect-continue/", timeout=15
                ) as reply:
                    return reply.status, None
            except urllib.error.HTTPError as error:
                with error:
                    return error.code, error.headers["Retry-After"]

        with concurrent.futures.ThreadPoolExecutor(EXCHANGE_SLOTS + 2) as pool:
            answers = list(pool.map(press, range(EXCHANGE_SLOTS + 2)))
        server.shutdown()
    statuses = sorted(status for status, _ in answers)
    assert statuses.count(HTTPStatus.OK) == EXCHANGE_SLOTS
    assert statuses.count(HTTPStatus.SERVICE_UNAVAILABLE) == 2
    assert all(retry == "2" for status, retry in answers if status != HTTPStatus.OK)
