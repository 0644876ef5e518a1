"""Benchmark the production server command with wrk, and check it stays correct.

`make bench` runs this with the project's virtualenv. For each server configuration asked for
(default: `production`, i.e. bin/start with gunicorn.conf.py's defaults) it

1. collects static files into a temporary directory, as the image build does;
2. starts the server on a free loopback port with a production-like environment, and times the
   cold start: from starting the process to the first 200 on a lesson page (a fresh database,
   so migrations included, and again as a restart on the migrated database);
3. makes a demo session (GET /demos/sandbox.json: sessionid and csrftoken cookies);
4. warms every endpoint up, then drives them with wrk, interleaved, for several rounds:
   a trivial baseline (/healthz), the home page, a lesson, a code page, a demo GET that reads
   the database, a demo POST that writes, and a hashed static file;
5. weighs the lesson page as served (HTML, CSS, JS, icon) and checks nothing comes from
   another host;
6. runs reliability checks (the 1xx demo calling its own server, slow demos, slow clients,
   graceful SIGTERM with requests in flight, no 5xx, a clean log);

then prints one table per configuration (req/s, p50/p99, ratios to the baseline, targets) and
writes everything to bench/results/<UTC time>.json with the date and versions.

Only 2xx responses count as successes; every other response and every socket error is
reported. Compare ratios within one run only: wrk and the server share the machine's cores.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import gzip
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli

BASE = Path(__file__).resolve().parent.parent
BENCH = BASE / "bench"
LUA = BENCH / "wrk" / "report.lua"
RESULTS = BENCH / "results"
HOST = "127.0.0.1"
# What a browser sends; whitenoise answers static files with brotli for it. Pages are sent as
# Django produces them.
ACCEPT_ENCODING = "gzip, deflate, br"
LESSON = "/lessons/client-errors/"  # the largest lesson (most try-it panels)
CODE_PAGE = "/codes/404/"
# Writes go to one sandbox; the cap is raised for the run so every POST is a real create (see
# bench/README.md, "The write endpoint").
BENCH_SANDBOX_CAP = 1_000_000
PAGE_WEIGHT_BUDGET = 40 * 1024
COLD_START_BUDGET_S = 2.0
# The load run: "worker memory flat" means no worker grows by more than this over the run.
LOAD_RSS_GROWTH_MB = 10.0


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str  # a path, or "{static}" resolved from the home page
    method: str = "GET"
    body: str = ""
    session: bool = False  # send the demo session's cookies
    csrf: bool = False  # send X-CSRFToken (and a form content type)
    min_ratio: float | None = None  # req/s target, as a ratio to the baseline
    max_p99_ratio: float | None = None  # p99 target, as a multiple of the baseline's p99


ENDPOINTS = [
    Endpoint("baseline", "/healthz"),
    Endpoint("home", "/", min_ratio=0.8, max_p99_ratio=2.0),
    Endpoint("lesson", LESSON, min_ratio=0.8, max_p99_ratio=2.0),
    Endpoint("code", CODE_PAGE, min_ratio=0.8, max_p99_ratio=2.0),
    Endpoint("demo_get", "/demos/products/", session=True, min_ratio=0.6),
    Endpoint(
        "demo_post",
        "/demos/articles/",
        method="POST",
        body="title=Bench&content=x",
        session=True,
        csrf=True,
    ),
    Endpoint("static", "{static}", min_ratio=0.9),
]


@dataclass
class ServerSpec:
    """One configuration to measure: gunicorn through bin/start, or granian for comparison."""

    name: str
    kind: str  # "gunicorn" or "granian"
    env: dict[str, str] = field(default_factory=dict)
    load_run: bool = False  # the long mixed run (the first configuration only)

    @classmethod
    def parse(cls, text: str) -> ServerSpec:
        """`production`, `gthread`, `sync` or `granian`, then optional `:KEY=VALUE` overrides."""
        name, *overrides = text.split(":")
        env = dict(item.split("=", 1) for item in overrides)
        if name == "production":
            return cls(text, "gunicorn", env)
        if name in {"gthread", "sync"}:
            return cls(text, "gunicorn", {"GUNICORN_WORKER_CLASS": name, **env})
        if name == "granian":
            return cls(text, "granian", env)
        raise SystemExit(f"unknown server {name!r}: use production, gthread, sync or granian")


# ---------------------------------------------------------------------------------------------
# Tools


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    """wrk from Debian's packages, installed when missing (make bench runs as root on CI)."""
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing: installing it with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("apt-get installed wrk but it is not on PATH")
    return found


