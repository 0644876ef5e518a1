"""How much one client address can add to the database in one rate-limit window.

Starts the production server (bin/start, as bench/run.py does) with the site's own limits (the
sandbox cap, the byte quota, the write and sandbox rate limits all at their defaults), waits for
a rate-limit window to begin, and then, for exactly one window, tries to fill the database from
127.0.0.1 as a hostile client would: several threads, each taking a new cookie (a new sandbox)
whenever its sandbox is full, POSTing articles of the largest title and content the site
accepts (three-byte characters, so each takes the most bytes), through both create paths, and
resetting a sandbox to fill it again once no new one is allowed. It reports the answers it got
and the bytes the database grew by: the pages in use (page_count - freelist_count, times
page_size) read through SQLite before and after, and the database file's size, its write-ahead
log written back into it, before and after.

    python -m bench.storage            # about two minutes
    make bench BENCH_ARGS="--storage"  # the same, after the throughput benchmark

The target (issue 13, item 4): at most 5 MB per client address per window.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from .server import HOST, Server, ServerSpec, collectstatic, log

TARGET_BYTES = 5 * 1000 * 1000
# The production defaults apply: bench/server.py raises these for the throughput run only.
RAISED_FOR_THROUGHPUT = (
    "TUTORIAL_SANDBOX_CAP",
    "TUTORIAL_RATE_WRITES_PER_VISITOR",
    "TUTORIAL_RATE_WRITES_PER_IP",
)
TITLE_CHARS = 200  # Article.title's max_length
CONTENT_CHARS = 10_000  # Article.content's max_length
WIDE = "\u20ac"  # the euro sign: three bytes in UTF-8
CREATE_PATHS = ("/demos/articles/", "/demos/articles/draft-create/")


class Client:
    """One cookie jar over plain HTTP/1.1."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> int:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST":
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status


def pages_in_use(database: Path) -> int:
    """Bytes of the database's pages that hold data (the write-ahead log's included)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        page_size, pages, free = (
            connection.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("page_size", "page_count", "freelist_count")
        )
    finally:
        connection.close()
    return (pages - free) * page_size


def file_bytes(database: Path) -> int:
    """The database file's size once the write-ahead log is written back into it (and emptied):
    what the data takes on disk, without the log's reusable space."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return database.stat().st_size


def attack(port: int, until: float, threads: int) -> collections.Counter:
    """Fill the database from this address until ``until`` (time.time()); count the answers."""
    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()
    title = WIDE * TITLE_CHARS
    body = urlencode({"title": title, "content": WIDE * CONTENT_CHARS}).encode()
    form = "application/x-www-form-urlencoded"
    full: list[Client] = []  # clients whose sandbox is full, to reset when no new one is allowed

    def count(label: str, status: int) -> None:
        with lock:
            statuses[f"{label} {status}"] += 1

    def worker(number: int) -> None:
        new_sandboxes = True
        client = None
        sent = 0
        while time.time() < until:
            if client is None:
                if new_sandboxes:
                    client = Client(port)
                    status = client.send("GET", "/demos/sandbox.json")
                    count("new sandbox", status)
                    if status != 200:
                        new_sandboxes, client = False, None
                        continue
                else:
                    with lock:
                        client = full.pop(0) if full else None
                    if client is None:
                        time.sleep(0.05)
                        continue
                    status = client.send("POST", "/demos/sandbox/reset/")
                    count("reset", status)
                    if status != 200:
                        time.sleep(0.05)  # over the write limit: nothing more this window
                        with lock:
                            full.append(client)
                        client = None
                        continue
            status = client.send("POST", CREATE_PATHS[(number + sent) % 2], body, form)
            sent += 1
            count("create", status)
            if status != 201:
                with lock:
                    full.append(client)
                client = None
                if status == 429:
                    time.sleep(0.05)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return statuses


def measure(static_root: Path, tmp: str | None = None, threads: int = 4) -> dict:
    root = Path(tempfile.mkdtemp(prefix="bench-storage-", dir=tmp))
    server = Server(ServerSpec("production", "gunicorn"), root, static_root)
    for name in RAISED_FOR_THROUGHPUT:
        server.env.pop(name, None)
    window = int(server.env.get("TUTORIAL_RATE_WINDOW", "60"))
    database = server.data_dir / "db.sqlite3"
    try:
        server.start()
        Client(server.port).send("GET", "/demos/sandbox.json")  # one sandbox: tables warm
        now = time.time()
        start = now - now % window + window
        log(f"storage: waiting {start - now:.0f} s for a rate-limit window to begin")
        time.sleep(start - now + 0.05)
        before, files_before = pages_in_use(database), file_bytes(database)
        log(f"storage: filling the database from one address for {window} s")
        statuses = attack(server.port, start + window - 0.05, threads)
        after = pages_in_use(database)
        server.stop()
        files_after = file_bytes(database)
    finally:
        server.kill()
        shutil.rmtree(root, ignore_errors=True)
    added = after - before
    return {
        "window_s": window,
        "threads": threads,
        "answers": dict(sorted(statuses.items())),
        "bytes_added": added,
        "file_bytes_added": files_after - files_before,
        "target_bytes": TARGET_BYTES,
        "passed": added <= TARGET_BYTES,
    }


def summary(result: dict) -> str:
    lines = [
        f"storage: one address, one {result['window_s']} s window, {result['threads']} threads",
        *(f"  {label:<16} {count:>5}" for label, count in result["answers"].items()),
        f"  database grew by {result['bytes_added'] / 1e6:.2f} MB of pages in use "
        f"(the file: {result['file_bytes_added'] / 1e6:.2f} MB); target <= "
        f"{result['target_bytes'] / 1e6:.0f} MB: {'met' if result['passed'] else 'MISSED'}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--tmp", default=None, help="where temporary directories go")
    parser.add_argument("--json", action="store_true", help="print the result as JSON too")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-storage-static-", dir=args.tmp))
    try:
        log("collecting static files")
        collectstatic(work / "static")
        result = measure(work / "static", args.tmp, args.threads)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(summary(result))
    if args.json:
        print(json.dumps(result, indent=2))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
