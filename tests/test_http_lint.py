"""HTTP correctness: REDbot over every sitemap page and every GET demo preset (live), and its
linter, httplint, over every demo preset's response (all methods, with a real session).

No BAD finding is allowed except the ones a lesson demonstrates on purpose, listed below with
the reason.
"""

import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.utils.http import http_date
from httplint import HttpResponseLinter

from tutorial.demos.catalog import all_demos

from .browser.sitemap import sitemap_paths
from .demos.conftest import Visitor

# (path, summary fragment) -> why the finding is there on purpose. Each is a seed view kept
# as the seed wrote it, next to its corrected variant (which sends Location).
NO_LOCATION = "A new resource was created without its location being sent."
DELIBERATE = {
    ("/demos/articles/seed-create/", NO_LOCATION): "create_article as the seed wrote it; the "
    "success lesson teaches Location on the corrected create-article-fixed.",
    ("/demos/create-user/", NO_LOCATION): "create_user as the seed wrote it (it creates nothing); "
    "create-user-fixed sends Location.",
    ("/demos/post-put-only/", NO_LOCATION): "post_put_only as the seed wrote it: a 405 demo whose "
    "POST branch creates nothing.",
    ("/demos/seed/products/create/", NO_LOCATION): "create_product as the seed wrote it; the REST "
    "lesson's corrected products API sends Location.",
}


def deliberate(path: str, summary: str) -> bool:
    return any(path == where and fragment in summary for where, fragment in DELIBERATE)


def fill(template: str, values: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match.group(1), "0"), template)


def redbot(url: str) -> list[str]:
    executable = shutil.which("redbot", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [executable, "-o", "har", url], capture_output=True, text=True, timeout=120, check=True
    )
    har = json.loads(result.stdout)
    return [
        message["summary"]
        for entry in har["log"]["entries"]
        for message in entry.get("_red_messages", [])
        if message["level"] == "bad"
    ]


def test_redbot_finds_nothing_bad_on_pages_and_get_presets(live_server):
    paths = set(sitemap_paths())
    for demo in all_demos():
        for preset in demo.presets:
            if preset.method == "GET" and not demo.needs_server:
                paths.add(fill(preset.path, {}))
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(
            zip(paths, pool.map(lambda p: redbot(live_server.url + p), paths), strict=True)
        )
    bad = {
        path: [summary for summary in summaries if not deliberate(path, summary)]
        for path, summaries in found.items()
    }
    assert {path: notes for path, notes in bad.items() if notes} == {}
    assert len(paths) > 100


PRESETS = [
    pytest.param(demo, preset, id=f"{demo.id}:{preset.name}")
    for demo in all_demos()
    if not demo.needs_server
    for preset in demo.presets
]


@pytest.mark.django_db
@pytest.mark.parametrize(("demo", "preset"), PRESETS)
def test_httplint_finds_nothing_bad_in_any_preset_response(demo, preset):
    visitor = Visitor()
    if preset.visitor in {"learner", "staff"}:
        visitor.sign_in(preset.visitor)
    values = visitor.placeholders()
    response = visitor.send(
        preset.method,
        fill(preset.path, values),
        body=fill(preset.body, values),
        headers={name: fill(value, values) for name, value in preset.headers.items()},
        csrf=preset.csrf,
    )
    linter = HttpResponseLinter()
    linter.process_response_topline(
        b"HTTP/1.1", str(response.status_code).encode(), response.reason_phrase.encode()
    )
    headers = dict(response.headers)
    # The WSGI server (gunicorn) adds Date to every response; the test client has none.
    headers.setdefault("Date", http_date())
    linter.process_headers([(k.encode(), v.encode()) for k, v in headers.items()])
    linter.feed_content(response.content)
    linter.finish_content(True)
    bad = [
        note.summary
        for note in linter.notes
        if note.level.name == "BAD" and not deliberate(preset.path, note.summary)
    ]
    assert bad == []
