"""Real upstream failures on loopback, for the 502 and 504 demos.

Each mode opens a real socket on 127.0.0.1 for the duration of one demo request:
- "refused": a port that is bound but not listening, so connecting is refused by the kernel;
- "invalid": a listener that answers with bytes that are not HTTP;
- "timeout": a listener that accepts and never answers;
- "ok": a listener that answers a valid HTTP/1.1 200 with a JSON body.
"""

import contextlib
import socket
import threading

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
