"""What wrk drives: the endpoints, the demo session, one wrk run and the median of rounds."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
from dataclasses import dataclass

from .server import ACCEPT_ENCODING, CODE_PAGE, HOST, LESSON, LUA, request


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
