"""304 and 412 with the real ETags @condition computes."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db
JSON = {"Content-Type": "application/json"}


def test_etag_round_trip(visitor):
    article = visitor.placeholders()["article"]
    url = f"/demos/articles/{article}/versioned/"
    first = visitor.send("GET", url)
    assert first.status_code == HTTPStatus.OK
    etag = first["ETag"]
    assert etag.startswith(f'"{article}-')
    assert first["Last-Modified"]

    not_modified = visitor.send("GET", url, headers={"If-None-Match": etag})
    assert not_modified.status_code == HTTPStatus.NOT_MODIFIED
    assert not_modified.content == b""

    stale = visitor.send("PUT", url, body='{"title": "New"}', headers={**JSON, "If-Match": '"x"'})
    assert stale.status_code == HTTPStatus.PRECONDITION_FAILED

    updated = visitor.send("PUT", url, body='{"title": "New"}', headers={**JSON, "If-Match": etag})
    assert updated.status_code == HTTPStatus.OK
    assert updated["ETag"] != etag

    # The old tag is stale now: the lost update is refused, and a GET sees the change.
    again = visitor.send("PUT", url, body='{"title": "Old"}', headers={**JSON, "If-Match": etag})
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
