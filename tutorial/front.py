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
   chunked body that grows past the limit ends the request (Django sees a disconnect, and the
   connection is closed).

Everything else goes to Django untouched. Answers made here carry the headers Django's middleware
adds to every answer (CSP, nosniff, X-Frame-Options, Referrer-Policy, COOP, no-store).
"""

import json
from http import HTTPStatus

from django.conf import settings
from django.urls import reverse
from django.utils.csp import build_policy

# The self-request sends a 69-byte JSON body; more than this is not the demo calling.
TARGET_MAX_BODY = 64 * 1024


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


def bounded(receive, limit: int):
    """``receive`` that reports a disconnect once more than ``limit`` body bytes came."""
    received = 0

    async def receive_within_limit():
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            return {"type": "http.disconnect"}
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
        await self.application(scope, receive, send)
