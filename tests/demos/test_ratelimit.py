"""Demo writes and sign-ins are rate limited per visitor and per IP, answering 429."""

from http import HTTPStatus

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def limits(settings):
    caches["ratelimit"].clear()
    settings.DEMO_RATE_LIMITS = {
        "write": {"visitor": 3, "ip": 5},
        "sign-in": {"visitor": 2, "ip": 100},
    }
    yield settings.DEMO_RATE_LIMITS
    caches["ratelimit"].clear()


def write(visitor):
    return visitor.send("POST", "/demos/post-put-only/")


def test_writes_over_the_visitor_limit_get_429_with_retry_after(make_visitor, limits):
    visitor = make_visitor()
    assert [write(visitor).status_code for _ in range(3)] == [HTTPStatus.CREATED] * 3
    refused = write(visitor)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many demo writes from this visitor" in refused.json()["error"]
    # Reading is never limited.
    assert visitor.send("GET", "/demos/get-only/").status_code == HTTPStatus.OK


def test_the_ip_limit_spans_visitors(make_visitor, limits):
    first, second = make_visitor(), make_visitor()
    assert all(write(first).status_code == HTTPStatus.CREATED for _ in range(3))
    assert write(second).status_code == HTTPStatus.CREATED
    assert write(second).status_code == HTTPStatus.CREATED
    refused = write(second)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "from this address" in refused.json()["error"]


def test_sign_ins_are_limited(make_visitor, limits):
    visitor = make_visitor()
    assert visitor.sign_in("learner").status_code == HTTPStatus.OK
    assert visitor.sign_in("staff").status_code == HTTPStatus.OK
    refused = visitor.sign_in("learner")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Retry-After"]


def test_a_refused_write_changes_nothing(make_visitor, limits):
    visitor = make_visitor()
    for _ in range(3):
        visitor.send("POST", "/demos/articles/", body="title=T&content=C", headers=FORM)
    before = visitor.send("GET", "/demos/products/").json()
    refused = visitor.send("POST", "/demos/products/", body='{"name": "X"}',
                           headers={"Content-Type": "application/json"})  # fmt: skip
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert visitor.send("GET", "/demos/products/").json() == before
