"""What the benchmark checks besides speed: page weight, the load run, reliability."""

from __future__ import annotations

import concurrent.futures
import gzip
import json
import re
import socket
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli

from .drive import Endpoint, endpoint_headers, run_wrk
from .server import (
    ACCEPT_ENCODING,
    HOST,
    LESSON,
    LOAD_RSS_GROWTH_MB,
    PAGE_WEIGHT_BUDGET,
    Server,
    log,
    request,
)

# ---------------------------------------------------------------------------------------------
# Page weight


class AssetParser(HTMLParser):
    """Every URL the page makes a browser fetch: stylesheets, scripts, icons, images, media."""

    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            rel = (attributes.get("rel") or "").lower().split()
            if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.assets.append((f"link[{' '.join(rel)}]", attributes.get("href") or ""))
        elif tag in {"script", "img", "iframe", "audio", "video", "source", "embed"} and (
            attributes.get("src")
        ):
            self.assets.append((tag, attributes["src"]))


def page_weight(port: int, path: str = LESSON) -> dict:
    """The lesson and what it loads, as this server sends them to a browser."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    origin = f"http://{HOST}:{port}"
    status, response_headers, served = request(port, path, headers=headers)
    encoding = response_headers.get("Content-Encoding", "identity")
    decode = {"identity": bytes, "gzip": gzip.decompress, "br": brotli.decompress}[encoding]
    html = decode(served)
    items = [
        {
            "what": "page",
            "url": path,
            "served_bytes": len(served),
            "content_encoding": encoding,
            # What the page would weigh compressed as whitenoise compresses (gzip level 9).
            "gzip9_bytes": len(gzip.compress(html, 9, mtime=0)),
        }
    ]
    parser = AssetParser()
    parser.feed(html.decode("utf-8", "replace"))
    other_hosts = []
    for what, url in parser.assets:
        absolute = urljoin(origin + path, url)
        if urlsplit(absolute).netloc != urlsplit(origin).netloc:
            other_hosts.append(absolute)
            continue
        asset_status, asset_headers, body = request(port, urlsplit(absolute).path, headers=headers)
        items.append(
            {
                "what": what,
                "url": urlsplit(absolute).path,
                "status": asset_status,
                "served_bytes": len(body),
                "content_encoding": asset_headers.get("Content-Encoding", "identity"),
            }
        )
    served = sum(item["served_bytes"] for item in items)
    compressed = min(items[0]["gzip9_bytes"], items[0]["served_bytes"]) + sum(
        item["served_bytes"] for item in items[1:]
    )
    return {
        "page": path,
        "status": status,
        "items": items,
        "served_total_bytes": served,
        "total_with_page_compressed_bytes": compressed,
        "budget_bytes": PAGE_WEIGHT_BUDGET,
        "requests_to_other_hosts": other_hosts,
    }


# ---------------------------------------------------------------------------------------------
# The load run: a long mixed run at high concurrency, for errors and memory, not for speed


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return sorted(int(pid) for pid in children.read_text().split())
    except OSError:
        return []


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def workers_rss(server: Server) -> dict[str, int | None]:
    return {str(pid): rss_kib(pid) for pid in worker_pids(server.process.pid)}


def load_paths(port: int, cookies: dict[str, str]) -> list[str]:
    """Every lesson, the home page, a few code pages, and the demo GETs a learner presses most."""
    _, _, body = request(port, "/sitemap.xml")
    lessons = re.findall(r"<loc>https?://[^/]+(/lessons/[^<]+)</loc>", body.decode())
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))}
    _, _, raw = request(port, "/demos/sandbox.json", headers=headers)
    ids = json.loads(raw)
    demos = [
        "/demos/products/",
        f"/demos/products/{ids['product']}/",
        f"/demos/articles/{ids['article']}/",
        f"/demos/articles/{ids['article']}/manual/",
        "/demos/my-view/",
        "/demos/get-only/",
        "/demos/custom-404/",  # a deliberate 404: counted as 4xx, never as an error
    ]
    return ["/", *lessons, "/codes/", "/codes/404/", "/codes/201/", "/codes/503/", *demos]


def load_run(server: Server, wrk: str, cookies: dict[str, str], args) -> dict:
    """LOAD_SECONDS at LOAD_CONNECTIONS over lessons and demo GETs: no socket errors, no 5xx, and
    worker memory (RSS) before and after."""
    port = server.port
    paths = load_paths(port, cookies)
    headers = endpoint_headers(Endpoint("load", "/", session=True), cookies)
    endpoint = Endpoint("load", paths[0])
    options = {"threads": args.threads, "connections": args.load_connections, "paths": paths}
    log(
        f"load run: warming up {args.warmup} s, then {args.load_seconds} s at "
        f"{args.load_connections} connections over {len(paths)} paths"
    )
    run_wrk(wrk, port, endpoint, paths[0], headers, duration=args.warmup, **options)
    before = workers_rss(server)
    outcome = run_wrk(wrk, port, endpoint, paths[0], headers, duration=args.load_seconds, **options)
    after = workers_rss(server)
    growth = {
        pid: round((after.get(pid) - kib) / 1024, 1)
        for pid, kib in before.items()
        if kib is not None and after.get(pid) is not None
    }
    restarted = sorted(set(before) ^ set(after))
    flat = (
        bool(growth) and not restarted and all(mb <= LOAD_RSS_GROWTH_MB for mb in growth.values())
    )
    passed = outcome["socket_errors"] == 0 and outcome["status"]["5xx"] == 0 and flat
    log(
        f"load run: {outcome['requests']} requests, {outcome['req_per_s']:.0f} 2xx/s, "
        f"5xx {outcome['status']['5xx']}, socket errors {outcome['socket_errors']}, "
        f"worker RSS growth MB {growth}"
    )
    return {
        "passed": passed,
        "seconds": args.load_seconds,
        "connections": args.load_connections,
        "paths": paths,
        "wrk": outcome,
        "workers_rss_kib_before": before,
        "workers_rss_kib_after": after,
        "workers_rss_growth_mb": growth,
        "workers_restarted": restarted,
        "rss_growth_budget_mb": LOAD_RSS_GROWTH_MB,
    }


# ---------------------------------------------------------------------------------------------
# Reliability checks


def timed_get(port, path, timeout=10.0):
    started = time.monotonic()
    try:
        status, _, body = request(port, path, timeout=timeout)
    except OSError as exc:
        return {"status": None, "error": repr(exc), "seconds": time.monotonic() - started}
    return {"status": status, "body": body, "seconds": time.monotonic() - started}


def check_self_request(port) -> dict:
    """The 1xx demo opens a connection to its own server: 4 at once must all get 100 Continue."""
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: timed_get(port, "/demos/expect-continue/"), range(4)))
    passed = all(
        r["status"] == 200 and b"100 Continue" in r.get("body", b"") and r["seconds"] < 5
        for r in results
    )
    return {
        "passed": passed,
        "detail": [f"{r['status']} in {r['seconds']:.2f}s" for r in results],
    }


def check_slow_demos(port) -> dict:
    """Four requests to the 504 demo (each waits on its upstream) must not stall /healthz."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        slow = [pool.submit(timed_get, port, "/demos/upstream/?upstream=timeout") for _ in range(4)]
        time.sleep(0.1)
        health = [timed_get(port, "/healthz") for _ in range(5)]
        slow_results = [f.result() for f in slow]
    worst = max(h["seconds"] for h in health)
    passed = all(h["status"] == 200 for h in health) and worst < 0.3
    passed = passed and all(r["status"] == 504 for r in slow_results)
    return {
        "passed": passed,
        "detail": f"/healthz worst {worst * 1000:.0f} ms while 4 slow demos ran; "
        f"slow demos answered {sorted({r['status'] for r in slow_results}, key=str)}",
    }


