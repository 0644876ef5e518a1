"""1xx demo: a real "100 Continue", produced by this site's own server.

A WSGI view cannot send an interim response: by the time Django calls it, the server has
already dealt with ``Expect: 100-continue``. So this view plays the client. It opens a raw
HTTP/1.1 connection to the site's own configured address (settings.DEMO_SELF_ADDRESS, never an
address taken from the request), sends headers with ``Expect: 100-continue``, waits for the
server's answer, and only sends the body if that answer is a 1xx. A server may instead answer
with a final status straight away (here: ``?case=too-many-fields`` sends more header fields than
the server accepts, and it refuses with 431 before any 100); the view then reports that there
was no interim response, and never sends the body.
"""

import re
import socket
import time
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

BODY = b'{"message": "the body, sent only after the server said 100 Continue"}'
TIMEOUT = 3.0
# RFC 9110 §10.1.1: a client that sent Expect: 100-continue should not wait for ever before
# sending the body, since some servers ignore the expectation (curl waits one second too).
CONTINUE_WAIT = 1.0
# Extra header fields per case. Servers cap the number of fields (gunicorn and Python's
# http.server: 100) and refuse a request over the cap while reading its head: 431, no 100.
CASES = {
    "normal": (),
    "too-many-fields": tuple(f"X-Filler-{n:03}: x" for n in range(1, 121)),
}
# RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
STATUS_LINE = re.compile(r"(HTTP/\d\.\d) (\d{3})(?: (.*))?")


@dataclass(frozen=True)
class StatusLine:
    version: str
    code: int
    reason: str

    @property
    def interim(self) -> bool:
        # 101 is interim too, but it switches protocols: nothing of this exchange follows it.
        return 100 <= self.code < 200


def parse_status_line(head: bytes) -> StatusLine:
    """The status line that starts a response head; ValueError if it is not one."""
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    match = STATUS_LINE.fullmatch(line)
    if match is None:
        raise ValueError(f"not an HTTP status line: {line[:80]!r}")
    return StatusLine(match[1], int(match[2]), match[3] or "")


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


def exchange_with_self(case: str) -> dict:
    """Run the raw exchange; OSError if the server cannot be reached, ValueError if it does not
    answer in HTTP."""
    host, _, port = settings.DEMO_SELF_ADDRESS.rpartition(":")
    fields = "".join(f"{field}\r\n" for field in CASES[case])
    request_head = (
        f"POST {reverse('demos:continue-target')} HTTP/1.1\r\n"
        f"Host: {self_host()}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n"
        f"{fields}"
        "Expect: 100-continue\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    exchange = []
    interim = None
    body_sent = False
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sock.sendall(request_head)
        exchange.append({"from": "client", "text": request_head.decode()})
        sock.settimeout(CONTINUE_WAIT)
        try:
            head, rest = read_head(sock, b"")
        except TimeoutError:
            head, rest = None, b""
        sock.settimeout(TIMEOUT)
        status = parse_status_line(head) if head is not None else None
        if status is None or status.interim:
            if status is not None:
                interim = status
                exchange.append({"from": "server", "text": head.decode("latin-1") + "\r\n\r\n"})
            sock.sendall(BODY)
            body_sent = True
            exchange.append({"from": "client", "text": BODY.decode()})
            head, rest = read_head(sock, rest)
            status = parse_status_line(head)
            while status.interim and status.code != HTTPStatus.SWITCHING_PROTOCOLS:
                head, rest = read_head(sock, rest)  # more 1xx may come before the final answer
                status = parse_status_line(head)
        body = rest
        while chunk := sock.recv(4096):
            body += chunk
    exchange.append(
        {
            "from": "server",
            "text": head.decode("latin-1") + "\r\n\r\n" + body.decode("utf-8", "replace"),
        }
    )
    if interim is not None:
        note = "The server answered the headers with an interim response, then the final one."
    elif body_sent:
        note = (
            f"No interim response within {CONTINUE_WAIT:g} s: the body was sent anyway, as a "
            "client should when a server ignores Expect."
        )
    else:
        note = (
            "No interim response: the server answered with a final status before the body was "
            "sent, so the body was never sent."
        )
    return {
        "interim_status_line": head_line(interim),
        "final_status_line": head_line(status),
        "body_sent": body_sent,
        "note": note,
        "exchange": exchange,
    }


def head_line(status: StatusLine | None) -> str | None:
    if status is None:
        return None
    return f"{status.version} {status.code} {status.reason}".rstrip()


@require_GET
def expect_continue(request):
    case = request.GET.get("case", "normal")
    if case not in CASES:
        return JsonResponse(
            {"error": f"case must be one of {', '.join(CASES)}"}, status=HTTPStatus.BAD_REQUEST
        )
    started = time.perf_counter()
    try:
        result = exchange_with_self(case)
    except OSError as exc:
        return JsonResponse(
            {
                "error": f"No exchange with {settings.DEMO_SELF_ADDRESS}: {exc}",
                "hint": "Set TUTORIAL_SELF_ADDRESS to the host:port this server listens on.",
            },
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    except ValueError as exc:
        return JsonResponse(
            {"error": f"{settings.DEMO_SELF_ADDRESS} did not answer in HTTP: {exc}"},
            status=HTTPStatus.BAD_GATEWAY,
        )
    return JsonResponse(
        {
            "server": settings.DEMO_SELF_ADDRESS,
            "case": case,
            **result,
            "milliseconds": round((time.perf_counter() - started) * 1000, 1),
        }
    )


@csrf_exempt  # the raw exchange above carries no cookie; this endpoint changes nothing
@require_POST
def continue_target(request):
    return JsonResponse({"received_bytes": len(request.body)})
