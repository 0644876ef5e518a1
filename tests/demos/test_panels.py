"""The try-it panels without JavaScript: nothing broken on the page, and every preset reachable.

Lesson pages are the same bytes for every visitor, so they hold no CSRF token; the console's form
and buttons are hidden until the script shows them, GET presets are links, and every other
preset is a curl command. The curl commands are run here for real, against a live server.
"""

import json
import os
import re
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tutorial.content.library import lessons
from tutorial.demos.catalog import all_demos
from tutorial.demos.catalog.terminal import IDS, TOKEN_FUNCTION, preset_lines, setup_lines
from tutorial.demos.models import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db
PANEL = re.compile(r'<section class="tryit" id="try-(?P<id>[a-z0-9-]+)".*?</section>', re.S)


def lesson_pages():
    client = Client()
    return {
        lesson.slug: client.get(reverse("pages:lesson", args=[lesson.slug])).content.decode()
        for lesson in lessons()
    }


def test_lesson_pages_carry_no_per_visitor_data():
    for lesson in lessons():
        url = reverse("pages:lesson", args=[lesson.slug])
        first, second = Client().get(url), Client().get(url)
        assert first.content == second.content, url
        assert "csrfmiddlewaretoken" not in first.content.decode(), url
        assert not first.cookies, url  # no CSRF cookie, no session


def test_the_console_is_hidden_until_its_script_shows_it():
    panels = [match for html in lesson_pages().values() for match in PANEL.finditer(html)]
    assert {match["id"] for match in panels} == {demo.id for demo in all_demos()}
    for match in panels:
        panel = match[0]
        forms = re.findall(r"<form\b[^>]*>", panel)
        assert forms == ['<form class="tryit-form" hidden>'], match["id"]  # no action, no method
        assert re.search(r'<div class="tryit-presets"[^>]*\bhidden>', panel), match["id"]
        assert "<noscript>" in panel, match["id"]


@pytest.mark.parametrize("demo", all_demos(), ids=lambda demo: demo.id)
def test_every_preset_is_a_link_or_a_curl_command_on_the_page(demo):
    html = "".join(lesson_pages().values())
    (panel,) = [match[0] for match in PANEL.finditer(html) if match["id"] == demo.id]
    for preset in demo.browser_presets:
        assert f'<a href="{escape(preset.path)}">' in panel
    if demo.terminal_presets:
        assert escape(demo.terminal_script) in panel
    titles = [
        line
        for line in demo.terminal_script.splitlines()
        if line.startswith("# ") and not line.startswith("# Copy")
    ]
    assert len(titles) == len(demo.terminal_presets)
    # Each preset in exactly one of the two, in the catalog's order.
    assert sorted([*demo.browser_presets, *demo.terminal_presets], key=demo.presets.index) == list(
        demo.presets
    )


BROWSER_PRESETS = [
    pytest.param(demo, preset, id=f"{demo.id}:{preset.name}")
    for demo in all_demos()
    if not demo.needs_server
    for preset in demo.browser_presets
]


@pytest.mark.parametrize(("demo", "preset"), BROWSER_PRESETS)
def test_a_link_answers_what_its_preset_documents(demo, preset):
    # A browser without JavaScript: no console call first, no CSRF cookie, no sandbox yet.
    response = Client(raise_request_exception=False).get(preset.path)
    assert response.status_code == preset.status


def run(line: str, env: dict, cwd) -> str:
    done = subprocess.run(
        ["bash", "-c", f"{TOKEN_FUNCTION}\n{line}"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def run_lines(lines, env: dict, cwd) -> str:
    """Run the lines a learner would type, one by one; set the ids sandbox.json prints."""
    output = ""
    for line in lines:
        if line.startswith("#") or line == TOKEN_FUNCTION:
            continue
        output = run(line, env, cwd)
        if line == IDS:
            env.update({name.upper(): str(value) for name, value in json.loads(output).items()})
    return output


TERMINAL_DEMOS = [pytest.param(demo, id=demo.id) for demo in all_demos() if demo.terminal_presets]


@pytest.mark.parametrize("demo", TERMINAL_DEMOS)
def test_the_curl_commands_answer_what_their_presets_document(live_server, tmp_path, demo):
    # The live server's database is emptied between tests, data migrations included.
    for username, is_staff in DEMO_ACCOUNTS.items():
        get_user_model().objects.get_or_create(username=username, defaults={"is_staff": is_staff})
    by_name = {preset.name: preset for preset in demo.presets}
    for number, preset in enumerate(demo.terminal_presets):
        cwd = tmp_path / str(number)  # a cookie file of its own: a new visitor
        cwd.mkdir()
        env = {"PATH": os.environ["PATH"], "SITE": live_server.url}
        run_lines(setup_lines(demo.terminal_presets), env, cwd)
        if preset.after:
            run_lines(preset_lines(by_name[preset.after]), env, cwd)
        output = run_lines(preset_lines(preset), env, cwd)
        status_line = output.splitlines()[0]
        assert re.match(rf"HTTP/1\.1 {preset.status} ", status_line), (preset.name, output[:300])