def install_granian(target: Path) -> str | None:
    """granian into its own directory (not the project's venv); None when it does not install."""
    log("installing granian for the comparison (pip install --target)")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
            *("--target", str(target), "granian"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        log("granian did not install:\n" + result.stdout + result.stderr)
        return None
    return str(target)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def request(port, path, *, method="GET", headers=None, body=None, timeout=10.0):
    """One HTTP/1.1 exchange: (status, headers, raw body bytes as sent, not decompressed)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    def __init__(self, spec: ServerSpec, root: Path, static_root: Path, *, granian_path=None):
        self.spec = spec
        self.root = root
        self.port = free_port()
        self.data_dir = root / "data"
        venv_bin = Path(sys.executable).parent
        self.env = {
            "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",
            "HOME": os.environ.get("HOME", str(root)),
            "LANG": "C.UTF-8",
            "PORT": str(self.port),
            "HOST": HOST,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_DATA_DIR": str(self.data_dir),
            "DJANGO_STATIC_ROOT": str(static_root),
            "TUTORIAL_SELF_ADDRESS": f"{HOST}:{self.port}",
            "TUTORIAL_SANDBOX_CAP": str(BENCH_SANDBOX_CAP),
            # The benchmark measures throughput, not the limits: every POST must be a real create.
            "TUTORIAL_RATE_WRITES_PER_VISITOR": str(BENCH_SANDBOX_CAP),
            "TUTORIAL_RATE_WRITES_PER_IP": str(BENCH_SANDBOX_CAP),
            **spec.env,
        }
        if spec.kind == "granian":
            self.env["PYTHONPATH"] = granian_path or ""
        self.process: subprocess.Popen | None = None
        self.log_path = root / "server.log"
        self.starts = 0

    @property
    def command(self) -> list[str]:
        if self.spec.kind == "gunicorn":
            return [str(BASE / "bin" / "start")]
        # The same steps as bin/start, with granian instead of gunicorn. Its workers load
        # bench/granian_app.py, which renders the content on import (granian has no preload).
        workers = self.env.get("WEB_CONCURRENCY", "2")
        threads = self.env.get("GUNICORN_THREADS", "4")
        return [
            "sh",
            "-c",
            "set -eu; python manage.py migrate_locked --no-input; exec python -m granian "
            f"--interface wsgi --host {HOST} --port {self.port} --workers {workers} "
            f"--blocking-threads {threads} --access-log --no-ws bench.granian_app:application",
        ]

    def label(self) -> str:
        if self.spec.kind == "granian":
            workers = self.env.get("WEB_CONCURRENCY", "2")
            threads = self.env.get("GUNICORN_THREADS", "4")
            return f"granian wsgi, {workers} workers x {threads} blocking threads"
        config = gunicorn_settings(self.env)
        text = f"gunicorn {config['worker_class']}, {config['workers']} workers"
        if config["worker_class"] == "gthread":
            text += f" x {config['threads']} threads"
        return text

    def start(self) -> float:
        """Start the server; return seconds from starting the process to a 200 on a lesson."""
        self.starts += 1
        log_file = self.log_path.open("a")
        log_file.write(f"\n--- start {self.starts} ---\n")
        log_file.flush()
        started = time.monotonic()
        self.process = subprocess.Popen(
            self.command,
            cwd=BASE,
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log_file.close()
        deadline = started + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited during start-up:\n{self.log_tail()}")
            try:
                status, _, _ = request(self.port, LESSON, timeout=5)
            except OSError:
                time.sleep(0.005)
                continue
            if status == 200:
                return time.monotonic() - started
            time.sleep(0.005)
        self.kill()
        raise SystemExit(f"no 200 on {LESSON} within 60 s:\n{self.log_tail()}")

    def stop(self, timeout=30.0) -> int:
        """SIGTERM, as a container stop does; return the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return -9

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # our own process group
            self.process.wait()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines=40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def gunicorn_settings(env: dict[str, str]) -> dict:
    """gunicorn.conf.py's values for this environment (it is plain Python reading os.environ)."""
    code = (
        "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('worker_class', 'workers', 'threads')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def collectstatic(static_root: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "collectstatic-only",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_DATA_DIR": str(static_root.parent / "collectstatic-data"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_DEBUG", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE,
        env=env,
        check=True,
    )


# ---------------------------------------------------------------------------------------------
# The session and the endpoints


def demo_session(port: int) -> dict[str, str]:
    """Cookies of a fresh visitor whose sandbox exists (GET /demos/sandbox.json)."""
    status, headers, body = request(port, "/demos/sandbox.json")
    if status != 200:
        raise SystemExit(f"/demos/sandbox.json answered {status}: {body[:300]!r}")
    cookies = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    missing = {"sessionid", "csrftoken"} - cookies.keys()
    if missing:
        raise SystemExit(f"/demos/sandbox.json set no {', '.join(sorted(missing))} cookie")
    return cookies


def endpoint_headers(endpoint: Endpoint, cookies: dict[str, str]) -> dict[str, str]:
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    if endpoint.session:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
    if endpoint.csrf:
        headers["X-CSRFToken"] = cookies["csrftoken"]
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


def static_path(port: int) -> str:
    _, _, body = request(port, "/")
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    if not match:
        raise SystemExit("the home page links no hashed /static/css/site.<hash>.css")
    return match.group(1)


def preflight(port, endpoint: Endpoint, path: str, headers: dict[str, str]) -> dict:
    """One request as wrk will send it: it must be a 2xx; note what came back."""
    status, response_headers, body = request(
        port,
        path,
        method=endpoint.method,
        headers=headers,
        body=endpoint.body.encode() if endpoint.body else None,
    )
    if not 200 <= status < 300:
        raise SystemExit(f"{endpoint.method} {path} answered {status}: {body[:300]!r}")
    return {
        "status": status,
        "bytes": len(body),
        "content_encoding": response_headers.get("Content-Encoding", "identity"),
    }


# ---------------------------------------------------------------------------------------------
# wrk


def run_wrk(
    wrk, port, endpoint, path, headers, *, duration, threads, connections, paths=()
) -> dict:
    """One wrk run against ``path`` (or, with ``paths``, GETs of each of them in turn)."""
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s"]
    command += ["-s", str(LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    env = {
        **os.environ,
        "BENCH_METHOD": endpoint.method,
        "BENCH_BODY": endpoint.body,
        "BENCH_PATHS": " ".join(paths),
    }
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    load_1m = os.getloadavg()[0]
    seconds = raw["duration_us"] / 1e6
    ok = raw["status"]["2xx"]
    socket_errors = sum(v for k, v in raw["errors"].items() if k != "status")
    return {
        "req_per_s": round(ok / seconds, 1),
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 3),
        "p90_ms": round(raw["latency_us"]["p90"] / 1000, 3),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 3),
        "requests": raw["requests"],
        "ok_2xx": ok,
        "non_2xx": raw["requests"] - ok,
        "socket_errors": socket_errors,
        "status": raw["status"],
        "transfer_mb_per_s": round(raw["bytes"] / seconds / 1e6, 2),
        "load_1m_after": round(load_1m, 2),
    }


def median_of(rounds: list[dict]) -> dict:
    return {
        key: round(statistics.median(r[key] for r in rounds), 3)
        for key in ("req_per_s", "p50_ms", "p90_ms", "p99_ms")
    } | {
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "socket_errors": sum(r["socket_errors"] for r in rounds),
    }


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


# ---------------------------------------------------------------------------------------------
# One configuration


def bench_server(spec: ServerSpec, args, wrk: str, static_root: Path, granian_path) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"bench-{spec.name.replace(':', '-')}-", dir=args.tmp))
    server = Server(spec, root, static_root, granian_path=granian_path)
    label = server.label()
    log(f"{spec.name}: {label}, port {server.port}")
    result: dict = {"server": spec.name, "label": label, "env": spec.env}
    try:
        cold_fresh = server.start()
        log(f"{spec.name}: cold start (fresh database) {cold_fresh:.2f} s")
        port = server.port
        cookies = demo_session(port)
        resolved = {}
        for endpoint in ENDPOINTS:
            path = static_path(port) if endpoint.path == "{static}" else endpoint.path
            headers = endpoint_headers(endpoint, cookies)
            resolved[endpoint.name] = (endpoint, path, headers)
        result["preflight"] = {
            name: preflight(port, e, path, headers) | {"path": path}
            for name, (e, path, headers) in resolved.items()
        }
        wrk_options = {"threads": args.threads, "connections": args.connections}
        log(f"{spec.name}: warming up ({args.warmup} s per endpoint)")
        for endpoint, path, headers in resolved.values():
            run_wrk(wrk, port, endpoint, path, headers, duration=args.warmup, **wrk_options)
        rounds: dict[str, list[dict]] = {name: [] for name in resolved}
        for number in range(1, args.rounds + 1):
            for name, (endpoint, path, headers) in resolved.items():
                outcome = run_wrk(
                    wrk, port, endpoint, path, headers, duration=args.duration, **wrk_options
                )
                rounds[name].append(outcome)
                log(
                    f"{spec.name}: round {number} {name:<9} {outcome['req_per_s']:>8.0f} req/s "
                    f"p50 {outcome['p50_ms']:.2f} ms p99 {outcome['p99_ms']:.2f} ms "
                    f"non-2xx {outcome['non_2xx']}"
                )
        result["endpoints"] = summarise(resolved, rounds)
        result["page_weight"] = page_weight(port)
        checks = {}
        if spec.load_run and args.load_seconds > 0:
            result["load_run"] = load_run(server, wrk, cookies, args)
            checks["load_run"] = {
                "passed": result["load_run"]["passed"],
                "detail": {
                    "requests": result["load_run"]["wrk"]["requests"],
                    "status": result["load_run"]["wrk"]["status"],
                    "socket_errors": result["load_run"]["wrk"]["socket_errors"],
                    "rss_growth_mb": result["load_run"]["workers_rss_growth_mb"],
                },
            }
        if not args.skip_checks:
            log(f"{spec.name}: reliability checks")
            checks["self_request_1xx"] = check_self_request(port)
            checks["slow_demos"] = check_slow_demos(port)
            checks["slow_clients"] = check_slow_clients(port)
        checks["graceful_stop"] = check_graceful_stop(server)
        cold_restart = server.start()
        log(f"{spec.name}: cold start (restart, migrated database) {cold_restart:.2f} s")
        server.stop()
        checks["clean_log"] = check_log(server)
        checks["no_errors_under_load"] = {
            "passed": all(
                e["median"]["non_2xx"] == 0 and e["median"]["socket_errors"] == 0
                for e in result["endpoints"].values()
            ),
            "detail": {
                name: {"non_2xx": e["median"]["non_2xx"], "socket": e["median"]["socket_errors"]}
                for name, e in result["endpoints"].items()
            },
        }
        result["checks"] = checks
        result["cold_start_s"] = {"fresh": round(cold_fresh, 3), "restart": round(cold_restart, 3)}
        result["targets"] = targets(result)
        result["server_log_tail"] = server.log_tail(5)
    finally:
        server.kill()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return result


