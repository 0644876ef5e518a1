"""Demo writes and sign-ins are rate limited per visitor and per IP, answering 429.

The counters live in the database (RateCounter); the concurrent tests below send real HTTP to
the live server from many threads at once and expect exactly the limit to get through.
"""

import io
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory

from tutorial.demos import ratelimit
from tutorial.demos.models import RateCounter
from tutorial.demos.ratelimit import DemoRateLimitMiddleware, client_address

from .conftest import LiveVisitor

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
OK, REFUSED = HTTPStatus.CREATED, HTTPStatus.TOO_MANY_REQUESTS
# Long windows, so that no test straddles the end of one (see fresh_window).
WINDOW = 3600


def fresh_window(window: int = WINDOW, needed: float = 30) -> None:
    """Wait, if need be, until the current window has ``needed`` seconds left: a burst that
    straddled two windows would count in both and let more than the limit through."""
    left = window - time.time() % window
    if left < needed:
        time.sleep(left + 0.1)


def set_limits(settings, *, write=(3, 5), sign_in=(2, 100)):
    settings.DEMO_RATE_WINDOW = WINDOW
    settings.DEMO_RATE_LIMITS = {
        **settings.DEMO_RATE_LIMITS,  # the sandbox-creation limit stays out of the way
        "write": {"visitor": write[0], "ip": write[1]},
        "sign-in": {"visitor": sign_in[0], "ip": sign_in[1]},
    }
    fresh_window()


@pytest.fixture
def limits(settings, db):
    set_limits(settings)
    return settings.DEMO_RATE_LIMITS


def write(visitor, **headers):
    return visitor.send("POST", "/demos/post-put-only/", headers=headers)


def test_writes_over_the_visitor_limit_get_429_with_retry_after(make_visitor, limits):
    visitor = make_visitor()
    assert [write(visitor).status_code for _ in range(3)] == [HTTPStatus.CREATED] * 3
    refused = write(visitor)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    # Retry-After is the seconds until this window ends.
    assert int(refused["Retry-After"]) == pytest.approx(WINDOW - time.time() % WINDOW, abs=2)
    assert "Too many demo writes from this visitor" in refused.json()["error"]
    assert refused["Cache-Control"] == "no-store"  # RFC 6585: a 429 must not be stored
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
    assert "Too many sign-ins" in refused.json()["error"]
    assert int(refused["Retry-After"]) >= 1
    # Signing out counts as a sign-in request too: it is refused while the limit holds.
    assert visitor.send("POST", "/demos/sign-out/").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_refused_write_changes_nothing(make_visitor, limits):
    visitor = make_visitor()
    for _ in range(3):
        visitor.send("POST", "/demos/articles/", body="title=T&content=C", headers=FORM)
    before = visitor.send("GET", "/demos/products/").json()
    refused = visitor.send("POST", "/demos/products/", body='{"name": "X"}',
                           headers={"Content-Type": "application/json"})  # fmt: skip
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert visitor.send("GET", "/demos/products/").json() == before


def test_each_window_is_one_row_that_stops_at_the_limit(make_visitor, limits):
    visitor = make_visitor()
    statuses = [write(visitor).status_code for _ in range(6)]
    assert statuses == [HTTPStatus.CREATED] * 3 + [HTTPStatus.TOO_MANY_REQUESTS] * 3
    rows = {row.scope: row for row in RateCounter.objects.filter(scope__startswith="write:")}
    assert set(rows) == {"write:visitor", "write:ip"}
    assert rows["write:visitor"].count == 3  # refusals take no place
    assert rows["write:ip"].count == 3  # the visitor limit refused first: the address kept room
    assert rows["write:ip"].key == "127.0.0.1"
    assert rows["write:visitor"].window_start % WINDOW == 0


def test_ended_windows_are_purged_by_the_command_and_by_the_next_window(
    make_visitor, limits, monkeypatch
):
    now = int(time.time())
    start = now - now % WINDOW
    previous, ended = start - WINDOW, start - 2 * WINDOW
    for window_start in (ended - WINDOW, ended, previous):
        RateCounter.objects.create(scope="write:ip", key="192.0.2.1", window_start=window_start)
    write(make_visitor())  # counts in the current window
    current = RateCounter.objects.filter(window_start=start).values_list("scope", flat=True)
    assert {"write:visitor", "write:ip"} <= set(current)

    call_command("purge_sandboxes", stdout=(out := io.StringIO()))
    assert "purged 2 rate-limit counters" in out.getvalue()
    # The previous window stays: a request that read the clock just before it ended may still
    # be counting in it.
    assert set(RateCounter.objects.values_list("window_start", flat=True)) == {previous, start}

    # The first request of a window in each process deletes the same.
    RateCounter.objects.create(scope="write:ip", key="192.0.2.1", window_start=ended)
    monkeypatch.setattr(ratelimit, "_purged_through", previous)  # as in a new process
    write(make_visitor())
    assert set(RateCounter.objects.values_list("window_start", flat=True)) == {previous, start}


# Which address is counted: REMOTE_ADDR, unless it is a trusted proxy.

