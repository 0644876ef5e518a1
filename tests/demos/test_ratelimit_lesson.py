"""The rate-limiting lesson's demos: a real limit (the site's own hit()), its headers, its reset,
its bound per address, and who the limiter counts."""

import logging
import re
import time
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tutorial.demos.models import RateCounter
from tutorial.demos.views_ratelimit import PER_ADDRESS, POLICIES

pytestmark = pytest.mark.django_db

WINDOW = 3600  # long: no test below straddles the end of a window (see fresh_window)
RATELIMIT = re.compile(r'^"(?P<policy>\w+)";r=(?P<r>\d+);t=(?P<t>\d+)$')


def fresh_window(window: int, needed: float) -> None:
    """Wait, if need be, until the current window has ``needed`` seconds left."""
    left = window - time.time() % window
    if left < needed:
        time.sleep(left + 0.05)


@pytest.fixture
def window(settings):
    settings.DEMO_RATE_WINDOW = WINDOW
    fresh_window(WINDOW, 30)
    return WINDOW


def limited(visitor, policy: str | None = None):
    path = reverse("demos:rate-limited")
    return visitor.send("GET", f"{path}?policy={policy}" if policy else path)


def state(response) -> tuple[str, int, int]:
    match = RATELIMIT.match(response["RateLimit"])
    assert match, response["RateLimit"]
    return match["policy"], int(match["r"]), int(match["t"])


def test_the_standard_policy_counts_down_then_answers_429_with_retry_after(visitor, window):
    limit = POLICIES["standard"]
    answers = [limited(visitor) for _ in range(limit + 1)]
    assert [answer.status_code for answer in answers] == [HTTPStatus.OK] * limit + [
        HTTPStatus.TOO_MANY_REQUESTS
    ]
    for answer in answers:
        assert answer["RateLimit-Policy"] == f'"standard";q={limit};w={window}'
    assert [state(answer)[1] for answer in answers] == [*range(limit - 1, -1, -1), 0]
    refused = answers[-1]
    seconds_left = window - time.time() % window
    assert int(refused["Retry-After"]) == pytest.approx(seconds_left, abs=2)
    # The draft: with both present, t names the same moment as Retry-After.
    assert state(refused)[2] == int(refused["Retry-After"])
    assert refused["Cache-Control"] == "no-store"  # RFC 6585 §4: a 429 is never stored
    assert "Try again in" in refused.json()["error"]
    assert answers[0].json() == {
        "policy": "standard",
        "remaining": limit - 1,
        "reset": state(answers[0])[2],
    }


def test_each_policy_and_each_visitor_has_its_own_counter(make_visitor, window):
    first, second = make_visitor(), make_visitor()
    assert limited(first, "strict").status_code == HTTPStatus.OK
    assert limited(first, "strict").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert limited(first).status_code == HTTPStatus.OK  # the standard policy is untouched
    assert limited(second, "strict").status_code == HTTPStatus.OK  # another visitor


def test_the_limit_resets_when_the_window_ends(visitor, settings):
    settings.DEMO_RATE_WINDOW = 2
    fresh_window(2, 1.5)
    assert limited(visitor, "strict").status_code == HTTPStatus.OK
    refused = limited(visitor, "strict")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(refused["Retry-After"]) in {1, 2}
    time.sleep(2 - time.time() % 2 + 0.05)  # into the next window
    again = limited(visitor, "strict")
    assert again.status_code == HTTPStatus.OK
    assert state(again)[1] == 0  # a fresh budget of one, just spent


def test_an_unknown_policy_is_a_400_and_other_methods_a_405(visitor, window):
    response = limited(visitor, "unlimited")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "standard" in response.json()["error"]
    assert visitor.send("HEAD", reverse("demos:rate-limited")).status_code == HTTPStatus.OK
    post = visitor.send("POST", reverse("demos:rate-limited"))
    assert post.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_one_address_without_cookies_is_bounded_in_requests_and_rows(window):
    # A client that keeps no cookie is a new visitor every time: only the address limit stops it.
    path = reverse("demos:rate-limited")
    answers = [Client().get(path) for _ in range(PER_ADDRESS + 2)]
    statuses = [answer.status_code for answer in answers]
    assert statuses == [HTTPStatus.OK] * PER_ADDRESS + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    refused = answers[-1]
    assert state(refused)[1:] == (0, int(refused["Retry-After"]))
    assert f"{PER_ADDRESS} per address" in refused.json()["error"]
    assert RateCounter.objects.filter(scope__startswith="lesson:").count() == PER_ADDRESS + 1


def test_the_demo_leaves_the_sites_own_counters_alone(visitor, window):
    assert visitor.send("POST", reverse("demos:post-put-only")).status_code == HTTPStatus.CREATED
    for _ in range(3):
        limited(visitor)
    write = RateCounter.objects.get(scope="write:visitor")
    assert write.count == 1


def test_django_logs_a_429_as_a_warning(visitor, window, caplog):
    path = reverse("demos:rate-limited")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        limited(visitor, "strict")
        limited(visitor, "strict")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"Too Many Requests: {path}"


def who(visitor, **headers):
    response = visitor.send("GET", reverse("demos:who-is-counted"), headers=headers)
    assert response.status_code == HTTPStatus.OK
    return response.json()


def test_a_forged_x_forwarded_for_changes_nothing_without_trusted_proxies(visitor, settings):
    settings.DEMO_TRUSTED_PROXIES = []
    answer = who(visitor, **{"X-Forwarded-For": "203.0.113.7"})
    assert answer["X-Forwarded-For"] == "203.0.113.7"
    assert answer["sent_by_a_trusted_proxy"] is False
    assert answer["counted_address"] == answer["REMOTE_ADDR"] == "127.0.0.1"
    assert answer["visitor"] == who(visitor)["visitor"]  # the same visitor, request after request


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_counts(make_visitor, settings):
    settings.DEMO_TRUSTED_PROXIES = ["10.0.0.0/8"]
    visitor = make_visitor(REMOTE_ADDR="10.0.0.2")
    answer = who(visitor, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.0.0.9"})
    assert answer["sent_by_a_trusted_proxy"] is True
    assert answer["counted_address"] == "203.0.113.7"  # never the left-most, client-written entry
    ipv6 = who(visitor, **{"X-Forwarded-For": "2001:db8:1:2:3:4:5:6"})
    assert ipv6["counted_address"] == "2001:db8:1:2::/64"