def summarise(resolved, rounds) -> dict:
    baseline = median_of(rounds["baseline"])
    summary = {}
    for name, (endpoint, path, _) in resolved.items():
        median = median_of(rounds[name])
        ratio = median["req_per_s"] / baseline["req_per_s"] if baseline["req_per_s"] else 0
        p99_ratio = median["p99_ms"] / baseline["p99_ms"] if baseline["p99_ms"] else 0
        met = None
        if endpoint.min_ratio is not None:
            met = ratio >= endpoint.min_ratio
            if endpoint.max_p99_ratio is not None:
                met = met and p99_ratio <= endpoint.max_p99_ratio
        summary[name] = {
            "method": endpoint.method,
            "path": path,
            "rounds": rounds[name],
            "median": median,
            "ratio": round(ratio, 3),
            "p99_ratio": round(p99_ratio, 3),
            "target": target_text(endpoint),
            "met": met,
        }
    return summary


def target_text(endpoint: Endpoint) -> str:
    if endpoint.min_ratio is None:
        return ""
    text = f">= {endpoint.min_ratio:.1f}"
    if endpoint.max_p99_ratio is not None:
        text += f", p99 <= {endpoint.max_p99_ratio:g}x"
    return text


def targets(result: dict) -> dict:
    endpoints = result["endpoints"]
    weight = result["page_weight"]
    cold = result["cold_start_s"]
    return {
        "pages_ratio_and_p99": all(endpoints[n]["met"] for n in ("home", "lesson", "code")),
        "demo_get_ratio": endpoints["demo_get"]["met"],
        "static_ratio": endpoints["static"]["met"],
        "page_weight_served": weight["served_total_bytes"] <= PAGE_WEIGHT_BUDGET,
        "page_weight_page_compressed": weight["total_with_page_compressed_bytes"]
        <= PAGE_WEIGHT_BUDGET,
        "no_other_hosts": not weight["requests_to_other_hosts"],
        "cold_start_fresh": cold["fresh"] <= COLD_START_BUDGET_S,
        "cold_start_restart": cold["restart"] <= COLD_START_BUDGET_S,
        "reliability_checks": all(c["passed"] for c in result["checks"].values()),
    }