PROXY = "10.0.0.2"
TRUSTED = ["10.0.0.0/24", "2001:db8:ffff::/48"]


@pytest.fixture
def per_ip(settings, db):
    """Per-IP limit 3, per-visitor limit out of the way."""
    set_limits(settings, write=(100, 3))


def test_without_trusted_proxies_x_forwarded_for_is_ignored(make_visitor, per_ip):
    assert ratelimit.trusted_proxies() == ()
    for n in range(3):
        visitor = make_visitor()
        assert write(visitor, **{"X-Forwarded-For": f"198.51.100.{n}"}).status_code == OK
    refused = write(make_visitor(), **{"X-Forwarded-For": "198.51.100.99"})
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "from this address" in refused.json()["error"]


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(make_visitor, per_ip, settings):
    settings.DEMO_TRUSTED_PROXIES = TRUSTED
    ada, bob = make_visitor(REMOTE_ADDR=PROXY), make_visitor(REMOTE_ADDR=PROXY)
    xff_ada, xff_bob = {"X-Forwarded-For": "198.51.100.1"}, {"X-Forwarded-For": "198.51.100.2"}
    assert [write(ada, **xff_ada).status_code for _ in range(4)] == [OK, OK, OK, REFUSED]
    # Without the proxy's header the client would be the proxy: everyone in one bucket.
    assert [write(bob, **xff_bob).status_code for _ in range(4)] == [OK, OK, OK, REFUSED]
    assert RateCounter.objects.filter(scope="write:ip").count() == 2


def test_a_spoofed_header_from_an_untrusted_address_does_not_escape_the_limit(
    make_visitor, per_ip, settings
):
    settings.DEMO_TRUSTED_PROXIES = TRUSTED
    statuses = [
        write(make_visitor(REMOTE_ADDR="203.0.113.9"), **{"X-Forwarded-For": f"10.0.0.{n}"})
        for n in range(5)
    ]
    assert [s.status_code for s in statuses] == [OK, OK, OK, REFUSED, REFUSED]
    assert RateCounter.objects.get(scope="write:ip").key == "203.0.113.9"


