"""With debug on (`make run`), demos answer errors with the site's own pages, as in production;
the site's own bugs elsewhere keep Django's technical pages (tutorial/errors.py).

Django's technical 404 and 500 pages both say "DEBUG = True"; the site's pages never do.
"""

import logging
from http import HTTPStatus

import pytest
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404
from django.test import Client
from django.urls import path, reverse

from tests.demos.conftest import Visitor
from tests.demos.test_catalog import PRESETS
from tutorial.urls import handler400, handler403, handler404
from tutorial.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db

TECHNICAL_PAGE = b"DEBUG = True"
SITE_PAGES = {
    HTTPStatus.BAD_REQUEST: b"The request could not be understood",
    HTTPStatus.NOT_FOUND: b"There is nothing at this address",
    HTTPStatus.INTERNAL_SERVER_ERROR: b"Something broke on our side",
}
RAISED = {
    "crash": (RuntimeError("a bug"), HTTPStatus.INTERNAL_SERVER_ERROR),
    "bad-request": (BadRequest("not like that"), HTTPStatus.BAD_REQUEST),
    "suspicious": (SuspiciousOperation("odd"), HTTPStatus.BAD_REQUEST),
    "missing": (Http404("no such thing"), HTTPStatus.NOT_FOUND),
}


def raising_view(request, name):
    raise RAISED[name][0]


# This module is also the URLconf of the tests marked with it: the site's own URLs, plus a view
# that raises under the demos' prefix and one that raises elsewhere.
urlpatterns = [
    path("demos/test-raises/<str:name>/", raising_view, name="test-demo-raises"),
    path("test-raises/<str:name>/", raising_view, name="test-site-raises"),
    *site_patterns,
]
__all__ = ["handler400", "handler403", "handler404", "urlpatterns"]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def client():
    """A client that gets the 500 page rather than the view's exception, as a browser would."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(("demo", "preset"), PRESETS)
def test_every_preset_answers_with_the_sites_pages_with_debug_on(debug, demo, preset):
    visitor = Visitor()
    if preset.visitor in {"learner", "staff"}:
        assert visitor.sign_in(preset.visitor).status_code == HTTPStatus.OK
    values = visitor.placeholders()
    if preset.after:
        (first,) = [other for other in demo.presets if other.name == preset.after]
        visitor.send_preset(first, values)
    response = visitor.send_preset(preset, values)
    assert response.status_code == preset.status
    assert TECHNICAL_PAGE not in response.content, response.content[:300]


def test_a_missing_article_is_the_sites_404_page(debug):
    response = Visitor().client.get(reverse("demos:article-detail", args=[999_999]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert SITE_PAGES[HTTPStatus.NOT_FOUND] in response.content
    assert TECHNICAL_PAGE not in response.content


def test_an_address_no_demo_matches_is_the_sites_404_page(debug, client):
    response = client.get(reverse("demos:login") + "no-such-demo/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert SITE_PAGES[HTTPStatus.NOT_FOUND] in response.content
    assert TECHNICAL_PAGE not in response.content
    # The middleware below it still saw the answer.
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", RAISED)
def test_a_demo_that_raises_answers_the_sites_page_and_logs(debug, client, caplog, name):
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("test-demo-raises", args=[name]))
    status = RAISED[name][1]
    assert response.status_code == status
    assert SITE_PAGES[status] in response.content
    assert TECHNICAL_PAGE not in response.content
    (record,) = [r for r in caplog.records if r.name.startswith(("django.request", "django.sec"))]
    assert record.status_code == status
    if status == HTTPStatus.INTERNAL_SERVER_ERROR:
        assert record.levelname == "ERROR"
        assert record.exc_info[0] is RuntimeError  # the traceback is in the log


@pytest.mark.urls(__name__)
def test_the_sites_own_bugs_keep_djangos_technical_pages(debug, client):
    response = client.get(reverse("test-site-raises", args=["crash"]))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert TECHNICAL_PAGE in response.content

    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert TECHNICAL_PAGE in response.content


@pytest.mark.urls(__name__)
def test_with_debug_off_the_site_answers_as_before(client):
    response = client.get(reverse("test-demo-raises", args=["crash"]))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert SITE_PAGES[HTTPStatus.INTERNAL_SERVER_ERROR] in response.content
