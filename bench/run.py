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
6. runs the load run (60 s at 64 connections over lessons and demo GETs: errors, 5xx and
   worker memory) and the reliability checks (the 1xx demo calling its own server, slow demos,
   slow clients, graceful SIGTERM with requests in flight, no 5xx, a clean log);

then prints one table per configuration (req/s, p50/p99, ratios to the baseline, targets) and
writes everything to bench/results/<UTC time>.json with the date and versions.

Only 2xx responses count as successes; every other response and every socket error is
reported. Compare ratios within one run only: wrk and the server share the machine's cores.

The parts: server.py (where things are, starting and stopping the server), drive.py (the
endpoints and wrk), checks.py (page weight, the load run, reliability), report.py (ratios,
targets, tables). Run it as ``python -m bench.run`` from the project's root.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import storage
from .attack import slow_clients, starvation
from .checks import (
    check_graceful_stop,
    check_log,
    check_self_request,
    check_slow_clients,
    check_slow_demos,
    load_run,
    page_weight,
)
from .drive import ENDPOINTS, demo_session, endpoint_headers, preflight, run_wrk, static_path
from .report import comparison, machine, summarise, table, targets, versions
from .server import (
    ACCEPT_ENCODING,
    BASE,
    BENCH_SANDBOX_CAP,
    COLD_START_BUDGET_S,
    LESSON,
    PAGE_WEIGHT_BUDGET,
    RESULTS,
    Server,
    ServerSpec,
    collectstatic,
    ensure_wrk,
    install_granian,
    log,
)

# ---------------------------------------------------------------------------------------------
# One configuration


PARTS = ("throughput", "weight", "load", "checks", "slow", "starvation")


def bench_server(spec: ServerSpec, args, wrk: str, static_root: Path, granian_path) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"bench-{spec.name.replace(':', '-')}-", dir=args.tmp))
    server = Server(spec, root, static_root, granian_path=granian_path)
    label = server.label()
    log(f"{spec.name}: {label}, port {server.port}")
    result: dict = {"server": spec.name, "label": label, "env": spec.env, "parts": args.only}
    try:
        cold_fresh = server.start()
        log(f"{spec.name}: cold start (fresh database) {cold_fresh:.2f} s")
        port = server.port
        cookies = demo_session(port)
        if "throughput" in args.only:
            result["endpoints"], result["preflight"] = throughput(spec, args, wrk, port, cookies)
        if "weight" in args.only:
            result["page_weight"] = page_weight(port)
        checks = {}
        if "load" in args.only and spec.load_run and args.load_seconds > 0:
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
        if "checks" in args.only:
            log(f"{spec.name}: reliability checks")
            checks["self_request_1xx"] = check_self_request(port)
            checks["slow_demos"] = check_slow_demos(port)
            checks["slow_clients"] = check_slow_clients(port)
        # The held-socket checks last: the starvation loops use up this address's 1xx demo
        # allowance for the rate-limit window.
        if "slow" in args.only:
            checks["slow_clients_held"] = slow_clients(
                port, heads=args.slow_sockets, bodies=args.slow_sockets, hold=args.slow_seconds
            )
        if "starvation" in args.only:
            checks["starvation_1xx"] = starvation(port, seconds=args.starve_seconds)
        checks["graceful_stop"] = check_graceful_stop(server)
        cold_restart = server.start()
        log(f"{spec.name}: cold start (restart, migrated database) {cold_restart:.2f} s")
        server.stop()
        checks["clean_log"] = check_log(server)
        if "endpoints" in result:
            checks["no_errors_under_load"] = {
                "passed": all(
                    e["median"]["non_2xx"] == 0 and e["median"]["socket_errors"] == 0
                    for e in result["endpoints"].values()
                ),
                "detail": {
                    name: {
                        "non_2xx": e["median"]["non_2xx"],
                        "socket": e["median"]["socket_errors"],
                    }
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


def throughput(spec: ServerSpec, args, wrk: str, port: int, cookies: dict) -> tuple[dict, dict]:
    """Every endpoint warmed up, then driven by wrk, interleaved, for args.rounds rounds."""
    resolved = {}
    for endpoint in ENDPOINTS:
        path = static_path(port) if endpoint.path == "{static}" else endpoint.path
        headers = endpoint_headers(endpoint, cookies)
        resolved[endpoint.name] = (endpoint, path, headers)
    checked = {
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
    return summarise(resolved, rounds), checked


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
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (default all): {', '.join(PARTS)}; the cold start, "
        "graceful stop and log check always run",
    )
    parser.add_argument("--slow-seconds", type=int, default=60, help="slow sockets held this long")
    parser.add_argument("--slow-sockets", type=int, default=200, help="slow heads (and bodies)")
    parser.add_argument("--starve-seconds", type=int, default=30, help="1xx demo loops this long")
    parser.add_argument("--output", type=Path, help="results file (default bench/results/...)")
    parser.add_argument("--no-save", action="store_true", help="write no results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument("--tmp", default=None, help="where temporary directories go")
    parser.add_argument(
        "--storage", action="store_true", help="also run bench/storage.py (about two minutes)"
    )
    args = parser.parse_args(argv)
    args.only = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}: choose from {', '.join(PARTS)}")

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
        stored = storage.measure(static_root, args.tmp) if args.storage else None
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
    if stored is not None:
        report["storage"] = stored
    print()
    for result in results:
        print(table(result, args))
        print()
    if len(results) > 1:
        print(comparison(results))
        print()
    if stored is not None:
        print(storage.summary(stored))
        print()
    if not args.no_save:
        output = args.output or RESULTS / f"{started.strftime('%Y-%m-%dT%H%M%SZ')}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2) + "\n")
        print(f"results: {output.relative_to(BASE) if output.is_relative_to(BASE) else output}")
    # Speed targets are reported, not enforced (they depend on the machine); a failed
    # reliability check (errors, 5xx, memory growth, an unclean stop) is a failure.
    return 0 if all(r["targets"]["reliability_checks"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
