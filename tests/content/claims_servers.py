"""Start a real server (gunicorn, Django's runserver) on a free loopback port, and talk raw HTTP.

The claims tests need what the server writes on the wire (a 103 before the 200, chunked framing,
a 204's stray body), so requests are written and read on a plain socket.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = "tests.content.claims_app:application"
STARTUP_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@contextmanager
def running(command: list[str], port: int, cwd: Path, stop: int = signal.SIGTERM):
    """Run ``command`` until the block ends; yield once ``port`` accepts connections."""
    process = subprocess.Popen(
        command, cwd=cwd, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.communicate()[0].decode(errors="replace")
                    raise RuntimeError(f"{command[2:4]} did not start:\n{output}") from None
                time.sleep(0.1)
        yield port
    finally:
        process.send_signal(stop)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@contextmanager
def gunicorn(cwd: Path, *options: str):
    """gunicorn serving the claims app with ``options``; the app is loaded before the fork.

    ``cwd`` should be an empty directory, so that gunicorn finds no gunicorn.conf.py there.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", APP, "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--preload", *options,
    ]  # fmt: skip
    with running(command, port, cwd, stop=signal.SIGQUIT):  # gunicorn's quick shutdown
        yield port


RUNSERVER = """
import sys
from django.core.servers.basehttp import run
from tests.content.claims_app import application
run("127.0.0.1", int(sys.argv[1]), application, threading=True)
"""


@contextmanager
def runserver(cwd: Path):
    """The server `manage.py runserver` runs (django.core.servers.basehttp.run), on the app."""
    port = free_port()
    with running([sys.executable, "-c", RUNSERVER, str(port)], port, cwd):
        yield port


@dataclass
class Exchange:
    raw: bytes

    @property
    def statuses(self) -> list[int]:
        lines = self.raw.split(b"\r\n")
        return [int(line.split()[1]) for line in lines if line.startswith(b"HTTP/1.")]

    @property
    def final_head(self) -> bytes:
        start = self.raw.rindex(b"HTTP/1.")
        return self.raw[start : self.raw.index(b"\r\n\r\n", start)]

    @property
    def status(self) -> int:
        return self.statuses[-1]

    def header(self, name: str) -> str | None:
        for line in self.final_head.split(b"\r\n")[1:]:
            key, _, value = line.decode("latin-1").partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    @property
    def body(self) -> bytes:
        """The bytes after the final header block, as sent (chunked framing included)."""
        start = self.raw.rindex(b"HTTP/1.")
        return self.raw[self.raw.index(b"\r\n\r\n", start) + 4 :]

    @property
    def content(self) -> bytes:
        """The body with any chunked framing removed."""
        if self.header("Transfer-Encoding") != "chunked":
            return self.body
        rest, content = self.body, b""
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            content, rest = content + rest[:size], rest[size + 2 :]
        return content


def exchange(port: int, request: bytes, *, timeout: float = 10, then: bytes = b"") -> Exchange:
    """Send ``request`` (and ``then``, once the first reply bytes arrived); read until closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        chunks = []
        while True:
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if then:
                conn.sendall(then)
                then = b""
    return Exchange(b"".join(chunks))


def get(path: str, *headers: str, method: str = "GET", body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
