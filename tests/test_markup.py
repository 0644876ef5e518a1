"""The Nu HTML checker finds no errors on any page of the sitemap (nor on the error pages)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .browser.sitemap import sitemap_paths

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.django_db
def test_nu_html_checker_finds_no_errors(tmp_path):
    assert VNU.exists(), "run `make test` (npm ci installs vnu-jar)"
    assert shutil.which("java"), "the Nu HTML checker needs a Java runtime"
    client = Client(raise_request_exception=False)
    paths = [*sitemap_paths(), "/no-such-page/", "/demos/login/", "/codes/?q=teapot"]
    files = []
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response["Content-Type"].startswith("text/html"), path
        file = tmp_path / f"{number:03d}.html"
        file.write_bytes(response.content)
        files.append(file)
    result = subprocess.run(
        ["java", "-jar", VNU, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    by_page = {}
    for message in messages:
        page = paths[int(Path(message["url"]).stem)]
        by_page.setdefault(page, []).append(f"{message.get('lastLine')}: {message['message']}")
    assert by_page == {}
    assert len(paths) > 70
