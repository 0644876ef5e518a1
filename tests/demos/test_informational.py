"""The 1xx demo: a real 100 Continue from a real server, before the final response."""

import json
import socket
import urllib.error
import urllib.request
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from pytest_django.live_server_helper import LiveServer

from tutorial.demos.catalog import all_demos

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
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == preset.status


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


def test_an_unreachable_self_address_is_a_clear_503(client, settings):
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
