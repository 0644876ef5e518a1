"""Property-based fuzzing of every demo endpoint and of the console's own endpoints (hypothesis).

For every generated request:
- its status is one the catalog documents for that endpoint, or a generic refusal (GENERIC);
- no exception reached Django unless the demo teaches that failure: its catalog entry lists 500
  and the request is the kind the demo fails on (DELIBERATE). Django's got_request_exception
  signal reports every exception it turns into a 500, with the request; anything else fails the
  test with the traceback;
- a 500 the view answers itself (the seed's catch-alls) is held to the same rule, and so is
  every answer a replay reports.

Each endpoint gets EXPLICIT (3) requests whatever the draw, and FUZZ_EXAMPLES generated ones:
10 in the normal run (46 endpoints: about 600 requests, a few seconds) and 150 in the nightly run
(make test-nightly: about 7,000). Each test checks it sent its share.
"""

import json
import os
import re
import sys
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.core.signals import got_request_exception
from django.db import DataError, IntegrityError, transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tutorial.demos.catalog import all_demos, get_demo
from tutorial.demos.models import Article

from .conftest import Visitor

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
GENERIC = {400, 403, 404, 405, 413, 429}
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]
CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "multipart/form-data; boundary=fuzz",
    "multipart/form-data",
    "application/json; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "",
]
HANDLERS: dict[object, list] = {}  # a view -> the demos it serves (several may share one)
for _demo in all_demos():
    HANDLERS.setdefault(_demo.handler, []).append(_demo)

# --- What may fail on purpose -------------------------------------------------------------


def mean_fails(query: QueryDict) -> bool:
    """risky_operation answers 500 unless ?samples= is a non-empty list of numbers."""
    values = [value for value in query.get("samples", "").split(",") if value]
    try:
        return not [float(value) for value in values]
    except ValueError:
        return True


def division_fails(query: QueryDict) -> bool:
    """divide_numbers answers 500 when int() or the division fails (zero is its 400)."""
    try:
        int(query.get("a")) / int(query.get("b"))
    except ZeroDivisionError:
        return False
    except (TypeError, ValueError, OverflowError):
        return True
    return False


@dataclass(frozen=True)
class Attempt:
    """A request as a demo view saw it: its demos, method, query and URL arguments."""

    demo_ids: tuple[str, ...]
    method: str
    query: QueryDict
    kwargs: dict


# demo id -> (exception, attempt) -> whether this 500 is the one the demo teaches. ``exception``
# is None when the view caught it and answered 500 itself.
DELIBERATE = {
    "risky-operation": lambda exc, a: exc is None and mean_fails(a.query),
    "divide-numbers": lambda exc, a: exc is None and division_fails(a.query),
    "example-responses": lambda exc, a: exc is None and a.kwargs["kind"] == "server-error",
    # Article.objects.get for an id not in the visitor's sandbox.
    "check-permission": lambda exc, a: isinstance(exc, Article.DoesNotExist),
    # No validation: the database refuses a missing field (NULL) or, on PostgreSQL, a value
    # too long or with a NUL character in it.
    "create-article": lambda exc, a: (
        a.method == "POST" and isinstance(exc, (IntegrityError, DataError))
    ),
    # request.POST is empty for a PUT: the name is None, NOT NULL refuses it.
    "update-product-draft": lambda exc, a: a.method == "PUT" and isinstance(exc, IntegrityError),
    # HttpResponse is never imported.
    "delete-product-draft": lambda exc, a: a.method == "DELETE" and isinstance(exc, NameError),
}
assert {d.id for d in all_demos() if HTTPStatus.INTERNAL_SERVER_ERROR in d.statuses} == set(
    DELIBERATE
), "every demo that documents 500 says here which requests fail on purpose"


def deliberate(attempt: Attempt | None, exc: BaseException | None) -> bool:
    if attempt is None:
        return False
    return any(DELIBERATE[d](exc, attempt) for d in attempt.demo_ids if d in DELIBERATE)


def attempt_of(request) -> Attempt | None:
    match = getattr(request, "resolver_match", None)
    demos = HANDLERS.get(match.func) if match else None
    if not demos:
        return None
    return Attempt(tuple(d.id for d in demos), request.method, request.GET, match.kwargs)


def attempt_for(method: str, path: str) -> Attempt | None:
    route, _, query = path.partition("?")
    try:
        match = resolve(unquote(route))
    except Resolver404:
        return None
    demos = HANDLERS.get(match.func)
    if not demos:
        return None
    return Attempt(tuple(d.id for d in demos), method, QueryDict(query), match.kwargs)


def documented(attempt: Attempt) -> set[int]:
    return {status for d in attempt.demo_ids for status in get_demo(d).statuses}


class Exceptions:
    """Every exception Django turned into a 500 while connected, with its request."""

    def __init__(self) -> None:
        self.seen: list[tuple[object, BaseException, str]] = []

    def __call__(self, sender, request=None, **kwargs) -> None:
        # Sent from inside Django's except block: sys.exception() is the one being handled.
        exc = sys.exception()
        self.seen.append((request, exc, traceback.format_exc()))

    def take(self) -> list:
        seen, self.seen = self.seen, []
        return seen