# ---------------------------------------------------------------------------------------------
# Report


def yes_no(value) -> str:
    return "" if value is None else ("met" if value else "MISSED")


def table(result: dict, args) -> str:
    lines = [
        f"{result['label']} ({result['server']}): wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, median of {args.rounds} rounds",
        "",
        f"| {'endpoint':<9} | {'request':<40} | {'req/s':>7} | {'ratio':>5} | {'p50 ms':>6} "
        f"| {'p99 ms':>7} | {'p99 x':>5} | {'non-2xx':>7} | {'target':<19} | {'':<6} |",
        "|" + "|".join("-" * w for w in (11, 42, 9, 7, 8, 9, 7, 9, 21, 8)) + "|",
    ]
    for name, e in result["endpoints"].items():
        m = e["median"]
        request_text = f"{e['method']} {e['path']}"
        failures = m["non_2xx"] + m["socket_errors"]
        lines.append(
            f"| {name:<9} | {request_text:<40} | {m['req_per_s']:>7.0f} | {e['ratio']:>5.2f} "
            f"| {m['p50_ms']:>6.2f} | {m['p99_ms']:>7.2f} | {e['p99_ratio']:>5.2f} "
            f"| {failures:>7} | {e['target']:<19} | {yes_no(e['met']):<6} |"
        )
    weight = result["page_weight"]
    cold = result["cold_start_s"]
    lines += [
        "",
        f"cold start to first 200 on {LESSON}: {cold['fresh']:.2f} s with a fresh database "
        f"(migrations included), {cold['restart']:.2f} s on restart "
        f"(target <= {COLD_START_BUDGET_S:g} s)",
        f"lesson page weight: {weight['served_total_bytes'] / 1024:.1f} KB as this server sends "
        f"it, {weight['total_with_page_compressed_bytes'] / 1024:.1f} KB with the HTML "
        f"compressed (gzip 9); budget {PAGE_WEIGHT_BUDGET // 1024} KB; "
        f"other hosts: {len(weight['requests_to_other_hosts'])}",
    ]
    for item in weight["items"]:
        lines.append(
            f"    {item['served_bytes'] / 1024:>6.1f} KB {item['content_encoding']:<8} "
            f"{item['what']:<18} {item['url']}"
        )
    lines.append("reliability checks:")
    for name, check in result["checks"].items():
        lines.append(f"    {'pass' if check['passed'] else 'FAIL'}  {name}: {check['detail']}")
    lines.append(
        "targets: "
        + ", ".join(f"{name} {yes_no(value)}" for name, value in result["targets"].items())
    )
    return "\n".join(lines)


