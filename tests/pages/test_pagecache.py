import gzip
from http import HTTPStatus

import brotli
import pytest
from django.urls import reverse

from tutorial.pages import pagecache
from tutorial.pages.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

LESSON = reverse("pages:lesson", args=["client-errors"])


def test_the_second_request_for_a_page_is_answered_without_rendering(client):
    first = client.get(LESSON)
    second = client.get(LESSON)
    assert first.status_code == second.status_code == HTTPStatus.OK
    assert first.context is not None  # the template ran once...
    assert second.context is None  # ...and not again
    assert second.content == first.content
    assert "<h1>Client errors (4xx)</h1>" in second.content.decode()


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("*", "br"),
        ("gzip;q=0, br;q=0", "identity"),
        ("", "identity"),
        ("identity", "identity"),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_the_encoding_follows_accept_encoding(client, accept, coding):
    plain = client.get(LESSON).content
    response = client.get(LESSON, HTTP_ACCEPT_ENCODING=accept)
    assert response.get("Content-Encoding", "identity") == coding
    decode = {"identity": bytes, "br": brotli.decompress, "gzip": gzip.decompress}[coding]
    assert decode(response.content) == plain
    assert "Accept-Encoding" in response["Vary"]
    if coding != "identity":
        assert len(response.content) < len(plain) / 4


def test_each_representation_has_its_own_etag_and_answers_304(client):
    br = client.get(LESSON, HTTP_ACCEPT_ENCODING="br")
    plain = client.get(LESSON)
    assert br["ETag"] != plain["ETag"]
    again = client.get(LESSON, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=br["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""
    weak = client.get(LESSON, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=f"W/{br['ETag']}")
    assert weak.status_code == HTTPStatus.NOT_MODIFIED  # If-None-Match compares weakly
    # The brotli tag does not validate the uncompressed representation.
    other = client.get(LESSON, HTTP_IF_NONE_MATCH=br["ETag"])
    assert other.status_code == HTTPStatus.OK


def test_a_kept_page_is_the_same_for_every_visitor_and_sets_no_cookie(client):
    client.get(LESSON)
    response = type(client)().get(LESSON)
    assert response.context is None
    assert not response.cookies  # nothing per visitor, so a shared cache may keep it
    assert "Cookie" not in response.get("Vary", "")


def test_query_strings_and_errors_are_never_kept(client):
    index = reverse("reference:index")
    for _ in range(2):  # (?q= alone is kept apart, bounded: tests/reference/test_filtered_pages)
        response = client.get(index, {"q": "teapot", "utm_source": "x"})
        assert response.context is not None
    assert client.get(reverse("pages:lesson", args=["no-such-lesson"])).status_code == 404
    assert client.get("/codes/299/").status_code == HTTPStatus.NOT_FOUND
    assert len(pagecache.pages) == 0


def test_with_the_cache_off_every_request_renders(client, settings):
    settings.PAGE_CACHE = False
    assert client.get(LESSON).context is not None
    assert client.get(LESSON).context is not None
    assert len(pagecache.pages) == 0


def test_filling_keeps_every_sitemap_page_without_touching_the_database(
    client, django_assert_num_queries
):
    paths = sitemap_paths()
    with django_assert_num_queries(0):
        assert pagecache.fill(paths) == len(paths)
    assert len(paths) > 70
    for path in (reverse("pages:home"), LESSON, "/codes/404/"):
        assert client.get(path).context is None, path
