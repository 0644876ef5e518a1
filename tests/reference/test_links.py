"""Every internal link on the reference pages and the lessons leads somewhere real, and the
sitemap lists the reference pages."""

from http import HTTPStatus
from urllib.parse import urldefrag
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tutorial.content.library import lessons
from tutorial.demos.catalog import all_demos

from .parsing import links

pytestmark = pytest.mark.django_db

ALL_CODES = sorted(int(code) for code in [*HTTPStatus, 104, 306])
GUIDES = ["reference:index", "reference:choosing", "reference:headers"]


def reference_paths() -> list[str]:
    return [reverse(name) for name in GUIDES] + [
        reverse("reference:code", args=[code]) for code in ALL_CODES
    ]


def lesson_paths() -> list[str]:
    return [reverse("pages:lesson", args=[lesson.slug]) for lesson in lessons()]


# A try-it panel links its GET presets for readers without JavaScript. Those are the demo's own
# requests, answering 302, 404 or 500 on purpose; tests/demos checks each one's status.
PRESET_PATHS = {preset.path for demo in all_demos() for preset in demo.presets}


@pytest.fixture(scope="module")
def fetched():
    """Target path -> (status, html), shared by the tests so each page is fetched once."""
    return {}


def fetch(client, fetched, path):
    if path not in fetched:
        response = client.get(path)
        fetched[path] = (response.status_code, response.content.decode())
    return fetched[path]


@pytest.mark.parametrize("path", reference_paths() + lesson_paths())
def test_every_internal_link_resolves(client, fetched, path):
    status, html = fetch(client, fetched, path)
    assert status == HTTPStatus.OK
    broken = []
    for href in links(html):
        if href.startswith("#"):
            target_path, fragment, target_html = path, href[1:], html
        elif href.startswith("/") and not href.startswith("//"):
            target_path, fragment = urldefrag(href)
            if target_path in PRESET_PATHS:
                continue
            target_status, target_html = fetch(client, fetched, target_path)
            if target_status != HTTPStatus.OK:
                broken.append(f"{href}: {target_status}")
                continue
        else:
            continue  # external: checked by people, not by the test suite
        if fragment and f'id="{fragment}"' not in target_html:
            broken.append(f"{href}: no id={fragment!r} on {target_path}")
    assert broken == []


def test_the_sitemap_lists_every_reference_page(client):
    response = client.get(reverse("pages:sitemap"))
    assert response.status_code == HTTPStatus.OK
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        loc.text.removeprefix("http://testserver")
        for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)
    }
    assert set(reference_paths()) <= locations


@pytest.mark.parametrize("lesson", lessons(), ids=lambda lesson: lesson.slug)
def test_a_lesson_links_the_page_of_every_code_it_covers(lesson):
    missing = [
        code
        for code in lesson.codes
        if f'href="{reverse("reference:code", args=[code])}"' not in lesson.html
    ]
    assert missing == []
