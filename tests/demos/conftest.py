import http.client
import json
import re
import threading
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse


def fill(template: str, values: dict) -> str:
    """A preset's path, body or header with this visitor's real values (``{article}`` and such);
    an unknown placeholder is a KeyError."""
    return re.sub(r"\{(\w+)\}", lambda match: values[match.group(1)], template)


class Visitor:
    """A real client with its own session, cookies and CSRF token, as a browser would have."""

    def __init__(self, **defaults) -> None:
        # defaults: request META every request carries, e.g. REMOTE_ADDR="10.0.0.2" (a proxy).
        self.client = Client(enforce_csrf_checks=True, raise_request_exception=False, **defaults)
        # The try-it console's first call, which sets the CSRF cookie, as it does for a learner.
        self.client.get(reverse("demos:sandbox"))

    @property
    def csrf_token(self) -> str:
        return self.client.cookies["csrftoken"].value

    def sign_in(self, account: str):
        return self.send(
            "POST",
            reverse("demos:sign-in"),
            body=f"account={account}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def placeholders(self) -> dict:
        data = self.client.get(reverse("demos:sandbox")).json()
        return {key: str(value) for key, value in data.items() if key != "visitor"}

    def send_preset(self, preset, values: dict):
        """Send a catalog preset as the console would, with this visitor's placeholder values."""
        return self.send(
            preset.method,
            fill(preset.path, values),
            body=fill(preset.body, values),
            headers={name: fill(value, values) for name, value in preset.headers.items()},
            csrf=preset.csrf,
        )

    def send(
        self, method: str, path: str, *, body: str | bytes = "", headers=None, csrf: bool = True
    ):
        headers = dict(headers or {})
        content_type = headers.pop("Content-Type", "application/octet-stream")
        if csrf and method not in {"GET", "HEAD", "OPTIONS"}:
            headers["X-CSRFToken"] = self.csrf_token
        data = body if isinstance(body, bytes) else body.encode()
        return self.client.generic(method, path, data, content_type=content_type, headers=headers)


@pytest.fixture
def visitor(db):
    return Visitor()


@pytest.fixture
def make_visitor(db):
    return Visitor


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    def json(self):
        return json.loads(self.body)


class LiveVisitor:
    """A visitor of the live server over real HTTP, with its own cookies (session, CSRF).

    Threads may share one visitor. ``connect()`` opens a connection ahead of time: a burst that
    connects first and sends together stays within the live server's listen backlog (10). With
    ``keep_alive`` a visitor used by one thread sends everything over one HTTP/1.1 connection
    (reopened when the server closes it), as a browser would.
    """

    def __init__(self, base_url: str, keep_alive: bool = False) -> None:
        url = urlsplit(base_url)
        self.host, self.port = url.hostname, url.port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()
        self.kept = self.connect() if keep_alive else None

    def connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.connect()
        return connection

    def send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "application/json",
        headers: dict | None = None,
        connection: http.client.HTTPConnection | None = None,
    ) -> Reply:
        with self.lock:
            cookies = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            token = self.cookies.get("csrftoken", "")
        headers = {"Content-Type": content_type, "Cookie": cookies, **(headers or {})}
        if method not in {"GET", "HEAD"}:
            headers["X-CSRFToken"] = token
        kept = connection is None and self.kept is not None
        connection = connection or self.kept or self.connect()
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        except BaseException:
            connection.close()  # a kept connection reopens on the next request
            raise
        if not kept:
            connection.close()
        with self.lock:
            for header in reply.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return reply

    def close(self) -> None:
        if self.kept is not None:
            self.kept.close()

    def start(self) -> dict:
        """The console's first call: sets the CSRF cookie and creates the sandbox."""
        reply = self.send("GET", "/demos/sandbox.json")
        assert reply.status == HTTPStatus.OK, reply
        return reply.json()
