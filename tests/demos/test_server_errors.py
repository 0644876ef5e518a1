"""The 5xx demos: what they answer for input the seed never thought of."""

import json
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("samples", ["1e400", "nan", "3,-inf", "Infinity,4", "NaN"])
def test_numbers_json_cannot_carry_are_a_400(client, samples):
    response = client.get("/demos/risky-operation/", {"samples": samples})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "finite" in response.json()["error"]


@pytest.mark.parametrize(
    ("samples", "status", "result"),
    [
        ("3,4,5", HTTPStatus.OK, 4.0),
        ("1e308,1e308", HTTPStatus.OK, 1e308),  # their sum overflows; their mean does not
        ("", HTTPStatus.INTERNAL_SERVER_ERROR, None),  # no samples: the seed's catch-all
        ("3,x", HTTPStatus.INTERNAL_SERVER_ERROR, None),  # the seed's pitfall, kept
    ],
)
def test_every_answer_is_valid_json(client, samples, status, result):
    response = client.get("/demos/risky-operation/", {"samples": samples})
    assert response.status_code == status
    # parse_constant is called only for Infinity, -Infinity and NaN, which are not JSON.
    data = json.loads(response.content, parse_constant=lambda name: pytest.fail(name))
    assert data.get("result") == result


def test_a_huge_dividend_is_a_400_not_an_overflow(client):
    # 10**400 / 1 raised OverflowError (no float holds it): an unplanned 500.
    response = client.get("/demos/divide/fixed/", {"a": "1" + "0" * 400, "b": "1"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "digits" in response.json()["error"]


@pytest.mark.parametrize("path", ["/demos/divide/fixed/", "/demos/divide/"])
@pytest.mark.parametrize("digits", [1, 15, 16, 17, 300])
def test_integers_up_to_the_limit_are_divided(client, path, digits):
    a = "9" * digits
    response = client.get(path, {"a": a, "b": "-1"})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["result"] == -float(a)


def test_the_demo_views_carry_no_hardening():
    # The checks live in tutorial/demos/hardening.py, not in the code a lesson shows.
    import inspect

    from tutorial.demos import views_redirection, views_rest, views_server_errors

    for module in (views_redirection, views_rest, views_server_errors):
        source = inspect.getsource(module)
        for word in ("RecursionError", "isfinite", "\\x00", "surrogate"):
            assert word not in source, (module.__name__, word)


def test_an_upstream_500_is_a_502_not_passed_through(client):
    # The lesson's table: "Replies HTTP/1.1 500 -> 502"; the demo had no upstream that did.
    response = client.get("/demos/upstream/", {"upstream": "error"})
    assert response.status_code == HTTPStatus.BAD_GATEWAY
    assert response.json() == {"error": "Rates service failed."}


def test_the_upstream_demo_is_rate_limited_per_client_address(client, db, settings):
    """A slow upstream holds a thread until its timeout: the demo is bounded like the 1xx one."""
    settings.DEMO_RATE_LIMITS = {**settings.DEMO_RATE_LIMITS, "upstream": {"ip": 2}}
    answers = [client.get("/demos/upstream/?upstream=refused") for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [HTTPStatus.BAD_GATEWAY] * 2
    limited = answers[2]
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(limited["Retry-After"]) <= settings.DEMO_RATE_WINDOW
