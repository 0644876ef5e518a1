"""The server under test: where things are, starting and stopping it, plain HTTP to it."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class ServerSpec:
    """One configuration to measure: gunicorn through bin/start, or granian for comparison."""

    name: str
    kind: str  # "gunicorn" or "granian"
    env: dict[str, str] = field(default_factory=dict)
    load_run: bool = False  # the long mixed run (the first configuration only)

    @classmethod
    def parse(cls, text: str) -> ServerSpec:
        """`production`, `asgi`, `gthread`, `sync` or `granian`, then `:KEY=VALUE` overrides."""
        name, *overrides = text.split(":")
        env = dict(item.split("=", 1) for item in overrides)
        if name == "production":
            return cls(text, "gunicorn", env)
        if name in {"asgi", "gthread", "sync"}:  # gunicorn.conf.py serves WSGI for the last two
            return cls(text, "gunicorn", {"GUNICORN_WORKER_CLASS": name, **env})
        if name == "granian":
            return cls(text, "granian", env)
        raise SystemExit(f"unknown server {name!r}: use production, asgi, gthread, sync or granian")


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
        elif config["worker_class"] == "asgi":
            text += f" x {config['worker_connections']} connections"
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
        "keys = ('worker_class', 'workers', 'threads', 'worker_connections'); "
        "print(json.dumps({k: c[k] for k in keys}))"
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