def test_entries_a_client_wrote_before_the_proxys_are_never_believed(
    make_visitor, per_ip, settings
):
    settings.DEMO_TRUSTED_PROXIES = TRUSTED
    statuses = []
    for n in range(5):
        visitor = make_visitor(REMOTE_ADDR=PROXY)
        # The client sends "X-Forwarded-For: 192.0.2.<n>, 10.0.0.<n>"; each proxy appends.
        spoofed = f"192.0.2.{n}, 10.0.0.{n + 10}, 198.51.100.7, 10.0.0.3"
        statuses.append(write(visitor, **{"X-Forwarded-For": spoofed}).status_code)
    assert statuses == [OK, OK, OK, REFUSED, REFUSED]
    assert RateCounter.objects.get(scope="write:ip").key == "198.51.100.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "counted"),
    [
        ("127.0.0.1", None, "127.0.0.1"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not a proxy: header ignored
        (PROXY, None, PROXY),  # a proxy's own request
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "198.51.100.1:52100", "198.51.100.1"),  # some proxies append the port
        (PROXY, " 192.0.2.1 ,198.51.100.1 ", "198.51.100.1"),
        (PROXY, "192.0.2.1, 10.0.0.7", "192.0.2.1"),  # two proxies: the second is trusted too
        (PROXY, "10.0.0.8, 10.0.0.7", "10.0.0.8"),  # proxies all the way: the left-most
        (PROXY, "198.51.100.1, not-an-address", PROXY),  # broken chain: stop at the proxy
        (PROXY, "", PROXY),
        (PROXY, "[2001:db8:1:2:3::1]:443", "2001:db8:1:2::/64"),  # IPv6: its /64
        (PROXY, "2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        (PROXY, "::ffff:198.51.100.1", "198.51.100.1"),  # IPv4-mapped
        ("2001:db8:ffff::1", "198.51.100.1", "198.51.100.1"),  # a trusted IPv6 proxy
        ("::ffff:10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("", None, "unknown"),
    ],
)
def test_the_counted_address(settings, remote, forwarded, counted):
    settings.DEMO_TRUSTED_PROXIES = TRUSTED
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    request = RequestFactory().post("/demos/post-put-only/", REMOTE_ADDR=remote, headers=headers)
    assert client_address(request) == counted


@pytest.mark.parametrize("value", [["10.0.0.0/33"], ["proxy.internal"], ["10.0.0.1", "::g"]])
def test_a_malformed_trusted_proxy_list_fails_at_start_up(settings, value):
    settings.DEMO_TRUSTED_PROXIES = value
    with pytest.raises(ImproperlyConfigured, match="TUTORIAL_TRUSTED_PROXIES"):
        DemoRateLimitMiddleware(lambda request: None)


# Under concurrency, against the live server: exactly the limit gets through.


def burst(visitors, send):
    """Every visitor sends at the same instant (a barrier) on a connection opened beforehand;
    return the replies in order. ``send(visitor, connection)``."""
    connections = [visitor.connect() for visitor in visitors]
    barrier = threading.Barrier(len(visitors))

    def one(pair):
        visitor, connection = pair
        barrier.wait(timeout=30)
        return send(visitor, connection)

    with ThreadPoolExecutor(max_workers=len(visitors)) as pool:
        return list(pool.map(one, zip(visitors, connections, strict=True)))


def assert_exactly(replies, allowed_status, limit):
    statuses = Counter(reply.status for reply in replies)
    assert statuses == {allowed_status: limit, HTTPStatus.TOO_MANY_REQUESTS: len(replies) - limit}
    for reply in replies:
        if reply.status == HTTPStatus.TOO_MANY_REQUESTS:
            assert 1 <= int(reply.headers["Retry-After"]) <= WINDOW
            assert "Too many" in reply.json()["error"]


def live_write(visitor, connection=None):
    return visitor.send("POST", "/demos/post-put-only/", connection=connection)


def test_concurrent_writes_from_one_address_get_exactly_the_ip_limit(live_server, settings):
    set_limits(settings, write=(1000, 10))
    visitors = [LiveVisitor(live_server.url) for _ in range(30)]
    for visitor in visitors:
        visitor.start()
    assert_exactly(burst(visitors, live_write), HTTPStatus.CREATED, 10)
    assert RateCounter.objects.get(scope="write:ip").count == 10


def test_concurrent_writes_from_one_visitor_get_exactly_the_visitor_limit(live_server, settings):
    set_limits(settings, write=(7, 1000))
    visitor = LiveVisitor(live_server.url)
    visitor.start()
    # The first write gives the session its visitor id; then 24 threads share the session.
    assert live_write(visitor).status == HTTPStatus.CREATED
    assert_exactly(burst([visitor] * 24, live_write), HTTPStatus.CREATED, 6)
    assert RateCounter.objects.get(scope="write:visitor").count == 7


def test_concurrent_sign_ins_from_one_address_get_exactly_the_ip_limit(live_server, settings):
    set_limits(settings, sign_in=(1000, 5))
    visitors = [LiveVisitor(live_server.url) for _ in range(16)]
    for visitor in visitors:
        visitor.start()

    def sign_in(visitor, connection):
        form = "application/x-www-form-urlencoded"
        body = b"account=learner"
        return visitor.send("POST", "/demos/sign-in/", body, form, connection=connection)

    replies = burst(visitors, sign_in)
    assert_exactly(replies, HTTPStatus.OK, 5)
    signed_in = [reply.json()["username"] for reply in replies if reply.status == HTTPStatus.OK]
    assert signed_in == ["learner"] * 5


def test_concurrent_clients_behind_a_trusted_proxy_are_counted_apart(live_server, settings):
    set_limits(settings, write=(1000, 4))
    settings.DEMO_TRUSTED_PROXIES = ["127.0.0.1"]  # the live server's peer plays the proxy
    visitors = [LiveVisitor(live_server.url) for _ in range(24)]
    for visitor in visitors:
        visitor.start()
    clients = {id(visitor): f"198.51.100.{n % 3}" for n, visitor in enumerate(visitors)}

    def write_via_proxy(visitor, connection):
        # Each client also sends a spoofed entry of its own; the proxy appended the real one.
        spoofed = f"192.0.2.{id(visitor) % 250}, {clients[id(visitor)]}"
        headers = {"X-Forwarded-For": spoofed}
        return visitor.send("POST", "/demos/post-put-only/", headers=headers, connection=connection)

    replies = burst(visitors, write_via_proxy)
    by_client = Counter(
        clients[id(visitor)]
        for visitor, reply in zip(visitors, replies, strict=True)
        if reply.status == HTTPStatus.CREATED
    )
    assert by_client == {f"198.51.100.{n}": 4 for n in range(3)}
    assert Counter(reply.status for reply in replies)[HTTPStatus.TOO_MANY_REQUESTS] == 24 - 12


def test_the_429_page_shows_where_this_site_limits_and_how(client):
    page = client.get("/codes/429/").content.decode()
    assert 'id="rate-limits-on-this-site"' in page
    for target in ("/demos/login/", "/lessons/success/#try-create-article-fixed"):
        assert f'href="{target}"' in page  # the sign-in page, a write demo
    for words in ("Retry-After", "F()", "X-Forwarded-For"):
        assert words in page
    # How the limiter works lives in one place, the lesson: the code page links to it.
    assert 'href="/lessons/rate-limiting/#this-sites-limiter-worked-through"' in page


def test_a_client_dropping_its_cookies_adds_no_rows_once_its_address_is_full(settings, db, client):
    set_limits(settings, write=(3, 5))
    for _ in range(20):
        client.cookies.clear()  # a new visitor on every request
        client.post("/demos/post-put-only/")
    # Five writes were counted (one visitor row each); the fifteen refused added nothing.
    assert RateCounter.objects.filter(scope="write:visitor").count() == 5
    assert RateCounter.objects.get(scope="write:ip").count == 5
