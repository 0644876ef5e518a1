"""The console's helpers: replay of redirects, CSRF, Allow headers, and the 101 honesty."""

import json
import time
from http import HTTPStatus

import pytest
from django.urls import reverse

from tutorial.demos.models import Article, Product, RateCounter, Sandbox
from tutorial.demos.sandbox import SESSION_KEY

pytestmark = pytest.mark.django_db
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def replay(visitor, payload, csrf=True):
    return visitor.send("POST", reverse("demos:replay"), body=json.dumps(payload), headers=JSON,
                        csrf=csrf)  # fmt: skip


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/demos/temporary-redirect/", 302, "/"),
        ("/demos/permanent-redirect/", 301, "/demos/new-url/"),
        ("/demos/conditional-redirect/", 302, "/demos/login/"),
        ("/demos/protected/", 302, "/demos/login/?next=/demos/protected/"),
        ("/demos/responses/redirect/", 302, "/demos/new-url/"),
    ],
)
def test_replay_reports_the_redirect_django_produced(visitor, path, status, location):
    direct = visitor.send("GET", path)
    replayed = replay(visitor, {"method": "GET", "path": path})
    assert replayed.status_code == HTTPStatus.OK
    data = replayed.json()
    assert data["replayed"] is True
    assert data["status"] == direct.status_code == status
    assert dict(data["headers"])["Location"] == direct["Location"] == location


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/demos/my-view/", {}),
        ("GET", "/demos/api-success/", {}),
        ("GET", "/demos/temporary-redirect/", {}),
        ("GET", "/demos/protected/", {}),
        ("GET", "/demos/custom-404/", {}),
        ("GET", "/demos/responses/permanent-redirect/", {}),
        ("GET", "/demos/risky-operation/?samples=3,x", {}),
        ("GET", "/demos/products/", {"Accept": "application/json"}),
        ("HEAD", "/demos/my-view/", {}),
        ("HEAD", "/demos/conditional-redirect/", {}),
        ("HEAD", "/demos/api-success/", {}),
    ],
)
def test_a_replay_reports_what_the_real_stack_sends(visitor, method, path, headers):
    direct = visitor.send(method, path, headers=headers)
    data = replay(visitor, {"method": method, "path": path, "headers": headers}).json()
    assert data["status"] == direct.status_code
    # Every header, as the middleware set them: CSP, Cache-Control, X-Frame-Options, Vary,
    # Content-Length (for a HEAD, the length of the body a GET would have had), ...
    assert dict(data["headers"]) == dict(direct.headers)
    for name in ("Content-Security-Policy", "Cache-Control", "X-Frame-Options", "Content-Length"):
        assert name in direct.headers
    assert data["body"] == direct.content.decode()
    if method == "HEAD":
        assert data["body"] == ""
        length = len(visitor.send("GET", path, headers=headers).content)
        assert dict(data["headers"])["Content-Length"] == str(length)


def test_a_replayed_304_is_the_one_the_stack_sends(visitor):
    values = visitor.placeholders()
    url = f"/demos/articles/{values['article']}/versioned/"
    etag = visitor.send("GET", url)["ETag"]
    direct = visitor.send("GET", url, headers={"If-None-Match": etag})
    data = replay(visitor, {"path": url, "headers": {"If-None-Match": etag}}).json()
    assert data["status"] == direct.status_code == HTTPStatus.NOT_MODIFIED
    assert dict(data["headers"]) == dict(direct.headers)
    assert data["body"] == ""


