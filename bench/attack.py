"""The two checks that took the site down (issue 13 items 1 and 2), as plain sockets.

- ``slow_clients``: SLOW_HEADS sockets that send a request head one header line every
  INTERVAL seconds, and SLOW_BODIES sockets that announce ``Content-Length: 100000`` and trickle
  the body one byte every INTERVAL seconds, all held for HOLD seconds (a socket the server closes
  is opened again, as an attacker would), while /healthz and a lesson page are probed.
- ``starvation``: LOOPS concurrent loops of ``GET /demos/expect-continue/`` (the 1xx demo, which
  calls its own server) for STARVE seconds, while /healthz is probed.

Each reports the probes' p50/p99 and failures (a probe that errs or takes PROBE_TIMEOUT counts as
a failure, and as PROBE_TIMEOUT in the percentiles). Targets: slow clients, p99 <= 1 s for both
probes; starvation, /healthz p99 <= 200 ms.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import socket
import threading
import time

from .server import HOST, LESSON, log, request

SLOW_HEADS = 200
SLOW_BODIES = 200
INTERVAL = 4.0
HOLD = 60
PROBE_EVERY = 0.25
PROBE_TIMEOUT = 5.0
LOOPS = 8
STARVE = 30
SLOW_TARGET_P99_MS = 1000.0
STARVE_TARGET_P99_MS = 200.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def probe_text(path: str, probe: dict) -> str:
    failures = sum(probe["failures"].values())
    return (
        f"{path} p50 {probe['p50_ms']:.0f} ms p99 {probe['p99_ms']:.0f} ms "
        f"({probe['probes']} probes, {failures} failed)"
    )


class Prober(threading.Thread):
    """GET each path in turn every PROBE_EVERY seconds until stopped; keep the timings."""

    def __init__(self, port: int, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.port, self.paths = port, paths
        self.times: dict[str, list[float]] = {path: [] for path in paths}
        self.failures: dict[str, collections.Counter] = {p: collections.Counter() for p in paths}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            for path in self.paths:
                started = time.monotonic()
                try:
                    status, _, _ = request(self.port, path, timeout=PROBE_TIMEOUT)
                except OSError as exc:
                    status = type(exc).__name__
                elapsed = time.monotonic() - started
                self.times[path].append(min(elapsed, PROBE_TIMEOUT) * 1000)
                if status != 200:
                    self.failures[path][str(status)] += 1
            self.stopping.wait(PROBE_EVERY)

    def summary(self) -> dict:
        return {
            path: {
                "probes": len(times),
                "p50_ms": round(percentile(times, 0.5), 1),
                "p99_ms": round(percentile(times, 0.99), 1),
                "max_ms": round(max(times, default=0.0), 1),
                "failures": dict(self.failures[path]),
            }
            for path, times in self.times.items()
        }


class SlowSocket:
    """One slow client: its opening bytes, then one small piece every INTERVAL."""

    def __init__(self, port: int, kind: str, number: int) -> None:
        self.port, self.kind, self.number = port, kind, number
        self.sock: socket.socket | None = None
        self.sent_pieces = 0

    def opening(self) -> bytes:
        if self.kind == "head":
            return f"GET {LESSON} HTTP/1.1\r\nHost: {HOST}\r\n".encode()
        return (
            f"POST /demos/articles/ HTTP/1.1\r\nHost: {HOST}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        ).encode()

    def piece(self) -> bytes:
        if self.kind == "head":
            return f"X-Slow-{self.sent_pieces:04}: x\r\n".encode()
        return b"a"

    def open(self) -> bool:
        try:
            self.sock = socket.create_connection((HOST, self.port), timeout=5)
            self.sock.sendall(self.opening())
            self.sock.setblocking(False)
        except OSError:
            self.sock = None
            return False
        self.sent_pieces = 0
        return True

    def send_piece(self) -> bool:
        """False when the server has closed the connection (or answered: it gave up on us)."""
        assert self.sock is not None
        try:
            self.sock.recv(1, socket.MSG_PEEK)
            return False  # an answer or EOF: the server ended this exchange
        except BlockingIOError:
            pass  # nothing yet: the server is still waiting for us
        except OSError:
            return False
        try:
            self.sock.send(self.piece())
        except OSError:
            return False
        self.sent_pieces += 1
        return True

    def close(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.close()
            self.sock = None


def slow_clients(port: int, heads=SLOW_HEADS, bodies=SLOW_BODIES, hold=HOLD) -> dict:
    clients = [SlowSocket(port, "head", n) for n in range(heads)]
    clients += [SlowSocket(port, "body", n) for n in range(bodies)]
    log(f"slow clients: {heads} slow heads and {bodies} slow bodies for {hold} s")
    refused = reopened = 0
    prober = Prober(port, ["/healthz", LESSON])
    try:
        for client in clients:
            refused += not client.open()
        prober.start()
        deadline = time.monotonic() + hold
        while time.monotonic() < deadline:
            time.sleep(min(INTERVAL, max(0.0, deadline - time.monotonic())))
            for client in clients:
                if client.sock is not None and client.send_piece():
                    continue
                client.close()
                reopened += 1
                refused += not client.open()
    finally:
        prober.stopping.set()
        prober.join(PROBE_TIMEOUT + 1)
        for client in clients:
            client.close()
    probes = prober.summary()
    passed = all(p["p99_ms"] <= SLOW_TARGET_P99_MS and not p["failures"] for p in probes.values())
    log(f"slow clients: {probes}; reopened {reopened}, refused {refused}")
    return {
        "passed": passed,
        "detail": f"{heads} slow heads + {bodies} slow bodies for {hold} s: "
        + "; ".join(probe_text(path, p) for path, p in probes.items()),
        "slow_heads": heads,
        "slow_bodies": bodies,
        "hold_s": hold,
        "interval_s": INTERVAL,
        "probes": probes,
        "connections_closed_by_server_and_reopened": reopened,
        "connections_refused": refused,
        "target": f"p99 <= {SLOW_TARGET_P99_MS:.0f} ms for every probe, no failures",
    }


def starvation(port: int, loops=LOOPS, seconds=STARVE) -> dict:
    """LOOPS clients pressing the 1xx demo back to back; /healthz must stay fast."""
    log(f"starvation: {loops} loops of /demos/expect-continue/ for {seconds} s")
    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(port, "/demos/expect-continue/", timeout=10)
            except OSError as exc:
                status = type(exc).__name__
            with lock:
                statuses[str(status)] += 1

    prober = Prober(port, ["/healthz"])
    prober.start()
    with concurrent.futures.ThreadPoolExecutor(loops) as pool:
        for future in [pool.submit(loop) for _ in range(loops)]:
            future.result()
    prober.stopping.set()
    prober.join(PROBE_TIMEOUT + 1)
    probes = prober.summary()
    health = probes["/healthz"]
    passed = health["p99_ms"] <= STARVE_TARGET_P99_MS and not health["failures"]
    passed = passed and set(statuses) <= {"200", "429", "503"} and statuses["200"] > 0
    log(f"starvation: {probes}; demo answers {dict(statuses)}")
    return {
        "passed": passed,
        "detail": f"{loops} loops of the 1xx demo for {seconds} s: "
        f"{probe_text('/healthz', health)}; demo answers {dict(statuses)}",
        "loops": loops,
        "seconds": seconds,
        "probes": probes,
        "demo_answers": dict(statuses),
        "demo_answers_per_s": round(sum(statuses.values()) / seconds, 1),
        "target": f"/healthz p99 <= {STARVE_TARGET_P99_MS:.0f} ms, no failures; the demo "
        "answers 200, or 503/429 with Retry-After when full",
    }
