"""Code pages link the live demos that answer with their code (tutorial/reference/demos.py)."""

from http import HTTPStatus
from urllib.parse import urldefrag

import pytest
from django.urls import reverse

from tutorial.content.documents import Lesson
from tutorial.content.library import code_pages, get_code_page
from tutorial.demos.catalog import Demo, Preset, all_demos
from tutorial.reference.demos import build_index, demo_index, placements

from .parsing import links

pytestmark = pytest.mark.django_db

# Every status some preset answers with, that has a code page: each of those pages links a demo.
ANSWERED = sorted(
    {preset.status for demo in all_demos() for preset in demo.presets}
    & {page.code for page in code_pages()}
)
CODES_WITH_DEMOS = sorted(demo_index())


@pytest.mark.parametrize("code", ANSWERED, ids=str)
def test_a_status_some_preset_answers_links_a_demo_that_answers_it(client, code):
    html = client.get(reverse("reference:code", args=[code])).content.decode()
    shown = demo_index()[code]
    assert shown
    hrefs = links(html)
    extra = set(get_code_page(code).demos)
    for link in shown:
        assert link.url in hrefs
        demo = next(demo for demo in all_demos() if demo.id == link.id)
        assert demo.id in extra or code in {preset.status for preset in demo.presets}


@pytest.mark.parametrize("code", CODES_WITH_DEMOS, ids=str)
def test_every_demo_link_lands_on_that_demos_panel(client, code):
    html = client.get(reverse("reference:code", args=[code])).content.decode()
    assert "Live demo" in html
    for link in demo_index()[code]:
        path, fragment = urldefrag(link.url)
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK
        assert f'id="{fragment}" data-demo="{link.id}"' in response.content.decode()


@pytest.mark.parametrize("code", CODES_WITH_DEMOS, ids=str)
def test_the_json_lists_the_same_demos(client, code):
    entry = client.get(reverse("reference:code_json", args=[code])).json()
    assert entry["demos"] == [link.as_json() for link in demo_index()[code]]
    assert {demo["id"] for demo in entry["demos"]} <= {demo.id for demo in all_demos()}


def test_a_code_page_without_a_demo_says_nothing_about_demos(client):
    assert HTTPStatus.MISDIRECTED_REQUEST not in demo_index()
    html = client.get(reverse("reference:code", args=[421])).content.decode()
    assert "Live demo" not in html
    assert client.get(reverse("reference:code_json", args=[421])).json()["demos"] == []


def test_demos_named_in_front_matter_are_linked_first():
    named = {page.code: page.demos for page in code_pages() if page.demos}
    assert named  # 100 Continue names the demo of its interim response
    for code, ids in named.items():
        assert [link.id for link in demo_index()[code]][: len(ids)] == list(ids)


# The rules on their own, with made-up lessons and demos.


def lesson(slug: str, html: str) -> Lesson:
    return Lesson(slug, slug.title(), "", 1, (), html, [], {})


def panel(demo_id: str) -> str:
    return f'<section class="tryit" id="try-{demo_id}" data-demo="{demo_id}"></section>'


def demo(demo_id: str, *answers: int, statuses: tuple[int, ...] = ()) -> Demo:
    presets = tuple(Preset(f"answers {status}", "GET", "/", status) for status in answers)
    return Demo(demo_id, None, demo_id, "", "/", ("GET",), statuses or answers, presets, print)


def test_placements_follow_the_heading_a_panel_sits_under():
    html = (
        '<h2 id="intro">Intro</h2>'
        + panel("first")
        + '<h2 id="404-not-found">404 Not Found</h2><h3 id="pitfall">Pitfall</h3>'
        + panel("nested")
        + '<h2 id="more">More</h2><h3 id="409-conflict">409 Conflict</h3>'
        + panel("subsection")
        + '<h2 id="cheat-sheet">Cheat sheet</h2>'
        + panel("after")
    )
    where = placements([lesson("client-errors", html), lesson("later", panel("first"))])
    assert {demo_id: set(place.sections) for demo_id, place in where.items()} == {
        "first": set(),
        "nested": {404},
        "subsection": {409},
        "after": set(),
    }
    assert where["first"].lesson.slug == "client-errors"  # the first lesson that embeds it
    assert where["nested"].anchor == "try-nested"


def test_demos_in_the_codes_own_section_are_preferred_to_the_rest():
    html = (
        '<h2 id="404-not-found">404 Not Found</h2>'
        + panel("about-404")
        + '<h2 id="other">Other</h2>'
        + panel("also-404")
    )
    demos = [
        demo("about-404", 200, 404),
        demo("also-404", 200, 404),
        demo("lists-500", 200, statuses=(200, 500)),
        demo("nowhere", 404),
    ]
    index = build_index(demos, placements([lesson("errors", html + panel("lists-500"))]), {})
    url = reverse("pages:lesson", args=["errors"])
    assert [(link.id, link.url) for link in index[404]] == [("about-404", f"{url}#try-about-404")]
    # No demo sits in a 200 section, so every demo that answers 200 is linked.
    assert [link.id for link in index[200]] == ["about-404", "also-404", "lists-500"]
    # A status a demo lists but no preset answers with links nothing.
    assert 500 not in index


def test_front_matter_demos_come_first_and_only_once():
    html = '<h2 id="200-ok">200 OK</h2>' + panel("ok") + panel("interim")
    demos = [demo("ok", 200), demo("interim", 200)]
    index = build_index(demos, placements([lesson("l", html)]), {100: ("interim",), 200: ("ok",)})
    assert [link.id for link in index[100]] == ["interim"]
    assert [link.id for link in index[200]] == ["ok", "interim"]