def test_cookies_a_replay_sets_reach_the_visitor(client):
    """A visitor whose first demo request is a replay gets the session (and sandbox) it made."""
    client.handler.enforce_csrf_checks = True
    client.get(reverse("demos:login"))  # sets the CSRF cookie, creates no sandbox
    token = client.cookies["csrftoken"].value
    replayed = client.post(
        reverse("demos:replay"),
        json.dumps({"path": "/demos/products/"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert replayed.status_code == HTTPStatus.OK
    listed = json.loads(replayed.json()["body"])["products"]
    assert len(listed) == 3
    assert "sessionid" in replayed.cookies
    # The next request is the same visitor, with the same sandbox.
    assert client.get(reverse("demos:sandbox")).json()["product"] == listed[0]["id"]
    assert Sandbox.objects.count() == 1


def test_replay_uses_the_visitors_session(visitor):
    visitor.sign_in("learner")
    data = replay(visitor, {"method": "GET", "path": "/demos/conditional-redirect/"}).json()
    assert dict(data["headers"])["Location"] == "/demos/dashboard/"


def test_replay_maps_exceptions_like_django_does(visitor):
    data = replay(visitor, {"method": "GET", "path": "/demos/custom-404/"}).json()
    assert data["status"] == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"method": "DELETE", "path": "/demos/articles/1/delete/"}, HTTPStatus.BAD_REQUEST),
        ({"method": "GET", "path": "/nowhere/"}, HTTPStatus.NOT_FOUND),
        ({"method": "GET", "path": "/lessons/success/"}, HTTPStatus.FORBIDDEN),
        ({"method": "GET", "path": "/demos/replay/"}, HTTPStatus.FORBIDDEN),
        ({"method": "GET", "path": "/demos/sandbox.json"}, HTTPStatus.FORBIDDEN),
        ({"path": 5, "headers": "x"}, HTTPStatus.BAD_REQUEST),
        ([], HTTPStatus.BAD_REQUEST),
    ],
)
def test_replay_refuses_what_it_must_not_do(visitor, payload, status):
    assert replay(visitor, payload).status_code == status


def test_replay_needs_the_csrf_token(visitor):
    response = replay(visitor, {"method": "GET", "path": "/demos/my-view/"}, csrf=False)
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("path", "method", "allow"),
    [
        ("/demos/get-only/", "POST", "GET, HEAD"),
        ("/demos/post-put-only/", "GET", "POST, PUT"),
        ("/demos/manual-method-check/fixed/", "GET", "POST"),
        ("/demos/products/", "DELETE", "GET, HEAD, POST"),
        ("/demos/products/1/", "POST", "GET, HEAD, PUT, PATCH, DELETE"),
    ],
)
def test_405s_carry_allow(visitor, path, method, allow):
    response = visitor.send(method, path)
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == allow


