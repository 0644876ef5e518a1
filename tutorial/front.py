"""What the site answers before Django: the ASGI application in front of Django's own.

gunicorn's asgi workers (gunicorn.conf.py) run ``tutorial.asgi.application``, which is Django
wrapped in ``Front``. Two things are decided here, in the worker's event loop, without taking a
Django thread:

1. **The 1xx demo's self-request target** (``POST /demos/continue-target/``). The demo's view
   (views_informational.py) runs in a Django thread and waits for its own server to answer; if
   the answer needed a Django thread too, eight demos at once could hold every thread while
   waiting for one (issue 13, item 2). Here it is read and answered in the event loop: gunicorn
   sends ``100 Continue`` when the body is first asked for (``receive()``), then this answers
   ``{"received_bytes": n}``. No session, visitor id, rate-limit row or cookie is made for it:
   the demo that calls it is the one counted.
2. **Bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE.** Django's ASGI handler reads the whole
   body into a temporary file before any middleware or view runs (``ASGIHandler.read_body``), so
   a client could otherwise send any number of bytes to the disk. A declared ``Content-Length``
   over the limit is answered 413 with ``Connection: close`` before a byte of it is read; a
   chunked body that grows past the limit gets the same answer as soon as it does.

Everything else goes to Django, which runs in a fixed pool of threads (``WsgiPool``) once the
request has fully arrived; a refusal it makes (429 or 503 with Retry-After) is sent a quarter of
a second late (``unhurried_refusals``). Answers made here carry the headers Django's middleware
adds to every answer (CSP, nosniff, X-Frame-Options, Referrer-Policy, COOP, no-store).
"""

import asyncio
import io
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

from django.conf import settings
from django.urls import reverse
from django.utils.csp import build_policy

# The self-request sends a 69-byte JSON body; more than this is not the demo calling.
TARGET_MAX_BODY = 64 * 1024
REFUSALS = {HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE}
REFUSAL_DELAY = 0.25  # seconds


def site_headers() -> list[tuple[bytes, bytes]]:
    headers = {
        "Content-Security-Policy": build_policy(settings.SECURE_CSP),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Cache-Control": "no-store",
    }
    return [(name.lower().encode(), value.encode()) for name, value in headers.items() if value]


def declared_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def answer(send, status: HTTPStatus, data: dict, *, close: bool = False) -> None:
    body = json.dumps(data).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *site_headers(),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def too_large(send, limit: int) -> None:
    await answer(
        send,
        HTTPStatus.CONTENT_TOO_LARGE,
        {"error": f"A request body may be at most {limit} bytes."},
        close=True,
    )


async def continue_target(scope, receive, send) -> None:
    """Read the body (gunicorn says 100 Continue at the first receive) and count it."""
    if (declared_length(scope) or 0) > TARGET_MAX_BODY:
        await too_large(send, TARGET_MAX_BODY)
        return
    received = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        received += len(message.get("body", b""))
        if received > TARGET_MAX_BODY:
            await too_large(send, TARGET_MAX_BODY)
            return
        if not message.get("more_body", False):
            break
    await answer(send, HTTPStatus.OK, {"received_bytes": received})


def unhurried_refusals(send):
    """``send`` that holds a refusal (429 or 503 with Retry-After) for REFUSAL_DELAY first.

    A client in a tight loop past its limit would otherwise get hundreds of cheap refusals a
    second per connection, and those still cost every other visitor CPU. The delay is spent in
    the event loop: the Django thread that decided the refusal is already free.
    """

    async def send_unhurried(message):
        if (
            message["type"] == "http.response.start"
            and message["status"] in REFUSALS
            and any(name.lower() == b"retry-after" for name, _ in message.get("headers", ()))
        ):
            await asyncio.sleep(REFUSAL_DELAY)
        await send(message)

    return send_unhurried


class BodyTooLarge(Exception):
    """More body bytes came than the limit allows (a chunked body has no length to check)."""


def bounded(receive, limit: int):
    """``receive`` that raises BodyTooLarge once more than ``limit`` body bytes came."""
    received = 0

    async def receive_within_limit():
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLarge
        return message

    return receive_within_limit


class Front:
    def __init__(self, application) -> None:
        self.application = application
        self.target_path: str | None = None

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.application(scope, receive, send)
            return
        if self.target_path is None:
            self.target_path = reverse("demos:continue-target")
        if scope["path"] == self.target_path and scope["method"] == "POST":
            await continue_target(scope, receive, send)
            return
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            if (declared_length(scope) or 0) > limit:
                await too_large(send, limit)
                return
            receive = bounded(receive, limit)
        try:
            await self.application(scope, receive, unhurried_refusals(send))
        except BodyTooLarge:  # raised while the body is read: nothing has been answered yet
            await too_large(send, limit)


class WsgiPool:
    """Django's WSGI handler run in a fixed pool of threads, once a request has fully arrived.

    The event loop reads the head (gunicorn) and the body (here, bounded by ``Front``); only then
    does a thread run Django, and it never waits on the client. A fixed pool keeps each thread's
    database connection (CONN_MAX_AGE) instead of a new thread, and a new connection, per request.
    """

    def __init__(self, wsgi_application, threads: int) -> None:
        self.wsgi_application = wsgi_application
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="django")

    async def __call__(self, scope, receive, send) -> None:
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        environ = wsgi_environ(scope, bytes(body))
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(
            self.pool, run_wsgi, self.wsgi_application, environ
        )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if scope["method"] == "HEAD":
            content = b""
        await send({"type": "http.response.body", "body": content})


def run_wsgi(application, environ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    started: dict = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status[:3])
        # Names as Django wrote them ("Content-Type"), as under its own handlers.
        started["headers"] = [
            (name.encode("latin-1"), value.encode("latin-1")) for name, value in headers
        ]
        return lambda data: None  # the legacy write() callable: Django never uses it

    result = application(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()  # request_finished: Django closes or keeps the DB connection here
    return started["status"], started["headers"], content


def wsgi_environ(scope, body: bytes) -> dict:
    """PEP 3333's environ for an ASGI HTTP scope (as asgiref.wsgi builds it)."""
    path = scope["path"].encode("utf-8").decode("latin-1")
    root = scope.get("root_path", "").encode("utf-8").decode("latin-1")
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root,
        "PATH_INFO": path.removeprefix(root),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        # The local address the connection came in on (as CGI servers name it): the 1xx demo
        # calls its own server there (views_informational.self_address).
        "SERVER_ADDR": str(server[0]),
        "REMOTE_ADDR": (scope.get("client") or ("", 0))[0],
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in scope.get("headers", ()):
        key = name.decode("latin-1").upper().replace("-", "_")
        if key not in {"CONTENT_LENGTH", "CONTENT_TYPE"}:
            key = f"HTTP_{key}"
        text = value.decode("latin-1")
        environ[key] = f"{environ[key]},{text}" if key in environ else text
    return environ
