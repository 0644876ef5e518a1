"""The production server for real: bin/start in a fresh virtualenv, on a free loopback port.

The virtualenv is built once per run from the same dependency file the image uses
(pyproject.toml); each test module that needs a server starts its own (a module may stop it).
"""

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, headers=None, timeout=10):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="session")
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
    subprocess.run(
        [venv / "bin" / "python", "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE,
        env=production_env(root, venv, free_port()),
        check=True,
    )
    return root, venv


def production_env(root: Path, venv: Path, port: int) -> dict[str, str]:
    """The README's production environment, for plain HTTP on loopback. No
    TUTORIAL_SELF_ADDRESS: the 1xx demo must find the port by itself."""
    return {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(root / f"home-{port}"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DJANGO_SECRET_KEY": "container-start-up-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DATA_DIR": str(root / "data"),
        "DJANGO_STATIC_ROOT": str(root / "static"),
        "WEB_CONCURRENCY": "2",
    }


def start_server(image_venv):
    root, venv = image_venv
    port = free_port()
    env = production_env(root, venv, port)
    Path(env["HOME"]).mkdir()
    log = (root / f"server-{port}.log").open("w+")
    process = subprocess.Popen(
        [BASE / "bin" / "start"], cwd=BASE, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
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
    return {"url": url, "port": port, "process": process, "log": log, "env": env}


def stop_server(server) -> None:
    process = server["process"]
    if process.poll() is None:
        process.kill()
        process.wait()
    server["log"].close()


def read_log(server) -> str:
    server["log"].flush()
    server["log"].seek(0)
    return server["log"].read()