def check_slow_clients(port) -> dict:
    """Two clients that send half a request head and stop must not stall /healthz."""
    sockets = []
    try:
        for _ in range(2):
            sock = socket.create_connection((HOST, port), timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line
            sockets.append(sock)
        time.sleep(0.2)
        health = [timed_get(port, "/healthz", timeout=5) for _ in range(3)]
    finally:
        for sock in sockets:
            sock.close()
    worst = max(h["seconds"] for h in health)
    passed = all(h["status"] == 200 for h in health) and worst < 1.0
    return {
        "passed": passed,
        "detail": f"/healthz {[h['status'] for h in health]}, worst {worst * 1000:.0f} ms "
        "with 2 half-sent requests open",
    }


def check_graceful_stop(server: Server) -> dict:
    """SIGTERM with requests in flight: they finish, and the server exits 0."""
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        inflight = [
            pool.submit(timed_get, server.port, "/demos/upstream/?upstream=timeout")
            for _ in range(3)
        ]
        time.sleep(0.15)
        code = server.stop()
        results = [f.result() for f in inflight]
    passed = code == 0 and all(r["status"] == 504 for r in results)
    return {
        "passed": passed,
        "detail": f"exit code {code}; in-flight answers {[r['status'] for r in results]}",
    }


def check_log(server: Server) -> dict:
    text = server.log_text()
    bad = [
        line
        for line in text.splitlines()
        if re.search(r"Traceback|\[CRITICAL\]|\[ERROR\]|WORKER TIMEOUT|\"level\": \"ERROR\"", line)
        # The demos answer 5xx on purpose (the checks call the 504 demo): Django logs those.
        and not re.search(r'"logger": "django.request".*WSGIRequest: \w+ \'/demos/', line)
    ]
    return {"passed": not bad, "detail": bad[:5] or "no tracebacks, errors or worker timeouts"}
