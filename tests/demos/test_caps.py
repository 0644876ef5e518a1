"""The creation cap holds on every demo that creates rows, one request at a time and at once."""

import itertools
import re
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from importlib import import_module

import pytest
from django.apps import apps

from tutorial.demos.catalog import all_demos
from tutorial.demos.models import SandboxedModel
from tutorial.demos.sandbox import SESSION_KEY

from .conftest import LiveVisitor

SANDBOXED = [
    model
    for model in apps.get_app_config("demos").get_models()
    if issubclass(model, SandboxedModel)
]
# Every preset that POSTs and is documented to answer 201: the candidates for creating rows.
CREATING = [
    (demo, preset)
    for demo in all_demos()
    for preset in demo.presets
    if preset.method == "POST" and preset.status == HTTPStatus.CREATED
]
# The demos known to store what they create; the walk must find at least these.
KNOWN_CREATORS = {
    "create-article",
    "create-article-fixed",
    "create-user-fixed",
    "products",
    "create-product-draft",
}


def rows(sandbox_id) -> dict:
    return {model: model.all_sandboxes.filter(sandbox_id=sandbox_id).count() for model in SANDBOXED}


def grown(before: dict, after: dict) -> list:
    return [model for model in SANDBOXED if after[model] > before[model]]


@pytest.mark.django_db
def test_every_endpoint_that_creates_rows_is_capped(make_visitor, settings):
    creators, uncapped = set(), []
    default_cap = settings.DEMO_SANDBOX_CAP
    for demo, preset in CREATING:
        visitor = make_visitor()
        if preset.visitor in {"learner", "staff"}:
            assert visitor.sign_in(preset.visitor).status_code == HTTPStatus.OK
        values = visitor.placeholders()
        sandbox_id = visitor.client.session[SESSION_KEY]

        def send(visitor=visitor, preset=preset, values=values):
            return visitor.send_preset(preset, values)

        before = rows(sandbox_id)
        assert send().status_code == HTTPStatus.CREATED, (demo.id, preset.name)
        after = rows(sandbox_id)
        models = grown(before, after)
        if not models:
            continue  # a 201 that stores nothing (the seed's create_user, post_put_only)
        creators.add(demo.id)
        # The sandbox is now exactly full for what this endpoint creates.
        settings.DEMO_SANDBOX_CAP = max(after[model] for model in models)
        refused = send()
        if refused.status_code != HTTPStatus.FORBIDDEN or rows(sandbox_id) != after:
            uncapped.append((demo.id, preset.name, refused.status_code))
        else:
            assert "Delete some first" in refused.json()["error"]
            assert HTTPStatus.FORBIDDEN in demo.statuses, demo.id
        settings.DEMO_SANDBOX_CAP = default_cap
    assert uncapped == []
    assert creators >= KNOWN_CREATORS


ROOM = 4  # rows the visitor may still create when the burst starts
BURST = 10  # simultaneous POSTs (the live server accepts 10 connections ahead)


@pytest.mark.parametrize(
    ("demo", "preset"),
    [pytest.param(demo, preset, id=f"{demo.id}:{preset.name}") for demo, preset in CREATING],
)
def test_the_cap_holds_when_one_visitor_posts_many_at_once(live_server, settings, demo, preset):
    visitor = LiveVisitor(live_server.url)
    visitor.start()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sandbox_id = store(visitor.cookies[settings.SESSION_COOKIE_NAME])[SESSION_KEY]

    names = itertools.count()

    def send(connection=None):
        # A name of its own each time: the corrected products API answers 409 to a duplicate.
        body = re.sub(
            r'"name": "([^"]*)"', lambda m: f'"name": "{m[1]} {next(names)}"', preset.body
        )
        return visitor.send(
            preset.method,
            preset.path,
            body.encode(),
            preset.headers.get("Content-Type", "application/octet-stream"),
            connection=connection,
        ).status

    before = rows(sandbox_id)
    assert send() == HTTPStatus.CREATED
    after = rows(sandbox_id)
    models = grown(before, after)
    # Connected first, sent together: the burst stays within the live server's listen backlog.
    connections = [visitor.connect() for _ in range(BURST)]
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        if not models:
            # Stores nothing: a burst of them stores nothing either.
            assert set(pool.map(send, connections)) == {HTTPStatus.CREATED}
            assert rows(sandbox_id) == after
            return
        (model,) = models
        settings.DEMO_SANDBOX_CAP = after[model] + ROOM
        statuses = list(pool.map(send, connections))
    assert statuses.count(HTTPStatus.CREATED) == ROOM, statuses
    assert statuses.count(HTTPStatus.FORBIDDEN) == BURST - ROOM, statuses
    assert rows(sandbox_id)[model] == settings.DEMO_SANDBOX_CAP
