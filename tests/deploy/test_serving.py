"""The serving layer under a hostile client, against the real production server (bin/start).

Slow clients, a refused body and the answers the server writes itself (issue 13 items 1, 6, 8),
over raw sockets so that nothing between the test and the server tidies up what is sent.
"""

import contextlib
import re
import socket
import time

import pytest

from .conftest import fetch, start_server, stop_server

# What Django's middleware adds to every answer of the site, and what the server's own answers
# must carry too.
NOSNIFF = ("X-Content-Type-Options", "nosniff")


@pytest.fixture(scope="module")
def server(image_venv):
    running = start_server(image_venv)
    yield running
    stop_server(running)


def exchange(port: int, data: bytes, *, timeout=10.0) -> bytes:
    """Send raw bytes, read until the server closes or goes quiet for a moment."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_answer(sock)


def read_answer(sock: socket.socket, quiet=1.0) -> bytes:
    received = b""
    sock.settimeout(quiet)
    with contextlib.suppress(OSError):  # quiet for a moment, or reset after a close
        while chunk := sock.recv(65536):
            received += chunk
    return received


def head_fields(raw: bytes) -> tuple[int, dict[str, str]]:
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    fields = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return status, fields


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NOT AN HTTP REQUEST LINE\r\n\r\n", 400),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
        (
            b"GET / HTTP/1.1\r\nHost: localhost\r\n"
            + b"".join(b"X-F-%03d: x\r\n" % n for n in range(150))
            + b"\r\n",
            431,
        ),
        (
            b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: foo\r\n\r\n",
            501,
        ),
    ],
    ids=["400", "414", "431", "501"],
)
def test_the_servers_own_answers_carry_nosniff_and_a_csp(server, request_bytes, status):
    got, fields = head_fields(exchange(server["port"], request_bytes))
    assert got == status
    assert fields["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in fields["content-security-policy"]
    assert "default-src 'none'" in fields["content-security-policy"]


def test_static_files_carry_nosniff_and_the_csp(server):
    html = fetch(server["url"] + "/")[2].decode()
    paths = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|svg|js))"', html)
    assert any(p.endswith(".svg") for p in paths), "the page links its SVG icon"
    for path in paths:
        status, headers, _ = fetch(server["url"] + path)
        assert status == 200, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert "default-src 'self'" in headers["Content-Security-Policy"], path


def test_a_disallowed_host_400_carries_x_frame_options(server):
    status, headers, _ = fetch(server["url"] + "/", {"Host": "evil.example"})
    assert status == 400
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers


def test_after_a_refused_body_the_connection_is_closed_or_still_usable(server):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) on a keep-alive connection, then a
    second request on the same connection: it is answered, or the first answer said close."""
    size = 3 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=10) as sock:
        sock.sendall(
            b"POST /demos/articles/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % size
        )
        with contextlib.suppress(OSError):  # the server may refuse before reading it all
            sock.sendall(b"x" * size)
        first = read_answer(sock)
        status, fields = head_fields(first)
        assert status in {400, 413}
        if fields.get("connection", "").lower() == "close":
            return
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        second = read_answer(sock)
    assert second.startswith(b"HTTP/1.1 200"), second[:200]


def test_a_chunked_body_past_the_limit_is_refused_and_the_connection_closed(server):
    chunk = b"x" * 65536
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=10) as sock:
        sock.sendall(
            b"POST /demos/articles/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        with contextlib.suppress(OSError):  # the server stops reading at the limit
            for _ in range(48):  # 3 MB, over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        status, fields = head_fields(read_answer(sock))
    assert status == 413
    assert fields["connection"].lower() == "close"


def test_slow_clients_leave_pages_answering(server):
    """Sixty clients trickling request heads and sixty trickling bodies hold no thread: pages
    still answer within a second (a gthread worker answered none: every thread was held)."""
    port = server["port"]
    sockets = []
    try:
        for _ in range(60):
            head = socket.create_connection(("127.0.0.1", port), timeout=5)
            head.sendall(b"GET /lessons/client-errors/ HTTP/1.1\r\nHost: localhost\r\n")
            body = socket.create_connection(("127.0.0.1", port), timeout=5)
            body.sendall(
                b"POST /demos/articles/ HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\nt"
            )
            sockets += [head, body]
        for _ in range(2):
            time.sleep(1)
            for n, sock in enumerate(sockets):
                sock.sendall(b"X-Slow-%d: x\r\n" % n if n % 2 == 0 else b"x")
            for path in ("/healthz", "/lessons/client-errors/"):
                started = time.monotonic()
                status, _, _ = fetch(server["url"] + path, timeout=5)
                assert status == 200
                assert time.monotonic() - started < 1.0, path
    finally:
        for sock in sockets:
            sock.close()


def test_a_client_past_its_limit_gets_its_refusals_late(server):
    """The 1xx demo allows 30 runs a minute per address; the refusals that follow come a quarter
    of a second late (tutorial/front.py), so a client in a tight loop gets few of them."""
    url = server["url"] + "/demos/expect-continue/"
    for _ in range(30):
        status, _, _ = fetch(url)
        if status == 429:
            break
    started = time.monotonic()
    status, headers, _ = fetch(url)
    elapsed = time.monotonic() - started
    assert status == 429
    assert int(headers["Retry-After"]) >= 1
    assert elapsed >= 0.25
