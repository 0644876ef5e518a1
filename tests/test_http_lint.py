"""HTTP correctness: REDbot over every sitemap page and every GET demo preset (live), and its
linter, httplint, over every demo preset's response (all methods).

Both use real sessions. A preset's placeholders ({article}, {product}, {article_etag}, ...) are
the ids in that visitor's own sandbox, and a preset for a signed-in visitor signs in first. The
redbot command line cannot send a cookie, so REDbot is driven through its Python API:
HttpResource.set_request takes request headers, and REDbot repeats them in the follow-up
requests it makes (conditional, range, compression). Every preset must get its documented
status, so what is linted is the real answer, never a 404 for an id of nobody's.

No BAD finding is allowed except the ones a lesson demonstrates on purpose, listed below with
the reason.
"""

import contextlib
import socket
import threading
from configparser import ConfigParser
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import thor
from django.contrib.auth import get_user_model
from django.utils.http import http_date
from httplint import HttpResponseLinter
from httplint.note import levels
from redbot.resource import HttpResource

from tutorial.demos.catalog import all_demos
from tutorial.demos.models import DEMO_ACCOUNTS

from .browser.sitemap import sitemap_paths
from .demos.conftest import LiveVisitor, Visitor, fill

# (path, summary fragment) -> why the finding is there on purpose. Each is a seed view kept
# as the seed wrote it, next to its corrected variant (which sends Location).
NO_LOCATION = "A new resource was created without its location being sent."
DELIBERATE = {
    ("/demos/articles/draft-create/", NO_LOCATION): "create_article as the seed wrote it; the "
    "success lesson teaches Location on the corrected create-article-fixed.",
    ("/demos/create-user/", NO_LOCATION): "create_user as the seed wrote it (it creates nothing); "
    "create-user-fixed sends Location.",
    ("/demos/post-put-only/", NO_LOCATION): "post_put_only as the seed wrote it: a 405 demo whose "
    "POST branch creates nothing.",
    ("/demos/draft/products/create/", NO_LOCATION): "create_product as the seed wrote it; the REST "
    "lesson's corrected products API sends Location.",
}
ACCOUNTS = ("learner", "staff")
REDBOT_AT_ONCE = 8  # resources checked at the same time (each makes several requests)


def deliberate(path: str, summary: str) -> bool:
    return any(path == where and fragment in summary for where, fragment in DELIBERATE)


def account_of(preset) -> str | None:
    return preset.visitor if preset.visitor in ACCOUNTS else None


def redbot(targets: dict) -> dict:
    """REDbot on each target, ``key -> (url, request headers)``, a few at a time.

    Returns ``key -> (status, BAD summaries)``, status None when nothing came back.
    """
    parser = ConfigParser()
    parser.read_dict({"redbot": {"enable_local_access": "True"}})
    config = parser["redbot"]
    waiting, running, results = list(targets.items()), set(), {}

    def start_more() -> None:
        while waiting and len(running) < REDBOT_AT_ONCE:
            key, (url, headers) = waiting.pop()
            resource = HttpResource(config)
            resource.set_request(url, headers=headers)
            running.add(key)
            resource.on("check_done", lambda key=key, resource=resource: done(key, resource))
            resource.check()
        if not waiting and not running:
            thor.stop()

    def done(key, resource) -> None:
        running.discard(key)
        bad = [note.summary for note in resource.response.notes if note.level == levels.BAD]
        if resource.fetch_error is not None:
            bad.append(f"fetch error: {resource.fetch_error.desc}")
        results[key] = (resource.response.status_code, bad)
        start_more()

    thor.schedule(0, start_more)
    thor.run()
    return results


def live_session(base_url: str, account: str | None) -> tuple[dict, list]:
    """A live visitor's placeholder values and the Cookie header that carries its session."""
    visitor = LiveVisitor(base_url)
    visitor.start()
    if account:
        form = "application/x-www-form-urlencoded"
        signed_in = visitor.send("POST", "/demos/sign-in/", f"account={account}".encode(), form)
        assert signed_in.status == HTTPStatus.OK, signed_in
    values = visitor.start()
    values = {key: str(value) for key, value in values.items() if key != "visitor"}
    cookie = "; ".join(f"{name}={value}" for name, value in visitor.cookies.items())
    return values, [("Cookie", cookie)]


