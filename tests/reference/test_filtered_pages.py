"""/codes/?q= answers from memory after the first time, bounded (issue 13 item 8)."""

from http import HTTPStatus

import pytest

from tutorial.reference.views import FilteredPages, filtered_pages


@pytest.fixture(autouse=True)
def no_filtered_pages():
    filtered_pages.clear()
    yield
    filtered_pages.clear()


def test_the_second_request_for_a_query_renders_nothing(client):
    first = client.get("/codes/", {"q": "teapot"})
    assert first.status_code == HTTPStatus.OK
    assert "reference/index.html" in [t.name for t in first.templates]
    second = client.get("/codes/", {"q": "teapot"})
    assert second.status_code == HTTPStatus.OK
    assert second.templates == []  # served from memory: no template ran
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_different_queries_get_their_own_answers(client):
    teapot = client.get("/codes/", {"q": "teapot"}).content.decode()
    gone = client.get("/codes/", {"q": "gone"}).content.decode()
    assert teapot != gone
    assert client.get("/codes/", {"q": "teapot"}).content.decode() == teapot


def test_only_the_most_recent_queries_are_kept(client):
    for n in range(FilteredPages.MOST_RECENT + 1):
        client.get("/codes/", {"q": f"word{n}"})
    again = client.get("/codes/", {"q": "word0"})  # the oldest: pushed out, rendered again
    assert "reference/index.html" in [t.name for t in again.templates]
    latest = client.get("/codes/", {"q": f"word{FilteredPages.MOST_RECENT}"})
    assert latest.templates == []


def test_other_parameters_are_not_kept(client):
    client.get("/codes/", {"q": "teapot", "x": "1"})
    again = client.get("/codes/", {"q": "teapot", "x": "1"})
    assert "reference/index.html" in [t.name for t in again.templates]
