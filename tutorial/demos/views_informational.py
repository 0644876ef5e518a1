"""1xx demo: a real "100 Continue", produced by this site's own server.

A WSGI view cannot send an interim response: by the time Django calls it, the server has
already dealt with ``Expect: 100-continue``. So this view plays the client. It opens a raw
HTTP/1.1 connection to the site's own configured address (settings.DEMO_SELF_ADDRESS, never an
address taken from the request), sends headers with ``Expect: 100-continue``, waits for the
server's interim answer, then sends the body and reads the final response.
"""

import socket
import time
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

BODY = b'{"message": "the body, sent only after the server said 100 Continue"}'
TIMEOUT = 3.0


def read_head(sock, buffer: bytes) -> tuple[bytes, bytes]:
    """Read up to the end of one response head; return (head, rest)."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


def self_host() -> str:
    """A Host header this site accepts: the first plain name in ALLOWED_HOSTS."""
    for name in settings.ALLOWED_HOSTS:
        if name != "*" and not name.startswith("."):
            return name
    return "localhost"


@require_GET
def expect_continue(request):
    host, _, port = settings.DEMO_SELF_ADDRESS.rpartition(":")
    target = reverse("demos:continue-target")
    request_head = (
        f"POST {target} HTTP/1.1\r\n"
        f"Host: {self_host()}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n"
        "Expect: 100-continue\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    exchange = []
    started = time.perf_counter()
    try:
        with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
            sock.sendall(request_head)
            exchange.append({"from": "client", "text": request_head.decode()})
            interim, rest = read_head(sock, b"")
            exchange.append({"from": "server", "text": interim.decode("latin-1") + "\r\n\r\n"})
            sock.sendall(BODY)
            exchange.append({"from": "client", "text": BODY.decode()})
            final_head, rest = read_head(sock, rest)
            body = rest
            while chunk := sock.recv(4096):
                body += chunk
    except OSError as exc:
        return JsonResponse(
            {
                "error": f"No exchange with {settings.DEMO_SELF_ADDRESS}: {exc}",
                "hint": "Set TUTORIAL_SELF_ADDRESS to the host:port this server listens on.",
            },
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    final_text = final_head.decode("latin-1")
    exchange.append(
        {"from": "server", "text": final_text + "\r\n\r\n" + body.decode("utf-8", "replace")}
    )
    return JsonResponse(
        {
            "server": settings.DEMO_SELF_ADDRESS,
            "interim_status_line": interim.decode("latin-1").split("\r\n", 1)[0],
            "final_status_line": final_text.split("\r\n", 1)[0],
            "milliseconds": round((time.perf_counter() - started) * 1000, 1),
            "exchange": exchange,
        }
    )


@csrf_exempt  # the raw exchange above carries no cookie; this endpoint changes nothing
@require_POST
def continue_target(request):
    return JsonResponse({"received_bytes": len(request.body)})
