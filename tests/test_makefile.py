"""The README's `make run`, for real: its port, its first lines, its install markers.

The run test starts `make run PORT=<free port>` with this test run's virtualenv (its install step
marked done with `make -o`, so nothing is installed into it) and a fresh SQLite file, then asks
the site, and the 1xx demo's exchange with the site's own address, on that port.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE = Path(settings.BASE_DIR)
VENV = Path(sys.prefix)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=BASE,
        capture_output=True,
        text=True,
        check=True,
        **options,
    )


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def dry_run_lines(*targets: str) -> list[str]:
    """What `make -n` would run, with no marker file present (a fresh clone)."""
    return make("-n", *targets, "VENV=no-such-venv").stdout.splitlines()


def test_make_run_installs_the_runtime_dependencies_only():
    installs = [line for line in dry_run_lines("run") if "pip install" in line]
    assert installs[-1].endswith("pip install --quiet -e .")
    assert not any("[dev]" in line for line in installs)


def test_make_test_adds_the_test_tools_on_top_of_the_runtime_install():
    lines = dry_run_lines("test")
    runtime = lines.index("no-such-venv/bin/pip install --quiet -e .")
    tools = lines.index("no-such-venv/bin/pip install --quiet -e '.[dev]'")
    assert runtime < tools


def test_make_run_after_make_test_installs_nothing(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / ".installed-run").touch()
    (venv / ".installed-test").touch()
    for marker in (venv / ".installed-run", venv / ".installed-test"):
        later = (BASE / "pyproject.toml").stat().st_mtime + 10
        os.utime(marker, (later, later))
    lines = make("-n", "run", f"VENV={venv}").stdout
    assert "pip install" not in lines
    assert "runserver" in lines


@pytest.fixture
def make_run(tmp_path):
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "TUTORIAL_")) and name != "PORT"
    }
    env["DJANGO_DATA_DIR"] = str(tmp_path)
    output = (tmp_path / "make-run.log").open("w+")
    command = ["make", "--no-print-directory", "-o", f"{VENV}/.installed-run", "run"]
    process = subprocess.Popen(
        [*command, f"VENV={VENV}", f"PORT={port}"],
        cwd=BASE,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # runserver's autoreloader runs the server in a child process
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, "make run stopped"
            try:
                if fetch(url + reverse("pages:healthz"))[0] == HTTPStatus.OK:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("make run did not answer")
        yield url, output
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        output.seek(0)
        print(output.read())
        output.close()


def test_make_run_serves_on_the_port_asked_for_and_the_1xx_demo_follows(make_run):
    url, output = make_run
    port = url.rpartition(":")[2]
    status, body = fetch(url + "/")
    assert status == HTTPStatus.OK
    assert b"HTTP status codes" in body

    status, body = fetch(url + reverse("demos:expect-continue"))
    assert status == HTTPStatus.OK, body
    answer = json.loads(body)
    assert answer["server"] == f"127.0.0.1:{port}"
    assert " 200 " in answer["final_status_line"]

    output.seek(0)
    assert f"Open http://127.0.0.1:{port}/" in output.read()
