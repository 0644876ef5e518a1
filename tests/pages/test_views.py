from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.views import defaults

from tutorial.content.library import lessons
from tutorial.pages.classes import STATUS_CLASSES

pytestmark = pytest.mark.django_db


def test_home_shows_the_five_classes_the_lessons_and_the_glance_table(client):
    response = client.get(reverse("pages:home"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for cls in STATUS_CLASSES:
        assert f'<span class="class-range">{cls.range}</span>' in html
        assert reverse("pages:lesson", args=[cls.lesson]) in html
    for lesson in lessons():
        assert escape(lesson.title) in html
    assert '<table class="glance">' in html
    assert "#404-not-found" in html


@pytest.mark.parametrize(
    "slug",
    [
        "informational",
        "success",
        "redirection",
        "client-errors",
        "server-errors",
        "response-classes",
        "rest-apis",
    ],
)
def test_every_lesson_renders_with_its_sections_and_highlighted_code(client, slug):
    response = client.get(reverse("pages:lesson", args=[slug]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    lesson = response.context["lesson"]
    for _code, anchor in lesson.code_sections:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html
    assert '<div class="highlight">' in html
    assert 'class="toc"' in html


def test_lessons_link_to_their_neighbours(client):
    ordered = lessons()
    html = client.get(reverse("pages:lesson", args=[ordered[1].slug])).content.decode()
    assert f'rel="prev" href="{reverse("pages:lesson", args=[ordered[0].slug])}"' in html
    assert f'rel="next" href="{reverse("pages:lesson", args=[ordered[2].slug])}"' in html


def test_deep_link_from_the_issue_exists(client):
    html = client.get("/lessons/client-errors/").content.decode()
    assert 'id="404-not-found"' in html


@pytest.mark.parametrize(
    "path", ["/lessons/no-such-lesson/", "/lessons/codes/", "/nowhere/", "/lessons/Success/"]
)
def test_unknown_pages_get_the_site_404_page(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.templates[0].name == "404.html"
    assert "There is nothing at this address" in response.content.decode()


def test_lessons_are_not_rendered_per_request(client, fresh_store):
    url = reverse("pages:lesson", args=["client-errors"])
    assert client.get(url).status_code == HTTPStatus.OK
    after_first = fresh_store.render_count
    assert after_first >= 1
    for _ in range(3):
        client.get(url)
        client.get(reverse("pages:home"))
    assert fresh_store.render_count == after_first


def test_sitemap_lists_every_page(client):
    response = client.get(reverse("pages:sitemap"))
    assert response.status_code == HTTPStatus.OK
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        loc.text.removeprefix("http://testserver")
        for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)
    }
    # Every content page, found from the files and the routes rather than from the sitemap code.
    code_files = sorted((settings.LESSONS_DIR / "codes").glob("[1-5][0-9][0-9].md"))
    lesson_files = sorted(settings.LESSONS_DIR.glob("*.md"))
    expected = {
        reverse("pages:home"),
        *(reverse("pages:lesson", args=[path.stem]) for path in lesson_files),
        reverse("reference:index"),
        *(reverse("reference:code", args=[int(path.stem)]) for path in code_files),
        reverse("reference:choosing"),  # the guides
        reverse("reference:headers"),
    }
    assert len(code_files) > 50
    assert len(lesson_files) >= 8  # the seven status-class lessons and rate limiting, at least
    assert expected <= locations
    for location in locations:
        assert client.get(location).status_code == HTTPStatus.OK


def test_healthz_is_tiny_json(client):
    response = client.get(reverse("pages:healthz"))
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}


def test_post_to_a_page_is_405_with_allow(client):
    response = client.post(reverse("pages:home"))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [
        (defaults.bad_request, HTTPStatus.BAD_REQUEST, "could not be understood"),
        (defaults.permission_denied, HTTPStatus.FORBIDDEN, "You may not do that"),
        (defaults.server_error, HTTPStatus.INTERNAL_SERVER_ERROR, "Something broke"),
    ],
)
def test_error_pages_keep_their_status_and_the_site_look(handler, status, text):
    request = RequestFactory().get("/")
    if handler is defaults.server_error:
        response = handler(request)
    else:
        response = handler(request, exception=Exception())
    assert response.status_code == status
    html = response.content.decode()
    assert text in html
    assert 'class="site-header"' in html
    assert f'<p class="error-code class-{status // 100}">{status.value}</p>' in html


def test_csrf_failure_is_403_in_the_site_look(client):
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("pages:home"))
    # The page view only allows GET, but CSRF runs first for unsafe methods.
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "The CSRF check failed" in response.content.decode()
