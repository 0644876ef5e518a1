"""Walk the demo catalog: every preset, sent by a real client, returns its documented status."""

import inspect
import re
from http import HTTPStatus

import pytest
from django.urls import resolve, reverse

from tutorial.content.library import lessons
from tutorial.content.rendering import ContentError, render
from tutorial.content.tryit import TryItExtension
from tutorial.demos.catalog import all_demos

from .conftest import fill

pytestmark = pytest.mark.django_db

PRESETS = [
    pytest.param(demo, preset, id=f"{demo.id}:{preset.name}")
    for demo in all_demos()
    for preset in demo.presets
    if not demo.needs_server  # those are walked against a live server in test_informational
]


@pytest.mark.parametrize(("demo", "preset"), PRESETS)
def test_every_preset_returns_its_documented_status(make_visitor, demo, preset):
    visitor = make_visitor()
    if preset.visitor in {"learner", "staff"}:
        assert visitor.sign_in(preset.visitor).status_code == HTTPStatus.OK
    values = visitor.placeholders()
    if preset.after:
        (first,) = [other for other in demo.presets if other.name == preset.after]
        assert visitor.send_preset(first, values).status_code == first.status
    response = visitor.send_preset(preset, values)
    assert response.status_code == preset.status, response.content[:300]
    assert preset.status in demo.statuses
    for name, expected in preset.expect_headers.items():
        if expected is None:
            assert not response.has_header(name), (name, response[name])
        elif expected == "":
            assert response.has_header(name), name
        else:
            assert response.get(name) == fill(expected, values), name


@pytest.mark.parametrize("demo", all_demos(), ids=lambda demo: demo.id)
def test_presets_run_after_presets_of_their_own_demo(demo):
    names = [preset.name for preset in demo.presets]
    assert len(set(names)) == len(names)
    for preset in demo.presets:
        assert not preset.after or (preset.after in names and preset.after != preset.name)


@pytest.mark.parametrize("demo", all_demos(), ids=lambda demo: demo.id)
def test_every_demo_path_resolves_to_its_view(demo):
    path = re.sub(r"\{\w+\}", "1", demo.path).split("?")[0]
    match = resolve(path)
    assert match.func is demo.handler
    assert match.namespace == "demos"
    for preset in demo.presets:
        assert resolve(re.sub(r"\{\w+\}", "1", preset.path).split("?")[0]).func is demo.handler


def test_every_demo_is_embedded_in_a_lesson():
    html = "".join(lesson.html for lesson in lessons())
    missing = [demo.id for demo in all_demos() if f'data-demo="{demo.id}"' not in html]
    assert missing == []


SEED_VIEWS = {
    "my_view", "success_view", "api_success", "default_success", "create_article",
    "delete_article", "temporary_redirect", "permanent_redirect", "conditional_redirect",
    "create_user", "protected_view", "api_protected", "admin_only_view", "check_permission",
    "article_detail", "article_detail_manual", "custom_404", "get_only_view",
    "post_put_only", "manual_method_check", "risky_operation", "divide_numbers",
    "example_responses", "get_product", "create_product", "update_product",
    "delete_product",
}  # fmt: skip


def test_every_seed_view_has_a_demo():
    assert {name for demo in all_demos() for name in demo.views} == SEED_VIEWS


@pytest.mark.parametrize("demo", all_demos(), ids=lambda demo: demo.id)
def test_a_demo_names_exactly_the_seed_functions_its_panel_shows(demo):
    shown = [inspect.unwrap(function).__name__ for function in demo.shown_source]
    # What it claims, it shows (as written, or as a corrected "<name>_fixed")...
    for name in demo.views:
        assert any(function in {name, f"{name}_fixed"} for function in shown), (name, shown)
    # ... and every seed function it shows, it claims.
    for function in shown:
        seed_name = function.removesuffix("_fixed")
        assert seed_name not in SEED_VIEWS or seed_name in demo.views, (function, demo.views)
    assert demo.view == (demo.views[0] if len(demo.views) == 1 else None)


def test_catalog_json_lists_every_demo(client):
    response = client.get(reverse("demos-catalog"))
    assert response.status_code == HTTPStatus.OK
    demos = response.json()["demos"]
    assert [demo["id"] for demo in demos] == [demo.id for demo in all_demos()]
    first = demos[0]
    assert set(first) == {
        "id", "view", "views", "title", "description", "methods", "path", "statuses", "resource",
        "presets",
    }  # fmt: skip
    assert set(first["presets"][0]) == {
        "name", "method", "path", "headers", "body", "status", "as", "csrf", "note", "after",
        "expect_headers",
    }  # fmt: skip


def test_an_unknown_demo_id_fails_rendering():
    text = "---\ntitle: x\n---\n\n::: try no-such-demo\n"
    with pytest.raises(ContentError, match="unknown demo id 'no-such-demo'"):
        render(text, [TryItExtension()])


def test_a_directive_inside_a_code_sample_stays_text():
    text = "---\ntitle: x\n---\n\n```text\n::: try my-view\n```\n"
    html = render(text, [TryItExtension()]).html
    assert "::: try my-view" in html
    assert "tryit" not in html


def test_a_panel_shows_the_real_source_of_its_view():
    html = render("---\ntitle: x\n---\n\n::: try delete-article\n", [TryItExtension()]).html
    assert "tutorial/demos/views_success.py" in html
    assert '<span class="nf">delete_article</span>' in html
    assert 'data-preset="1"' in html


@pytest.mark.parametrize("demo", all_demos(), ids=lambda demo: demo.id)
def test_no_learner_facing_catalog_text_or_panel_says_seed(demo):
    # "Seed" is this project's word for the example code the lessons correct, not a learner's.
    from tutorial.content.tryit import render_panel

    texts = [demo.id, demo.title, demo.description, demo.path]
    texts += [text for preset in demo.presets for text in (preset.name, preset.note, preset.path)]
    assert [text for text in texts if "seed" in text.lower()] == []
    assert "seed" not in render_panel(demo.id).lower()