def versions(wrk: str, granian_path) -> dict:
    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    found = {
        name: version(name)
        for name in ("django", "gunicorn", "whitenoise", "brotli", "markdown", "pygments")
    }
    found["python"] = platform.python_version()
    wrk_banner = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    found["wrk"] = (wrk_banner.stdout + wrk_banner.stderr).splitlines()[0].strip()
    if granian_path:
        dist = next(Path(granian_path).glob("granian-*.dist-info"), None)
        found["granian"] = (
            dist.name.removeprefix("granian-").removesuffix(".dist-info") if dist else "?"
        )
    found["project_commit"] = project_commit()
    return found


def project_commit() -> str | None:
    """The checked-out commit, read from .git without running git."""
    git = BASE / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head.removeprefix("ref: ")
        if (git / ref).exists():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        return None
    return None


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "platform": platform.platform(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--servers",
        default=os.environ.get("BENCH_SERVERS", "production"),
        help="comma-separated: production (bin/start as configured), gthread, sync, granian; "
        "each may carry :KEY=VALUE environment overrides, e.g. gthread:GUNICORN_THREADS=8",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--load-seconds", type=int, default=60, help="the mixed load run's length (0: none)"
    )
    parser.add_argument("--load-connections", type=int, default=64)
    parser.add_argument("--skip-checks", action="store_true", help="no reliability checks")
    parser.add_argument("--output", type=Path, help="results file (default bench/results/...)")
    parser.add_argument("--no-save", action="store_true", help="write no results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument("--tmp", default=None, help="where temporary directories go")
    args = parser.parse_args(argv)

    specs = [ServerSpec.parse(text.strip()) for text in args.servers.split(",") if text.strip()]
    if specs:
        specs[0].load_run = True
    wrk = ensure_wrk()
    started = dt.datetime.now(dt.UTC)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=args.tmp))
    try:
        granian_path = None
        if any(spec.kind == "granian" for spec in specs):
            granian_path = install_granian(work / "granian")
            if granian_path is None:
                specs = [spec for spec in specs if spec.kind != "granian"]
        log("collecting static files")
        static_root = work / "static"
        collectstatic(static_root)
        results = [bench_server(spec, args, wrk, static_root, granian_path) for spec in specs]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    report = {
        "date": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(wrk, granian_path),
        "machine": machine() | {"load_average_at_start": load_at_start},
        "wrk": {
            "threads": args.threads,
            "connections": args.connections,
            "duration_s": args.duration,
            "rounds": args.rounds,
            "warmup_s": args.warmup,
            "accept_encoding": ACCEPT_ENCODING,
            "timeout": "5s",
        },
        "targets": {
            "home, lesson, code": ">= 0.8 x baseline req/s and p99 <= 2 x baseline p99",
            "demo_get": ">= 0.6 x baseline req/s",
            "static": ">= 0.9 x baseline req/s",
            "page_weight": f"<= {PAGE_WEIGHT_BUDGET} bytes, no other hosts",
            "cold_start": f"<= {COLD_START_BUDGET_S} s to the first 200 on {LESSON}",
        },
        "sandbox_cap_during_run": BENCH_SANDBOX_CAP,
        "results": results,
    }
    print()
    for result in results:
        print(table(result, args))
        print()
    if len(results) > 1:
        print(comparison(results))
        print()
    if not args.no_save:
        output = args.output or RESULTS / f"{started.strftime('%Y-%m-%dT%H%M%SZ')}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2) + "\n")
        print(f"results: {output.relative_to(BASE) if output.is_relative_to(BASE) else output}")
    # Speed targets are reported, not enforced (they depend on the machine); a failed
    # reliability check (errors, 5xx, memory growth, an unclean stop) is a failure.
    return 0 if all(r["targets"]["reliability_checks"] for r in results) else 1


def comparison(results: list[dict]) -> str:
    names = [name for name in results[0]["endpoints"]]
    header = f"| {'server':<40} | " + " | ".join(f"{n:>12}" for n in names) + " | checks |"
    lines = [
        "req/s (ratio to baseline) per configuration:",
        "",
        header,
        "|" + "-" * 42 + "|" + "|".join("-" * 14 for _ in names) + "|--------|",
    ]
    for result in results:
        cells = []
        for name in names:
            e = result["endpoints"][name]
            cells.append(f"{e['median']['req_per_s']:.0f} ({e['ratio']:.2f})".rjust(12))
        checks = "pass" if result["targets"]["reliability_checks"] else "FAIL"
        lines.append(f"| {result['label']:<40} | " + " | ".join(cells) + f" | {checks:<6} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
