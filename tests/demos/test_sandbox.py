"""Visitors share one site, never their data."""

import json
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tutorial.demos.context import NoSandbox
from tutorial.demos.models import Article, Product, Sandbox

pytestmark = pytest.mark.django_db
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


def create_article(visitor, title="Mine"):
    return visitor.send("POST", reverse("demos:articles"), body=f"title={title}&content=x",
                        headers=FORM)  # fmt: skip


def test_a_fresh_visitor_gets_seeded_rows_of_its_own(make_visitor):
    first, second = make_visitor(), make_visitor()
    a, b = first.placeholders(), second.placeholders()
    assert a["article"] != b["article"]
    assert Sandbox.objects.count() == 2
    assert Article.all_sandboxes.count() == 6
    assert Product.all_sandboxes.count() == 6


def test_no_visitor_can_read_change_or_delete_another_visitors_rows(make_visitor):
    owner, intruder = make_visitor(), make_visitor()
    created = create_article(owner)
    assert created.status_code == HTTPStatus.CREATED
    article_id = created.json()["id"]
    product_id = owner.placeholders()["product"]
    intruder.placeholders()  # the intruder has a sandbox too

    for method, path, body, headers in [
        ("GET", f"/demos/articles/{article_id}/", "", {}),
        ("GET", f"/demos/articles/{article_id}/manual/", "", {}),
        ("GET", f"/demos/articles/{article_id}/versioned/", "", {}),
        ("PUT", f"/demos/articles/{article_id}/versioned/", '{"title": "x"}', JSON),
        ("DELETE", f"/demos/articles/{article_id}/delete/", "", {}),
        ("GET", f"/demos/products/{product_id}/", "", {}),
        ("PUT", f"/demos/products/{product_id}/", '{"name": "Stolen"}', JSON),
        ("DELETE", f"/demos/products/{product_id}/", "", {}),
        ("DELETE", f"/demos/draft/products/{product_id}/delete/", "", {}),
    ]:
        response = intruder.send(method, path, body=body, headers=headers)
        assert response.status_code == HTTPStatus.NOT_FOUND, (method, path)

    assert Article.all_sandboxes.get(pk=article_id).title == "Mine"
    assert Product.all_sandboxes.filter(pk=product_id).exists()
    listing = intruder.send("GET", "/demos/products/").json()["products"]
    assert int(product_id) not in {product["id"] for product in listing}


def test_creation_is_capped_per_visitor(make_visitor, settings):
    settings.DEMO_SANDBOX_CAP = 5
    visitor = make_visitor()
    # Three seeded rows, so two more fit.
    assert create_article(visitor).status_code == HTTPStatus.CREATED
    assert create_article(visitor).status_code == HTTPStatus.CREATED
    refused = create_article(visitor)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "Delete some first" in refused.json()["error"]
    # Products are capped on their own: three seeded, two more fit, the sixth is refused.
    for n, expected in enumerate((HTTPStatus.CREATED, HTTPStatus.CREATED, HTTPStatus.FORBIDDEN)):
        body = f'{{"name": "Urn {n}"}}'  # distinct: a duplicate name is a 409
        product = visitor.send("POST", "/demos/products/", body=body, headers=JSON)
        assert product.status_code == expected
    # Another visitor is not affected by the first one's full sandbox.
    assert create_article(make_visitor()).status_code == HTTPStatus.CREATED
    assert Article.all_sandboxes.count() == 5 + 4


def test_signing_in_and_out_keeps_the_sandbox(visitor):
    before = visitor.placeholders()
    assert visitor.sign_in("learner").json()["username"] == "learner"
    assert visitor.sign_in("staff").json()["is_staff"] is True
    visitor.send("POST", reverse("demos:sign-out"))
    after = visitor.placeholders()
    assert after["product"] == before["product"]
    assert Sandbox.objects.count() == 1


def test_signing_in_as_anyone_else_is_a_400(visitor):
    response = visitor.sign_in("admin")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not visitor.client.get(reverse("demos:sandbox")).json()["visitor"]["signed_in"]


def test_stale_sandboxes_are_purged_with_their_rows(make_visitor):
    stale, fresh = make_visitor(), make_visitor()
    stale.placeholders()
    fresh.placeholders()
    old = timezone.now() - timedelta(days=3)
    Sandbox.objects.filter(pk=Sandbox.objects.order_by("pk").first().pk).update(last_seen=old)
    call_command("purge_sandboxes")
    assert Sandbox.objects.count() == 1
    assert Article.all_sandboxes.count() == 3


def test_sandboxed_models_refuse_queries_outside_a_request():
    with pytest.raises(NoSandbox):
        list(Article.objects.all())


def test_pages_that_do_not_touch_demo_rows_create_no_sandbox(client):
    client.get("/")
    client.get("/demos/my-view/")
    assert Sandbox.objects.count() == 0


def test_sandbox_json_is_not_cached(visitor):
    response = visitor.client.get(reverse("demos:sandbox"))
    assert "no-cache" in response["Cache-Control"]
    assert json.loads(response.content)["visitor"]["signed_in"] is False


