"""1xx demo: a real "100 Continue", produced by this site's own server.

A Django view cannot send an interim response: the server deals with ``Expect: 100-continue``.
So this view plays the client. It opens a raw HTTP/1.1 connection to the address its own request
came in on (or TUTORIAL_SELF_ADDRESS; never an address taken from the Host header), sends a head
with ``Expect: 100-continue``, and only sends the body if the server's first answer is a 1xx. A
server may instead answer with a final status straight away (``?case=too-many-fields`` sends
more header fields than the server accepts, and it refuses with 431 before any 100); the body is
then never sent. The socket plumbing is in rawhttp.py.

Each exchange takes a request of this server's, so the demo is bounded: at most EXCHANGE_SLOTS
at once per process (past that, 503 with Retry-After) and EXCHANGES_PER_IP per rate-limit window
per client address (past that, 429): upstream.bounded. The target it calls is answered in the
event loop under the asgi worker (tutorial/front.py), and is never rate limited or given a
session itself.
"""

import time
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .rawhttp import StatusLine, Wire, parse_status_line
from .upstream import bounded

__all__ = ["StatusLine", "parse_status_line"]

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
EXCHANGE_SLOTS = 4  # exchanges running at once in one server process
EXCHANGES_PER_IP = 30  # per DEMO_RATE_WINDOW, unless DEMO_RATE_LIMITS["exchange"]["ip"] says


def request_head(host: str, case: str) -> bytes:
    fields = "".join(f"{field}\r\n" for field in CASES[case])
    return (
        f"POST {reverse('demos:continue-target')} HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n"
        f"{fields}"
        "Expect: 100-continue\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def exchange_with_self(address: tuple[str, int], case: str) -> dict:
    """Send the head, wait for the server's first answer, and send the body only after a 1xx.
    OSError if the server cannot be reached, ValueError if it does not answer in HTTP."""
    with Wire(*address, timeout=TIMEOUT) as wire:
        wire.send(request_head(self_host(), case))
        first = wire.read_status(wait=CONTINUE_WAIT)  # None: no answer within a second
        if first is None or first.interim:
            wire.send(BODY)  # after "100 Continue" (or after waiting: the server ignores Expect)
            final = wire.read_final_status()
        else:
            final = first  # a final status before the body: the body is never sent
        wire.read_to_end()
    interim = first if first is not None and first.interim else None
    return {
        "interim_status_line": str(interim) if interim else None,
        "final_status_line": str(final),
        "body_sent": final is not first,
        # Before the body, only the server itself answers: the application gets a request once
        # its head is complete and is read (or asked for) with its body.
        "layer": "application" if final is not first else "server",
        "note": NOTES["interim" if interim else "waited" if final is not first else "refused"],
        "exchange": wire.exchange,
    }


NOTES = {
    "interim": "The server answered the headers with an interim response, then the final one.",
    "waited": f"No interim response within {CONTINUE_WAIT:g} s: the body was sent anyway, as a "
    "client should when a server ignores Expect.",
    "refused": "No interim response: the server answered with a final status before the body "
    "was sent, so the body was never sent.",
}


def self_host() -> str:
    """A Host header this site accepts: the first plain name in ALLOWED_HOSTS."""
    for name in settings.ALLOWED_HOSTS:
        if name != "*" and not name.startswith("."):
            return name
    return "localhost"


def self_address(request) -> tuple[str, int]:
    """Where this server listens: TUTORIAL_SELF_ADDRESS, else the local end of the connection
    the visitor's request came in on. Never the Host header, which the client writes."""
    if settings.DEMO_SELF_ADDRESS:
        host, _, port = settings.DEMO_SELF_ADDRESS.rpartition(":")
        return host.strip("[]"), int(port)
    scope = getattr(request, "scope", None)
    if scope and scope.get("server"):  # ASGI: the listening socket's address (the spec's "server")
        host, port = scope["server"][:2]
        return host, int(port)
    connection = request.META.get("gunicorn.socket")
    if connection is not None:  # gunicorn's WSGI workers set SERVER_PORT from Host: use the socket
        host, port = connection.getsockname()[:2]
        return host, port
    # runserver (wsgiref) and tutorial/front.py's WSGI pool: SERVER_PORT is the port of the
    # listening socket; the pool also names its local address SERVER_ADDR, as CGI servers do.
    return request.META.get("SERVER_ADDR", "127.0.0.1"), int(request.META["SERVER_PORT"])


bounded_exchange = bounded("exchange", slots=EXCHANGE_SLOTS, per_ip=EXCHANGES_PER_IP)


@require_GET
@bounded_exchange
def expect_continue(request):
    case = request.GET.get("case", "normal")
    if case not in CASES:
        return JsonResponse(
            {"error": f"case must be one of {', '.join(CASES)}"}, status=HTTPStatus.BAD_REQUEST
        )
    address = self_address(request)
    server = f"{address[0]}:{address[1]}"
    started = time.perf_counter()
    try:
        result = exchange_with_self(address, case)
    except OSError as exc:
        return JsonResponse(
            {
                "error": f"No exchange with {server}: {exc}",
                "hint": "Set TUTORIAL_SELF_ADDRESS to the host:port this server listens on.",
            },
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    except ValueError as exc:
        return JsonResponse(
            {"error": f"{server} did not answer in HTTP: {exc}"}, status=HTTPStatus.BAD_GATEWAY
        )
    return JsonResponse(
        {
            "server": server,
            "case": case,
            **result,
            "milliseconds": round((time.perf_counter() - started) * 1000, 1),
        }
    )


def self_request_target(view):
    """Mark the view the exchange calls: the rate limiter (ratelimit.scope_for) leaves it alone,
    so it gets no visitor id, no session cookie and no counter row. The demo calling it is the one
    counted (bounded_exchange)."""
    view.demo_self_request = True
    return view


@self_request_target
@csrf_exempt  # the raw exchange above carries no cookie; this endpoint changes nothing
@require_POST
def continue_target(request):
    # Under gunicorn's asgi worker tutorial/front.py answers this path before Django does, in
    # the event loop, with the same JSON; this view answers it under runserver and in tests.
    return JsonResponse({"received_bytes": len(request.body)})