def test_the_seed_405_forgets_allow(visitor):
    response = visitor.send("GET", "/demos/manual-method-check/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert "Allow" not in response


def test_the_corrected_401_carries_www_authenticate_and_the_seed_one_does_not(visitor):
    assert "WWW-Authenticate" not in visitor.send("GET", "/demos/api-protected/")
    fixed = visitor.send("GET", "/demos/api-protected/fixed/")
    assert fixed["WWW-Authenticate"].startswith("Session realm=")


def test_the_corrected_201_says_where_the_article_is(visitor):
    response = visitor.send("POST", "/demos/articles/", body="title=T&content=C", headers=FORM)
    assert response.status_code == HTTPStatus.CREATED
    url = f"/demos/articles/{response.json()['id']}/"
    assert response.json()["url"] == url
    assert response["Location"] == f"http://testserver{url}"  # absolute, as the lesson teaches
    assert visitor.send("GET", url).json() == {"title": "T"}


def test_the_201_204_404_chain(visitor):
    created = visitor.send("POST", "/demos/articles/", body="title=T&content=C", headers=FORM)
    delete = f"/demos/articles/{created.json()['id']}/delete/"
    assert visitor.send("DELETE", delete).status_code == HTTPStatus.NO_CONTENT
    assert visitor.send("DELETE", delete).status_code == HTTPStatus.NOT_FOUND


def test_the_seed_delete_deletes_and_still_answers_500(visitor):
    product = visitor.placeholders()["product"]
    response = visitor.send("DELETE", f"/demos/draft/products/{product}/delete/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert visitor.send("GET", f"/demos/products/{product}/").status_code == 404


def maintenance(visitor, choice):
    return visitor.send("POST", "/demos/service/", body=f"maintenance={choice}", headers=FORM)


def test_maintenance_is_on_for_this_visitor_only_and_says_when_to_retry(make_visitor):
    visitor, other = make_visitor(), make_visitor()
    assert visitor.send("GET", "/demos/service/").json() == {"status": "up"}
    turned_on = maintenance(visitor, "on")
    assert turned_on.status_code == HTTPStatus.OK
    assert turned_on.json() == {"maintenance": "on", "seconds": 120}
    for method in ("GET", "HEAD"):
        down = visitor.send(method, "/demos/service/")
        assert down.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert 119 <= int(down["Retry-After"]) <= 120
    still_down = visitor.send("GET", "/demos/service/?maintenance=off")  # no per-request switch
    assert still_down.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    # Another visitor's service is up all along.
    assert other.send("GET", "/demos/service/").status_code == HTTPStatus.OK
    assert maintenance(visitor, "off").json() == {"maintenance": "off"}
    assert visitor.send("GET", "/demos/service/").status_code == HTTPStatus.OK


def test_maintenance_ends_when_retry_after_said_it_would(visitor, settings):
    settings.DEMO_MAINTENANCE_SECONDS = 1
    maintenance(visitor, "on")
    down = visitor.send("GET", "/demos/service/")
    assert down.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert down["Retry-After"] == "1"
    time.sleep(1.05)
    assert visitor.send("GET", "/demos/service/").status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("body", "csrf", "status"),
    [
        ("maintenance=soon", True, HTTPStatus.BAD_REQUEST),
        ("", True, HTTPStatus.BAD_REQUEST),
        ("maintenance=on", False, HTTPStatus.FORBIDDEN),
    ],
)
def test_maintenance_refuses_what_it_cannot_do(visitor, body, csrf, status):
    response = visitor.send("POST", "/demos/service/", body=body, headers=FORM, csrf=csrf)
    assert response.status_code == status
    assert visitor.send("GET", "/demos/service/").status_code == HTTPStatus.OK


def test_the_login_page_offers_both_accounts(client):
    html = client.get(reverse("demos:login") + "?next=/demos/protected/").content.decode()
    assert 'value="learner"' in html
    assert 'value="staff"' in html
    assert "/demos/protected/" in html


def reset_sandbox(visitor, csrf=True):
    return visitor.send("POST", reverse("demos:sandbox-reset"), csrf=csrf)


def test_reset_deletes_and_reseeds_only_this_visitors_rows(make_visitor):
    owner, other = make_visitor(), make_visitor()
    for visitor in (owner, other):
        created = visitor.send("POST", reverse("demos:articles"), body="title=Mine&content=x",
                               headers=FORM)  # fmt: skip
        assert created.status_code == HTTPStatus.CREATED
    before = owner.placeholders()
    others = list(Article.all_sandboxes.exclude(sandbox_id=owner_sandbox(owner)).values())

    response = reset_sandbox(owner)
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    # The same shape as sandbox.json, with the new rows' ids.
    assert data == owner.client.get(reverse("demos:sandbox")).json()
    assert data["article"] != int(before["article"])
    mine = Article.all_sandboxes.filter(sandbox_id=owner_sandbox(owner))
    assert list(mine.values_list("title", flat=True)) == [
        "Status codes are a contract",
        "Staff notes",
        "A guest post",
    ]
    names = Product.all_sandboxes.filter(sandbox_id=owner_sandbox(owner)).values_list("name")
    assert [name for (name,) in names] == ["Teapot", "Coffee pot", "Kettle"]
    # The other visitor's rows are exactly as they were.
    assert list(Article.all_sandboxes.exclude(sandbox_id=owner_sandbox(owner)).values()) == others
    assert Sandbox.objects.count() == 2


def owner_sandbox(visitor) -> int:
    return visitor.client.session[SESSION_KEY]


def test_reset_is_a_post_with_the_csrf_token(visitor):
    for method in ("GET", "HEAD", "PUT", "DELETE"):
        response = visitor.send(method, reverse("demos:sandbox-reset"))
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED, method
        assert response["Allow"] == "POST"
    assert reset_sandbox(visitor, csrf=False).status_code == HTTPStatus.FORBIDDEN


def test_reset_counts_as_a_demo_write(visitor, settings):
    settings.DEMO_RATE_LIMITS = {**settings.DEMO_RATE_LIMITS,
                                 "write": {"visitor": 2, "ip": 100}}  # fmt: skip
    settings.DEMO_RATE_WINDOW = 3600  # the three requests share one window
    RateCounter.objects.all().delete()
    assert reset_sandbox(visitor).status_code == HTTPStatus.OK
    assert reset_sandbox(visitor).status_code == HTTPStatus.OK
    refused = reset_sandbox(visitor)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Retry-After"]