def test_a_sign_up_lives_where_its_location_says_and_only_for_its_visitor(make_visitor):
    owner, intruder = make_visitor(), make_visitor()
    created = owner.send(
        "POST",
        "/demos/create-user/fixed/",
        body="username=ada&email=ada%40example.org",
        headers=FORM,
    )
    assert created.status_code == HTTPStatus.CREATED
    location = created["Location"]
    assert location == f"/demos/members/{created.json()['id']}/"
    shown = owner.send("GET", location)
    assert shown.status_code == HTTPStatus.OK
    assert shown.json()["email"] == "ada@example.org"
    intruder.placeholders()
    assert intruder.send("GET", location).status_code == HTTPStatus.NOT_FOUND
    # No account of the site was created.
    assert not get_user_model().objects.filter(username="ada").exists()


@pytest.fixture
def three_sandboxes_per_address(settings):
    settings.DEMO_RATE_LIMITS = {**settings.DEMO_RATE_LIMITS, "sandbox": {"ip": 3}}


def test_new_sandboxes_are_rate_limited_per_address(three_sandboxes_per_address, client):
    """A client that keeps no cookies gets a new sandbox (seven rows) on every GET that reads a
    demo model: one address may start only so many per window."""
    fresh = [Client() for _ in range(4)]
    for number, visitor in enumerate(fresh[:3]):
        assert visitor.get("/demos/products/").status_code == HTTPStatus.OK, number
    refused = fresh[3].get("/demos/products/")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(refused["Retry-After"]) <= settings.DEMO_RATE_WINDOW
    assert "Too many new demo sandboxes from this address" in refused.json()["error"]
    assert "no-store" in refused["Cache-Control"]
    # The refusal wrote nothing.
    assert Sandbox.objects.count() == 3
    assert Article.all_sandboxes.count() + Product.all_sandboxes.count() == 3 * 6
    # Visitors who kept their cookie are never counted again; pages without demo rows never are.
    for _ in range(5):
        assert fresh[0].get("/demos/products/").status_code == HTTPStatus.OK
        assert Client().get("/demos/my-view/").status_code == HTTPStatus.OK
    # Another address has its own allowance.
    elsewhere = Client(REMOTE_ADDR="192.0.2.7").get("/demos/products/")
    assert elsewhere.status_code == HTTPStatus.OK
    assert Sandbox.objects.count() == 4


def test_a_refused_sandbox_is_a_429_wherever_a_demo_needs_one(three_sandboxes_per_address):
    for _ in range(3):
        Client().get("/demos/sandbox.json")
    visitor = Client()
    assert visitor.get("/demos/sandbox.json").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert visitor.get("/demos/articles/1/").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert visitor.get("/demos/articles/1/manual/").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Sandbox.objects.count() == 3


def sandbox_lookups(visitor, method, path, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = visitor.send(method, path, **kwargs)
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
    return sum('FROM "demos_sandbox"' in query["sql"] for query in queries.captured_queries)


def test_reads_trust_a_sandbox_found_in_the_last_minute_and_writes_always_look(
    make_visitor, monkeypatch
):
    visitor = make_visitor()
    visitor.placeholders()  # finds (creates) the sandbox
    assert sandbox_lookups(visitor, "GET", "/demos/products/") == 0
    assert sandbox_lookups(visitor, "POST", "/demos/products/", body='{"name": "Urn"}',
                           headers=JSON) >= 1  # fmt: skip
    # A minute later a read looks again, and finds a purged sandbox gone.
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    Sandbox.objects.all().delete()
    assert sandbox_lookups(visitor, "GET", "/demos/products/") == 1
    listing = visitor.send("GET", "/demos/products/").json()["products"]
    assert [product["name"] for product in listing] == ["Teapot", "Coffee pot", "Kettle"]


def test_a_view_marked_demo_internal_gets_no_sandbox_visitor_id_or_rate_limit(rf, settings):
    """The hook for views the site calls itself (the 1xx demo's self-request target)."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.urls import resolve

    from tutorial.demos.middleware import DemoSandboxMiddleware, demo_internal
    from tutorial.demos.models import RateCounter
    from tutorial.demos.ratelimit import DemoRateLimitMiddleware

    settings.DEMO_RATE_LIMITS = {**settings.DEMO_RATE_LIMITS, "write": {"visitor": 0, "ip": 0}}
    seen = []

    def view(request):
        try:
            seen.append(Article.objects.count())
        except NoSandbox:
            seen.append("no sandbox")
        return HttpResponse()

    def run(view_func):
        request = rf.post("/demos/post-put-only/")
        request.resolver_match = resolve("/demos/post-put-only/")

        def inner(request):
            limiter = DemoRateLimitMiddleware(lambda request: None)
            for middleware in (limiter, sandboxes):
                answer = middleware.process_view(request, view_func, (), {})
                if answer is not None:
                    return answer
            return view_func(request)

        sandboxes = DemoSandboxMiddleware(inner)
        return SessionMiddleware(sandboxes)(request)

    internal = run(demo_internal(lambda request: view(request)))  # marks the function it gets
    assert internal.status_code == HTTPStatus.OK
    assert seen == ["no sandbox"]
    assert not internal.cookies  # no session: no visitor id, no sandbox id
    assert not RateCounter.objects.exists() and not Sandbox.objects.exists()
    # The same view unmarked is a visitor's demo write, over a limit of 0 here.
    assert run(view).status_code == HTTPStatus.TOO_MANY_REQUESTS