def test_redbot_finds_nothing_bad_on_pages_and_get_presets(live_server):
    # The live server's tests flush the database, demo accounts (a data migration) included:
    # recreate them first, so new sandboxes are seeded with their articles' authors.
    for username, is_staff in DEMO_ACCOUNTS.items():
        get_user_model().objects.get_or_create(username=username, defaults={"is_staff": is_staff})
    # REDbot resolves names with DNS only (no hosts file): give it the address.
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    sessions = {account: live_session(base, account) for account in (None, *ACCOUNTS)}
    targets, expected = {}, {}
    for path in sitemap_paths():
        targets[("page", path)] = (base + path, [])
        expected[("page", path)] = HTTPStatus.OK
    for demo in all_demos():
        for preset in demo.presets:
            if preset.method != "GET" or demo.needs_server or preset.after:
                continue  # a preset that needs another first is linted by httplint below
            values, cookie = sessions[account_of(preset)]
            headers = [(name, fill(value, values)) for name, value in preset.headers.items()]
            key = (f"{demo.id}:{preset.name}", preset.path)
            targets[key] = (base + fill(preset.path, values), cookie + headers)
            expected[key] = preset.status

    results = redbot(targets)

    assert {key: status for key, (status, _) in results.items()} == expected
    bad = {
        key: [summary for summary in summaries if not deliberate(key[1], summary)]
        for key, (_, summaries) in results.items()
    }
    assert {key: notes for key, notes in bad.items() if notes} == {}
    assert len(targets) > 100  # every sitemap page and every GET preset


def test_the_redbot_check_reports_what_is_bad():
    """The check above can fail: an answer with a broken header is reported (the previous
    version compared note levels with "bad", where REDbot's name is "BAD", and found nothing)."""
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
        b"Cache-Control: max-age=abc\r\nConnection: close\r\n\r\nhello"
    )
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(10)

        def answer_every_request():
            with contextlib.suppress(OSError):
                while True:
                    connection, _ = server.accept()
                    with connection:
                        connection.recv(65536)
                        connection.sendall(reply)

        threading.Thread(target=answer_every_request, daemon=True).start()
        url = f"http://127.0.0.1:{server.getsockname()[1]}/"
        ((status, bad),) = redbot({"broken": (url, [])}).values()
    assert status == HTTPStatus.OK
    assert "The max-age cache directive's value is incorrect." in bad


PRESETS = [
    pytest.param(demo, preset, id=f"{demo.id}:{preset.name}")
    for demo in all_demos()
    if not demo.needs_server
    for preset in demo.presets
]


@pytest.mark.django_db
@pytest.mark.parametrize(("demo", "preset"), PRESETS)
def test_httplint_finds_nothing_bad_in_any_preset_response(demo, preset):
    visitor = Visitor()
    if account := account_of(preset):
        assert visitor.sign_in(account).status_code == HTTPStatus.OK
    values = visitor.placeholders()
    if preset.after:  # the documented answer assumes this one came first
        (first,) = [other for other in demo.presets if other.name == preset.after]
        assert visitor.send_preset(first, values).status_code == first.status
    response = visitor.send_preset(preset, values)
    assert response.status_code == preset.status  # the real answer, with real ids
    linter = HttpResponseLinter()
    linter.process_response_topline(
        b"HTTP/1.1", str(response.status_code).encode(), response.reason_phrase.encode()
    )
    headers = dict(response.headers)
    # The WSGI server (gunicorn) adds Date to every response; the test client has none.
    headers.setdefault("Date", http_date())
    linter.process_headers([(k.encode(), v.encode()) for k, v in headers.items()])
    linter.feed_content(response.content)
    linter.finish_content(True)
    bad = [
        note.summary
        for note in linter.notes
        if note.level == levels.BAD and not deliberate(preset.path, note.summary)
    ]
    assert bad == []