@pytest.fixture
def exceptions():
    receiver = Exceptions()
    got_request_exception.connect(receiver, dispatch_uid="fuzz")
    yield receiver
    got_request_exception.disconnect(dispatch_uid="fuzz")


# --- What is sent ---------------------------------------------------------------------------

ids = st.one_of(
    st.sampled_from(["{own}", "0", "1", "-1", "007", "99999999999999999999999", "abc", "%2e%2e"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# JSON strings may hold anything a JSON escape can: NUL and lone surrogates included.
json_text = st.text(st.characters(exclude_categories=()), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | json_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.sampled_from(
        [
            b'{"name": "',
            b"\xff\xfe\xfd",
            b"title=%ff%fe&content=%00",
            b"name=a%00b",
            b"name=" + b"x" * 101,
            b"a=1&" * 200,
            b"--fuzz--",
            b'{"name": "\\ud800", "title": "\\udfff", "path": "\\ud800"}',
            b'{"name": "a\\u0000", "title": "\\u0000", "path": "/demos/\\u0000"}',
            b"[" * 50_000,
            b'{"name": ' * 20_000,
        ]
    ),
)
headers = st.dictionaries(
    st.sampled_from(
        ["If-None-Match", "If-Match", "If-Modified-Since", "Range", "Accept", "Expect"]
    ),
    st.sampled_from(['"x"', "*", 'W/"1"', "garbage", "bytes=5-1", "100-continue", "\x7f", ""]),
    max_size=3,
)
queries = st.dictionaries(
    st.sampled_from(["a", "b", "samples", "upstream", "maintenance", "next"]),
    st.text(max_size=12),
    max_size=3,
)


def preset_paths() -> list[str]:
    return sorted({preset.path for demo in all_demos() for preset in demo.presets})


# Sent to every endpoint whatever the draw: JSON nested too deep to parse, and JSON strings no
# text column stores (lone surrogates, NUL). Each once 500ed a corrected demo.
EXPLICIT = [
    b"[" * 50_000,
    b'{"name": "\\ud800", "title": "\\udfff", "path": "/demos/my-view/?a=\\ud800"}',
    b'{"name": "a\\u0000", "title": "\\u0000", "path": "/demos/divide/?a=\\u0000"}',
]


# The console's replay endpoint, fuzzed with JSON that is mostly well-formed.
replay_payloads = st.fixed_dictionaries(
    {},
    optional={
        "method": st.sampled_from(["GET", "HEAD", "get", "POST", "DELETE", 5, None]),
        "path": st.one_of(
            st.sampled_from(preset_paths()),
            st.tuples(st.sampled_from(preset_paths()), json_text).map(
                lambda pair: pair[0].split("?")[0] + "?samples=" + pair[1]
            ),
            st.sampled_from(["/demos/replay/", "/demos/sandbox.json", "/lessons/success/", "/x"]),
            json_text,
            st.integers(),
        ),
        "headers": st.one_of(
            st.dictionaries(
                st.sampled_from(["Accept", "If-None-Match", "If-Modified-Since", "X-Other"]),
                json_text,
                max_size=3,
            ),
            st.text(max_size=5),
            st.lists(st.integers(), max_size=2),
        ),
    },
).map(lambda payload: json.dumps(payload).encode())
sign_in_forms = st.sampled_from(
    ["account=learner", "account=staff", "account=root", "account=", "account=%ff", "x=1"]
).map(str.encode)


@dataclass(frozen=True)
class Endpoint:
    id: str
    path: str  # with placeholders such as {article}
    methods: tuple[str, ...]
    statuses: tuple[int, ...]
    bodies: st.SearchStrategy = bodies
    content_types: tuple[str, ...] = tuple(CONTENT_TYPES)


def demo_endpoint(demo) -> Endpoint:
    return Endpoint(demo.id, demo.path, demo.methods, demo.statuses)


CONSOLE = [
    Endpoint("sandbox", "/demos/sandbox.json", ("GET",), (200,)),
    Endpoint("login-page", "/demos/login/", ("GET", "HEAD"), (200,)),
    Endpoint(
        "sign-in",
        "/demos/sign-in/",
        ("POST",),
        (200, 400),
        st.one_of(sign_in_forms, bodies),
        ("application/x-www-form-urlencoded", *CONTENT_TYPES),
    ),
    Endpoint("sign-out", "/demos/sign-out/", ("POST",), (200,)),
    Endpoint(
        "replay",
        "/demos/replay/",
        ("POST",),
        (200, 400, 403, 404, 415),
        st.one_of(replay_payloads, replay_payloads, bodies),
        ("application/json", "application/json", *CONTENT_TYPES),
    ),
]
ENDPOINTS = [pytest.param(demo_endpoint(d), id=d.id) for d in all_demos()] + [
    pytest.param(endpoint, id=f"console:{endpoint.id}") for endpoint in CONSOLE
]


def fill(template: str, values: dict, identifier: str) -> str:
    return re.sub(
        r"\{(\w+)\}",
        lambda match: values[match.group(1)] if identifier == "{own}" else identifier,
        template,
    )


# --- The test -------------------------------------------------------------------------------


def failure(what: str, seen: list) -> str:
    return what + "".join(f"\n\n{where}: {exc!r}\n{tb}" for where, exc, tb in seen)


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_fuzzed_requests_get_documented_statuses_and_raise_nothing_unplanned(endpoint, exceptions):
    # Three visitors, each with a session of its own: a guest, the learner and staff.
    visitors = {"guest": Visitor(), "learner": Visitor(), "staff": Visitor()}
    for account in ("learner", "staff"):
        assert visitors[account].sign_in(account).status_code == HTTPStatus.OK
    own = {name: visitor.placeholders() for name, visitor in visitors.items()}
    allowed = set(endpoint.statuses) | GENERIC
    exceptions.take()
    sent = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        who=st.sampled_from(sorted(visitors)),
        method=st.sampled_from(METHODS + list(endpoint.methods) * 3),
        identifier=ids,
        body=endpoint.bodies,
        content_type=st.sampled_from(endpoint.content_types),
        extra=headers,
        query=queries,
        csrf=st.booleans(),
    )
    def check(who, method, identifier, body, content_type, extra, query, csrf):
        values = own[who]
        path = fill(endpoint.path, values, identifier).split("?")[0]
        if endpoint.id == "bad-gateway":
            query = {**query, "upstream": query.get("upstream", "refused")}
        if query:
            path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        if endpoint.id == "replay":  # the preset paths it names carry placeholders too
            body = re.sub(rb"\{(\w+)\}", lambda m: values.get(m[1].decode(), "0").encode(), body)
        with transaction.atomic():  # a demo's deliberate database error must not poison the test
            response = visitors[who].send(
                method, path, body=body, headers={
                    **extra, "Content-Type": content_type or "application/octet-stream"
                }, csrf=csrf,
            )  # fmt: skip
        sent.append(path)
        request = (method, path, body[:80], who)
        status = response.status_code
        seen = exceptions.take()
        unplanned = [
            (where, exc, tb) for where, exc, tb in seen if not deliberate(attempt_of(where), exc)
        ]
        assert unplanned == [], failure(f"unplanned exception for {request}", unplanned)
        assert status in allowed, (request, status, response.content[:200])
        if status == HTTPStatus.INTERNAL_SERVER_ERROR and not seen:
            assert deliberate(attempt_of(response.wsgi_request), None), (request, "500")
        if endpoint.id == "replay" and status == HTTPStatus.OK:
            replayed = json.loads(body)
            target = attempt_for(str(replayed.get("method", "GET")).upper(), replayed["path"])
            inner = response.json()["status"]
            assert target is not None, (request, "replayed what is not a demo")
            assert inner in documented(target) | GENERIC, (request, inner)
            if inner == HTTPStatus.INTERNAL_SERVER_ERROR and not seen:
                assert deliberate(target, None), (request, "replayed a 500")

    writes = [method for method in endpoint.methods if method not in {"GET", "HEAD"}]
    for body in EXPLICIT:
        check = example(
            who="guest", method=(writes or ["POST"])[0], identifier="{own}", body=body,
            content_type="application/json", extra={}, query={}, csrf=True,
        )(check)  # fmt: skip
    check()
    assert len(sent) >= EXAMPLES + len(EXPLICIT)


# --- Numbers of every size ----------------------------------------------------------------

number_texts = st.one_of(
    st.integers(min_value=-(10**500), max_value=10**500).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.tuples(st.integers(0, 10**6), st.integers(-1000, 1000)).map(lambda p: f"{p[0]}e{p[1]}"),
    st.integers(0, 5000).map(lambda n: "1" + "0" * n),
    st.sampled_from(["nan", "-inf", "Infinity", "1_000", " 7 ", "+0", "-0", "0x10", "1e-400"]),
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/demos/divide/fixed/", "/demos/divide/", "/demos/risky-operation/"]
)
def test_numbers_of_every_size_get_documented_statuses(path, exceptions):
    demo = HANDLERS[resolve(path).func][0]
    allowed = set(demo.statuses)
    client = Visitor().client
    sent = []

    @settings(max_examples=EXAMPLES * 5, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(a=number_texts, b=number_texts)
    @example(a="1" + "0" * 400, b="1")  # OverflowError once: 10**400 / 1 is no float
    @example(a="1e400", b="1")
    def check(a, b):
        response = client.get(path, {"a": a, "b": b, "samples": f"{a},{b}"})
        sent.append((a, b))
        assert response.status_code in allowed, (a, b, response.content[:200])
        seen = exceptions.take()
        assert seen == [], failure(f"exception for a={a[:40]} b={b[:40]}", seen)
        if response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR:
            query = QueryDict(mutable=True)
            query.update({"a": a, "b": b, "samples": f"{a},{b}"})
            attempt = Attempt((demo.id,), "GET", query, {})
            assert deliberate(attempt, None), (a[:40], b[:40], "500")
        if response.status_code == HTTPStatus.OK:
            json.loads(response.content, parse_constant=lambda name: pytest.fail(name))

    check()
    assert len(sent) >= EXAMPLES * 5
