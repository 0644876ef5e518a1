"""The socket plumbing under the 1xx demo: one raw HTTP/1.1 connection, and what went over it.

views_informational.py shows the exchange itself (the part a learner reads in the console);
reading heads off a socket and keeping a transcript lives here.
"""

import re
import socket
from dataclasses import dataclass
from http import HTTPStatus

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

    def __str__(self) -> str:
        return f"{self.version} {self.code} {self.reason}".rstrip()


def parse_status_line(head: bytes) -> StatusLine:
    """The status line that starts a response head; ValueError if it is not one."""
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    match = STATUS_LINE.fullmatch(line)
    if match is None:
        raise ValueError(f"not an HTTP status line: {line[:80]!r}")
    return StatusLine(match[1], int(match[2]), match[3] or "")


class Wire:
    """A client connection that records every message sent and received, in order.

    ``exchange`` is the transcript: ``[{"from": "client" | "server", "text": ...}]``.
    """

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.address, self.timeout = (host, port), timeout
        self.exchange: list[dict[str, str]] = []
        self.buffer = b""
        self.sock: socket.socket | None = None

    def __enter__(self) -> "Wire":
        self.sock = socket.create_connection(self.address, timeout=self.timeout)
        return self

    def __exit__(self, *exc_info) -> None:
        assert self.sock is not None
        self.sock.close()

    def send(self, data: bytes) -> None:
        assert self.sock is not None
        self.sock.sendall(data)
        self.exchange.append({"from": "client", "text": data.decode("utf-8", "replace")})

    def read_status(self, wait: float | None = None) -> StatusLine | None:
        """The next response head's status line; None if nothing came within ``wait``."""
        assert self.sock is not None
        self.sock.settimeout(wait or self.timeout)
        try:
            while b"\r\n\r\n" not in self.buffer:
                chunk = self.sock.recv(4096)
                if not chunk:
                    break
                self.buffer += chunk
        except TimeoutError:
            if wait is None:
                raise
            return None
        finally:
            self.sock.settimeout(self.timeout)
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status = parse_status_line(head)
        self.exchange.append({"from": "server", "text": head.decode("latin-1") + "\r\n\r\n"})
        return status

    def read_final_status(self) -> StatusLine:
        """Skip any number of 1xx heads (each is kept in the transcript) to the final one."""
        status = self.read_status()
        assert status is not None
        while status.interim and status.code != HTTPStatus.SWITCHING_PROTOCOLS:
            status = self.read_status()
            assert status is not None
        return status

    def read_to_end(self) -> None:
        """The rest of the final answer (the server closes: the request said Connection: close),
        added to the last message of the transcript."""
        assert self.sock is not None
        body = self.buffer
        while chunk := self.sock.recv(4096):
            body += chunk
        self.buffer = b""
        self.exchange[-1]["text"] += body.decode("utf-8", "replace")
