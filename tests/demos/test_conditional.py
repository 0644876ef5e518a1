"""304 and 412 with the real ETags @condition computes."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db
JSON = {"Content-Type": "application/json"}
NEW = '{"title": "New", "content": "Text"}'
OLD = '{"title": "Old", "content": "Text"}'


def test_etag_round_trip(visitor):
    article = visitor.placeholders()["article"]
    url = f"/demos/articles/{article}/versioned/"
    first = visitor.send("GET", url)
    assert first.status_code == HTTPStatus.OK
    etag = first["ETag"]
    assert etag.startswith(f'"article-{article}-')
    assert first["Last-Modified"]

    not_modified = visitor.send("GET", url, headers={"If-None-Match": etag})
    assert not_modified.status_code == HTTPStatus.NOT_MODIFIED
    assert not_modified.content == b""

    stale = visitor.send("PUT", url, body=NEW, headers={**JSON, "If-Match": '"x"'})
    assert stale.status_code == HTTPStatus.PRECONDITION_FAILED

    updated = visitor.send("PUT", url, body=NEW, headers={**JSON, "If-Match": etag})
    assert updated.status_code == HTTPStatus.OK
    assert updated["ETag"] != etag

    # The old tag is stale now: the lost update is refused, and a GET sees the change.
    again = visitor.send("PUT", url, body=OLD, headers={**JSON, "If-Match": etag})
    assert again.status_code == HTTPStatus.PRECONDITION_FAILED
    fresh = visitor.send("GET", url, headers={"If-None-Match": etag})
    assert fresh.status_code == HTTPStatus.OK
    assert fresh.json()["title"] == "New"


def test_if_modified_since_answers_304(visitor):
    article = visitor.placeholders()["article"]
    url = f"/demos/articles/{article}/versioned/"
    last_modified = visitor.send("GET", url)["Last-Modified"]
    response = visitor.send("GET", url, headers={"If-Modified-Since": last_modified})
    assert response.status_code == HTTPStatus.NOT_MODIFIED


def test_a_put_without_if_match_is_428_and_changes_nothing(visitor):
    article = visitor.placeholders()["article"]
    url = f"/demos/articles/{article}/versioned/"
    before = visitor.send("GET", url)
    response = visitor.send("PUT", url, body=NEW, headers=JSON)
    assert response.status_code == HTTPStatus.PRECONDITION_REQUIRED
    assert visitor.send("GET", url)["ETag"] == before["ETag"]


@pytest.mark.parametrize("etag", [False, True])
def test_the_etag_demo_asks_browsers_to_revalidate_even_on_its_304(visitor, etag):
    # The site's no-store default would stop a browser from keeping the copy it revalidates.
    article = visitor.placeholders()["article"]
    url = f"/demos/articles/{article}/versioned/"
    headers = {"If-None-Match": visitor.send("GET", url)["ETag"]} if etag else {}
    response = visitor.send("GET", url, headers=headers)
    assert response.status_code == (HTTPStatus.NOT_MODIFIED if etag else HTTPStatus.OK)
    assert response["Cache-Control"] == "private, no-cache"


def test_the_301_demo_is_cached_for_five_minutes_not_forever(visitor):
    response = visitor.send("GET", "/demos/permanent-redirect/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/demos/new-url/"
    assert response["Cache-Control"] == "max-age=300"
    assert "Set-Cookie" not in response  # nothing per visitor in a shared, cached answer
