"""Real upstream failures on loopback, for the 502 and 504 demos; bounds for demos that wait.

Each mode opens a real socket on 127.0.0.1 for the duration of one demo request:
- "refused": a port that is bound but not listening, so connecting is refused by the kernel;
- "invalid": a listener that answers with bytes that are not HTTP;
- "timeout": a listener that accepts and never answers;
- "ok": a listener that answers a valid HTTP/1.1 200 with a JSON body.

A demo that waits on a connection (this one, or the 1xx demo waiting on its own server) holds a
request of the server's for that long, so ``bounded`` limits it: so many at once per process
(past that, 503 with Retry-After) and so many per client address per rate-limit window (past
that, 429 with Retry-After).
"""

import contextlib
import socket
import threading
import time
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import JsonResponse

from .ratelimit import client_address, hit

MODES = ("ok", "refused", "invalid", "timeout")

REPLIES = {
    "ok": (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n"
        b"Connection: close\r\n\r\n"
        b'{"rate": 1.08}'
    ),
    "invalid": b"this is not an HTTP response\r\n\r\n",
    # "error": a valid HTTP reply whose status says the upstream failed (the 502 demo's
    # views_server_errors.UPSTREAM_MODES offers it).
    "error": (
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
        b'Content-Length: 30\r\nConnection: close\r\n\r\n{"error": "rates unavailable"}'
    ),
}


@contextlib.contextmanager
def loopback_upstream(mode: str):
    """Yield (host, port) of an upstream that behaves as ``mode`` says."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    host, port = server.getsockname()
    done = threading.Event()
    thread = None
    if mode != "refused":
        server.listen(1)
        server.settimeout(5)

        def serve():
            with contextlib.suppress(OSError):
                conn, _ = server.accept()
                with conn:
                    conn.settimeout(5)
                    conn.recv(65536)
                    if mode in REPLIES:
                        conn.sendall(REPLIES[mode])
                    else:
                        done.wait(5)  # "timeout": hold the connection, say nothing

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
    try:
        yield host, port
    finally:
        done.set()
        server.close()
        if thread is not None:
            thread.join(timeout=6)


BUSY_RETRY_AFTER = 2  # seconds, when every slot is taken
# Addresses this process refused, until their window ends: a client pressing on past its limit
# is answered from memory, not with three more writes to the counter table each time.
_refused_until: dict[tuple[str, str, int, int], float] = {}
REFUSED_REMEMBERED = 10_000


@receiver(setting_changed)
def _forget_refusals(**kwargs) -> None:
    _refused_until.clear()


def over_limit(scope: str, address: str, limit: int, window: int) -> int:
    """Seconds until this address may run the demo again; 0 when it may now (and is counted)."""
    now = time.monotonic()
    key = (scope, address, limit, window)
    until = _refused_until.get(key, 0.0)
    if until > now:
        return max(1, round(until - now))
    retry_after = hit(f"{scope}:ip", address, limit, window)
    if retry_after:
        if len(_refused_until) >= REFUSED_REMEMBERED:
            _refused_until.clear()  # forgetting only costs a counter lookup again
        _refused_until[key] = now + retry_after
    return retry_after


def busy(status: HTTPStatus, reason: str, retry_after: int) -> JsonResponse:
    response = JsonResponse(
        {"error": f"{reason} Try again in {retry_after} seconds."}, status=status
    )
    response["Retry-After"] = str(retry_after)
    return response


def bounded(scope: str, *, slots: int, per_ip: int):
    """A view decorator: at most ``per_ip`` runs per client address per DEMO_RATE_WINDOW
    (DEMO_RATE_LIMITS[scope]["ip"] overrides it), and at most ``slots`` at once per process."""
    running = threading.BoundedSemaphore(slots)

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            limit = settings.DEMO_RATE_LIMITS.get(scope, {}).get("ip", per_ip)
            window = settings.DEMO_RATE_WINDOW
            retry_after = over_limit(scope, client_address(request), limit, window)
            if retry_after:
                return busy(
                    HTTPStatus.TOO_MANY_REQUESTS,
                    f"At most {limit} runs of this demo every {window} seconds from one address.",
                    retry_after,
                )
            if not running.acquire(blocking=False):
                return busy(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"{slots} runs of this demo are already going on this server.",
                    BUSY_RETRY_AFTER,
                )
            try:
                return view(request, *args, **kwargs)
            finally:
                running.release()

        return guarded

    return decorator
