"""Bad input everywhere gets a clear answer, never an unplanned 500.

One case per kind of bad input, each with the status it legitimately gets and why. Most are
4xx. A few bad headers get a normal answer because HTTP tells the server to ignore them (said so
per case). Every request comes from a visitor with a session and a CSRF cookie, as a browser's
would: Django's CSRF check reads a POST body before any view does, and with no cookie it
refuses the request before reading anything, which would hide the body's problems.
"""

import copy
import io
import logging
import logging.config
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus

import pytest
from django.conf import settings

from .demos.conftest import Visitor, fill

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MULTIPART = "multipart/form-data; boundary=xyz"

# Django checks DATA_UPLOAD_MAX_MEMORY_SIZE when request.body or request.POST is read and
# raises RequestDataTooBig, a SuspiciousOperation its 400 handler answers: 400, not 413 (the
# 413 page explains; a proxy in front may refuse earlier with 413).
TOO_BIG = "over DATA_UPLOAD_MAX_MEMORY_SIZE: Django's RequestDataTooBig answers 400"
# DATA_UPLOAD_MAX_NUMBER_FIELDS counts form, multipart and query-string fields (TooManyFieldsSent,
# 400). A JSON body is one value to Django: only its size is limited.
TOO_MANY = "over DATA_UPLOAD_MAX_NUMBER_FIELDS: TooManyFieldsSent answers 400"


def over_size(prefix: bytes) -> Callable[[], bytes]:
    return lambda: prefix + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def many_fields(extra: int = 1) -> Callable[[], bytes]:
    count = lambda: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + extra  # noqa: E731
    return lambda: b"&".join(b"f%d=1" % n for n in range(count()))


def many_parts(files: bool = False) -> Callable[[], bytes]:
    def body() -> bytes:
        limit = (
            settings.DATA_UPLOAD_MAX_NUMBER_FILES
            if files
            else settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        )
        disposition = 'form-data; name="f{n}"' + ('; filename="f{n}.txt"' if files else "")
        parts = [
            f"--xyz\r\nContent-Disposition: {disposition.format(n=n)}\r\n\r\nv\r\n".encode()
            for n in range(limit + 1)
        ]
        return b"".join(parts) + b"--xyz--\r\n"

    return body


def many_query_fields() -> str:
    return "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str | Callable[[], str]  # placeholders: {article}, {product}, {article_etag}
    status: HTTPStatus
    why: str
    body: bytes | Callable[[], bytes] = b""
    content_type: str = "application/octet-stream"
    headers: dict[str, str] = field(default_factory=dict)
    csrf: bool = True
    explained: bool = True  # False: the seed's view answers with an empty body, as written


NOT_FOUND_PATH = "the URL matches no route (<slug> and <int> accept neither), so 404"
VERSIONED = "/demos/articles/{article}/versioned/"
CURRENT = {"If-Match": "{article_etag}"}  # without it, the demo's PUT is 428
EDIT = b'{"title": "x", "content": "y"}'
NOT_ALLOWED = "405 with Allow: the view accepts only the methods it names"

CASES = [
    # Bodies over the size limit, on every view that reads one.
    Case("form-too-big-articles", "POST", "/demos/articles/", HTTPStatus.BAD_REQUEST, TOO_BIG,
         over_size(b"title=t&content="), FORM),
    Case("form-too-big-sign-up", "POST", "/demos/create-user/fixed/", HTTPStatus.BAD_REQUEST,
         TOO_BIG, over_size(b"username=ada&email="), FORM),
    Case("form-too-big-sign-in", "POST", "/demos/sign-in/", HTTPStatus.BAD_REQUEST, TOO_BIG,
         over_size(b"account="), FORM),
    Case("multipart-too-big", "POST", "/demos/articles/", HTTPStatus.BAD_REQUEST, TOO_BIG,
         over_size(b'--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n'), MULTIPART),
    Case("json-too-big-products", "POST", "/demos/products/", HTTPStatus.BAD_REQUEST, TOO_BIG,
         over_size(b'{"name": "'), JSON),
    Case("json-too-big-product-put", "PUT", "/demos/products/{product}/", HTTPStatus.BAD_REQUEST,
         TOO_BIG, over_size(b'{"name": "'), JSON),
    Case("json-too-big-versioned", "PUT", VERSIONED, HTTPStatus.BAD_REQUEST, TOO_BIG,
         over_size(b'{"title": "'), JSON),
    Case("json-too-big-replay", "POST", "/demos/replay/", HTTPStatus.BAD_REQUEST, TOO_BIG,
         over_size(b'{"path": "'), JSON),
    Case("form-too-big-missing-url", "POST", "/no-such-page/", HTTPStatus.NOT_FOUND,
         "no view, so nothing reads the body: 404", over_size(b"a="), FORM),
    # Too many fields.
    Case("form-too-many-fields", "POST", "/demos/articles/", HTTPStatus.BAD_REQUEST, TOO_MANY,
         many_fields(), FORM),
    Case("multipart-too-many-fields", "POST", "/demos/create-user/fixed/",
         HTTPStatus.BAD_REQUEST, TOO_MANY, many_parts(), MULTIPART),
    Case("multipart-too-many-files", "POST", "/demos/create-user/fixed/", HTTPStatus.BAD_REQUEST,
         "over DATA_UPLOAD_MAX_NUMBER_FILES: TooManyFilesSent answers 400", many_parts(True),
         MULTIPART),
    Case("query-too-many-fields-demo", "GET", lambda: "/demos/divide/fixed/?" + many_query_fields(),
         HTTPStatus.BAD_REQUEST, TOO_MANY),
    Case("query-too-many-fields-codes", "GET", lambda: "/codes/?" + many_query_fields(),
         HTTPStatus.BAD_REQUEST, TOO_MANY),
    # Malformed JSON, and JSON of the wrong shape.
    Case("json-truncated-products", "POST", "/demos/products/", HTTPStatus.BAD_REQUEST,
         "json.loads fails: the view answers 400", b'{"name": ', JSON),
    Case("json-truncated-product-put", "PUT", "/demos/products/{product}/",
         HTTPStatus.BAD_REQUEST, "json.loads fails: 400", b'{"name": ', JSON),
    Case("json-truncated-versioned", "PUT", VERSIONED, HTTPStatus.BAD_REQUEST,
         "json.loads fails: 400", b'{"title": ', JSON, CURRENT),
    Case("json-truncated-replay", "POST", "/demos/replay/", HTTPStatus.BAD_REQUEST,
         "json.loads fails: 400", b'{"path": ', JSON),
    Case("json-array-products", "POST", "/demos/products/", HTTPStatus.BAD_REQUEST,
         "valid JSON but not an object with a name: 400", b'["name"]', JSON),
    Case("json-name-too-long", "POST", "/demos/products/", HTTPStatus.BAD_REQUEST,
         "a name longer than the column: 400 before the database sees it",
         b'{"name": "' + b"x" * 101 + b'"}', JSON),
    Case("json-number-title", "PUT", VERSIONED, HTTPStatus.BAD_REQUEST,
         "a JSON object without a title: 400", b"12", JSON, CURRENT),
    Case("json-replay-headers-text", "POST", "/demos/replay/", HTTPStatus.BAD_REQUEST,
         "headers must be an object: 400", b'{"path": "/demos/my-view/", "headers": "x"}', JSON),
    Case("json-replay-path-number", "POST", "/demos/replay/", HTTPStatus.NOT_FOUND,
         "a path that is no URL of this site: 404", b'{"path": 5}', JSON),
    # JSON that parses but no database column can store, and JSON nested too deep to parse.
    *[
        Case(f"json-{name}-{where}", method, path, HTTPStatus.BAD_REQUEST, why, body, JSON)
        for name, body, why in [
            ("nested-too-deep", b"[" * 200_000, "json.loads raises RecursionError: 400, not 500"),
            ("nul", b'{"name": "a\\u0000b", "title": "a\\u0000b"}',
             "NUL is valid JSON but PostgreSQL refuses it in text: 400 on every database"),
            ("lone-surrogate", b'{"name": "\\ud800", "title": "\\ud800"}',
             "a lone surrogate is valid JSON but not UTF-8: 400, not UnicodeEncodeError"),
        ]
        for where, method, path in [
            ("products", "POST", "/demos/products/"),
            ("product-put", "PUT", "/demos/products/{product}/"),
            ("product-patch", "PATCH", "/demos/products/{product}/"),
            ("versioned", "PUT", VERSIONED),
            ("replay", "POST", "/demos/replay/"),
        ]
        if where != "replay" or name == "nested-too-deep"
    ],
    Case("form-nul-seed-product", "POST", "/demos/draft/products/create/", HTTPStatus.BAD_REQUEST,
         "the seed create_product now refuses what PostgreSQL would (it answered 500 there)",
         b"name=a%00b", FORM),
    Case("form-long-seed-product", "POST", "/demos/draft/products/create/",
         HTTPStatus.BAD_REQUEST, "over the column's 100 characters: 400 (500 on PostgreSQL)",
         b"name=" + b"x" * 101, FORM),
    # Wrong content types.
    Case("form-to-json-api", "POST", "/demos/products/", HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
         "the products API speaks JSON only: 415", b"name=Jug", FORM),
    Case("text-to-json-api", "POST", "/demos/products/", HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
         "JSON sent as text/plain: 415", b'{"name": "Jug"}', "text/plain"),
    Case("form-put-to-json-api", "PUT", "/demos/products/{product}/",
         HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "415", b"name=Jug", FORM),
    Case("form-to-replay", "POST", "/demos/replay/", HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
         "the replay endpoint takes JSON: 415", b"path=/demos/my-view/", FORM),
    Case("json-to-form-view", "POST", "/demos/articles/", HTTPStatus.BAD_REQUEST,
         "request.POST is empty for a JSON body: the form's required fields are missing",
         b'{"title": "t", "content": "c"}', JSON),
    Case("json-to-sign-in", "POST", "/demos/sign-in/", HTTPStatus.BAD_REQUEST,
         "no account in request.POST: 400", b'{"account": "learner"}', JSON),
    Case("multipart-without-boundary", "POST", "/demos/articles/", HTTPStatus.BAD_REQUEST,
         "MultiPartParserError while the CSRF check reads the body: 400", b"title=t",
         "multipart/form-data"),
    Case("multipart-without-boundary-missing-url", "POST", "/no-such-page/",
         HTTPStatus.NOT_FOUND, "the 404 page must not read the body (tutorial/errors.py); "
         "Django's own 404 handler did, and answered 500", b"x", "multipart/form-data"),
    Case("multipart-without-boundary-missing-demo", "POST", "/demos/articles/-1/versioned/",
         HTTPStatus.NOT_FOUND, "as above, under /demos/", b"\x00", "multipart/form-data"),
    Case("multipart-broken", "POST", "/demos/create-user/fixed/", HTTPStatus.BAD_REQUEST,
         "a part without its headers' end: the form sees no fields, 400",
         b"--xyz\r\nContent-Disposition: form-data; name=", MULTIPART),
    # Invalid UTF-8, in bodies and in URLs.
    Case("utf8-json-products", "POST", "/demos/products/", HTTPStatus.BAD_REQUEST,
         "json.loads refuses bytes that are not UTF-8: 400", b'{"name": "\xff\xfe"}', JSON),
    Case("utf8-json-versioned", "PUT", VERSIONED, HTTPStatus.BAD_REQUEST, "400",
         b'{"title": "\xff"}', JSON, CURRENT),
    Case("utf8-json-replay", "POST", "/demos/replay/", HTTPStatus.BAD_REQUEST, "400",
         b'{"path": "\xff"}', JSON),
    Case("utf8-form-sign-in", "POST", "/demos/sign-in/", HTTPStatus.BAD_REQUEST,
         "the account decodes to U+FFFD, which is no account: 400", b"account=\xff", FORM),
    Case("utf8-form-sign-up", "POST", "/demos/create-user/fixed/", HTTPStatus.BAD_REQUEST,
         "not a valid email once decoded: 400", b"username=ada&email=\xff@\xfe", FORM),
    Case("utf8-query-demo", "GET", "/demos/divide/fixed/?a=%ff&b=1", HTTPStatus.BAD_REQUEST,
         "%ff decodes to U+FFFD, not an integer: 400"),
    Case("utf8-path-lesson", "GET", "/lessons/%ff/", HTTPStatus.NOT_FOUND, NOT_FOUND_PATH),
    Case("utf8-path-code", "GET", "/codes/%ff/", HTTPStatus.NOT_FOUND, NOT_FOUND_PATH),
    Case("utf8-path-demo", "GET", "/demos/articles/%ff/", HTTPStatus.NOT_FOUND, NOT_FOUND_PATH),
    # Huge, negative and non-numeric ids.
    *[
        Case(f"id-{name}-{where}", method, path.format(id=value), HTTPStatus.NOT_FOUND, why,
             explained=where != "article-delete")  # the seed's delete_article: a bare 404
        for name, value, why in [
            ("huge", "99999999999999999999999", "beyond any database integer: no such row"),
            ("bigint-plus-one", "9223372036854775808", "one past the largest bigint: no row"),
            ("negative", "-1", "<int> matches digits only: no route"),
            ("word", "abc", "<int> matches digits only: no route"),
            ("10000-digits", "1" * 10_000, "int() refuses over 4,300 digits: no route"),
        ]
        for where, method, path in [
            ("article", "GET", "/demos/articles/{id}/"),
            ("article-manual", "GET", "/demos/articles/{id}/manual/"),
            ("article-versioned", "GET", "/demos/articles/{id}/versioned/"),
            ("article-delete", "DELETE", "/demos/articles/{id}/delete/"),
            ("product", "GET", "/demos/products/{id}/"),
            ("product-delete", "DELETE", "/demos/products/{id}/"),
            ("seed-product", "GET", "/demos/draft/products/{id}/"),
            ("member", "GET", "/demos/members/{id}/"),
            ("code", "GET", "/codes/{id}/"),
            ("code-json", "GET", "/codes/{id}.json"),
        ]
    ],
    # Unknown methods.
    *[
        Case(f"method-{method.lower()}-{path.strip('/').replace('/', '-') or 'home'}", method,
             path, HTTPStatus.METHOD_NOT_ALLOWED, NOT_ALLOWED)
        for method, path in [
            ("PROPFIND", "/"),
            ("BREW", "/lessons/success/"),
            ("PROPFIND", "/codes/"),
            ("BREW", "/codes/404/"),
            ("PROPFIND", "/codes/404.json"),
            ("BREW", "/healthz"),
            ("PROPFIND", "/demos.json"),
            ("BREW", "/demos/sandbox.json"),
            ("PROPFIND", "/demos/sign-in/"),
            ("BREW", "/demos/replay/"),
            ("PROPFIND", "/demos/products/"),
            ("BREW", "/demos/products/{product}/"),
            ("PROPFIND", VERSIONED),
            ("BREW", "/demos/get-only/"),
            ("PROPFIND", "/demos/articles/"),
        ]
    ],
    Case("method-brew-without-token", "BREW", "/demos/products/", HTTPStatus.FORBIDDEN,
         "an unknown method is unsafe: the CSRF check refuses it first", csrf=False),
    # Path tricks in lesson and code slugs.
    *[
        Case(f"path-{name}", "GET", path, HTTPStatus.NOT_FOUND, why)
        for name, path, why in [
            ("dotdot-lesson", "/lessons/../settings.py", NOT_FOUND_PATH),
            ("dotdot-code", "/codes/../lessons/success/", NOT_FOUND_PATH),
            ("encoded-dotdot-lesson", "/lessons/%2e%2e%2f%2e%2e%2fREADME.md/", NOT_FOUND_PATH),
            ("encoded-dotdot-code", "/codes/..%2f..%2ftutorial%2fsettings.py/", NOT_FOUND_PATH),
            ("encoded-slash-lesson", "/lessons/success%2F/", NOT_FOUND_PATH),
            ("encoded-slash-root", "/lessons/%2Fetc%2Fpasswd/", NOT_FOUND_PATH),
            ("encoded-slash-code", "/codes/404%2F..%2F/", NOT_FOUND_PATH),
            ("markdown-file", "/lessons/success.md/", "slugs are matched against the lessons "
             "found, never joined into a path"),
            ("long-lesson", "/lessons/" + "a" * 10_000 + "/", "a valid slug, but no such lesson"),
            ("long-lesson-dotdot", "/lessons/" + "../" * 3_333 + "/", NOT_FOUND_PATH),
            ("long-code", "/codes/" + "4" * 10_000 + "/", "int() refuses over 4,300 digits"),
            ("nul-lesson", "/lessons/success%00/", NOT_FOUND_PATH),
            ("nul-only-lesson", "/lessons/%00/", NOT_FOUND_PATH),
            ("nul-code", "/codes/404%00/", NOT_FOUND_PATH),
            ("nul-after-slash", "/lessons/success/%00", NOT_FOUND_PATH),
            ("static-dotdot", "/static/..%2f..%2ftutorial%2fsettings.py", "whitenoise serves "
             "only the files it found: 404"),
        ]
    ],
    # Bad conditional, Range and Expect headers, on a page and on the conditional demo.
    Case("if-match-stale-page", "GET", "/lessons/success/", HTTPStatus.PRECONDITION_FAILED,
         "If-Match names no current representation: 412", headers={"If-Match": '"nope"'}),
    Case("if-match-stale-demo", "PUT", VERSIONED, HTTPStatus.PRECONDITION_FAILED,
         "the article changed since that ETag: 412", b'{"title": "x"}', JSON,
         {"If-Match": '"stale"'}),
    Case("if-match-weak-demo", "PUT", VERSIONED, HTTPStatus.PRECONDITION_FAILED,
         "If-Match compares strongly: a weak tag never matches, 412", b'{"title": "x"}', JSON,
         {"If-Match": "W/{article_etag}"}),
    Case("if-none-match-star-put", "PUT", VERSIONED, HTTPStatus.PRECONDITION_FAILED,
         "If-None-Match: * on a PUT means create only: the article exists, 412",
         b'{"title": "x"}', JSON, {"If-None-Match": "*"}),
    Case("if-none-match-star-page", "GET", "/lessons/success/", HTTPStatus.NOT_MODIFIED,
         "If-None-Match: * on a GET of a page that exists: 304", headers={"If-None-Match": "*"}),
    Case("if-none-match-garbage-page", "GET", "/lessons/success/", HTTPStatus.OK,
         "not an entity-tag: Django's parse_etags drops it, so nothing matches and the page is "
         "sent", headers={"If-None-Match": "garbage, \x7f"}),
    Case("if-none-match-garbage-demo", "GET", VERSIONED, HTTPStatus.OK, "as above",
         headers={"If-None-Match": "garbage"}),
    Case("if-none-match-huge-page", "GET", "/lessons/success/", HTTPStatus.OK,
         "10,000 tags that match nothing", headers={"If-None-Match": ", ".join(['"x"'] * 10_000)}),
    Case("if-match-garbage-demo", "PUT", VERSIONED, HTTPStatus.OK,
         "Django drops what is not an entity-tag, leaving no condition: the PUT goes through",
         EDIT, JSON, {"If-Match": "garbage"}),
    Case("if-modified-since-garbage-demo", "GET", VERSIONED, HTTPStatus.OK,
         "RFC 9110 13.1.3: a recipient MUST ignore an If-Modified-Since that is not a date",
         headers={"If-Modified-Since": "yesterday"}),
    Case("if-unmodified-since-garbage-demo", "PUT", VERSIONED, HTTPStatus.OK,
         "RFC 9110 13.1.4: MUST ignore an If-Unmodified-Since that is not a date",
         EDIT, JSON, {"If-Unmodified-Since": "soon", **CURRENT}),
    Case("range-backwards-page", "GET", "/lessons/success/", HTTPStatus.OK,
         "RFC 9110 14.2: a server MAY ignore Range; pages are sent whole",
         headers={"Range": "bytes=5-1"}),
    Case("range-garbage-demo", "GET", VERSIONED, HTTPStatus.OK, "demos ignore Range too",
         headers={"Range": "pages=1"}),
    Case("range-past-the-end-static", "GET", "/static/css/site.css",
         HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
         "whitenoise serves ranges of static files; this one starts past the end: 416",
         headers={"Range": "bytes=99999999-"}),
    Case("range-backwards-static", "GET", "/static/css/site.css",
         HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "RFC 9110 14.1.1: a range ending before it "
         "starts is invalid; whitenoise refuses it with 416 where it could also ignore it",
         headers={"Range": "bytes=5-1"}),
    Case("expect-unknown-page", "GET", "/lessons/success/", HTTPStatus.OK,
         "RFC 9110 10.1.1: a server MAY answer 417 to an expectation it does not know; Django "
         "and gunicorn ignore it", headers={"Expect": "the-unexpected"}),
    Case("expect-unknown-demo", "PUT", VERSIONED, HTTPStatus.OK, "as above",
         EDIT, JSON, {"Expect": "200-ok", **CURRENT}),
    # Whose site is it?
    Case("host-not-allowed", "GET", "/", HTTPStatus.BAD_REQUEST,
         "Host not in ALLOWED_HOSTS: DisallowedHost answers 400", headers={"Host": "evil.example"}),
    Case("host-not-allowed-broken-body", "POST", "/demos/articles/", HTTPStatus.BAD_REQUEST,
         "the 400 page must not read the body either (tutorial/errors.py)", b"x",
         "multipart/form-data", {"Host": "evil.example"}),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_bad_input_gets_a_clear_answer(case):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None  # the size cases need a limit
    visitor = Visitor()
    values = visitor.placeholders()
    path = fill(case.path() if callable(case.path) else case.path, values)
    body = case.body() if callable(case.body) else case.body
    headers = {name: fill(value, values) for name, value in case.headers.items()}
    response = visitor.send(
        case.method,
        path,
        body=body,
        headers={**headers, "Content-Type": case.content_type},
        csrf=case.csrf,
    )
    content = b"".join(response) if response.streaming else response.content
    assert response.status_code == case.status, (case.why, content[:300])
    if case.status == HTTPStatus.METHOD_NOT_ALLOWED:
        assert response["Allow"]  # says what would work
    elif case.status == HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE:
        assert re.fullmatch(r"bytes \*/\d+", response["Content-Range"])  # the length there is
    elif case.status >= HTTPStatus.BAD_REQUEST and case.status != HTTPStatus.PRECONDITION_FAILED:
        assert content or not case.explained  # a page or a JSON error saying what went wrong


def test_every_case_has_a_reason_and_a_unique_id():
    assert len({case.id for case in CASES}) == len(CASES)
    assert all(case.why.strip() for case in CASES)


# What a client can make the site log as often as it likes: each case one request, and the log
# lines it causes. (The form's charset: Django decodes the body with the codec it names.)
UTF32_FORM = f"{FORM}; charset=utf-32"
LOGGED = [
    pytest.param("GET", "/", b"", "text/plain", {"Host": "evil.example"}, id="disallowed-host"),
    pytest.param("POST", "/demos/articles/", over_size(b"title="), FORM, {}, id="data-too-big"),
    pytest.param("POST", "/demos/articles/", many_fields(), FORM, {}, id="too-many-fields"),
    pytest.param("POST", "/demos/articles/", b"x", "multipart/form-data", {}, id="no-boundary"),
    pytest.param("POST", "/demos/articles/", b"t=\xff", UTF32_FORM, {}, id="bad-form-charset"),
]


@pytest.fixture(params=["plain", "json"])
def console_log(request):
    """The site's own log handler (settings.LOGGING's "console", with its filter), writing into
    a buffer for the test, in each of the two formats settings.LOGGING offers."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    config = copy.deepcopy(settings.LOGGING["formatters"][request.param])
    formatter = logging.config.DictConfigurator({}).configure_formatter(config)
    previous_formatter, handler.formatter = handler.formatter, formatter
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)
    handler.formatter = previous_formatter


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "content_type", "headers"), LOGGED)
def test_a_client_error_is_one_log_line_without_a_traceback(
    console_log, method, path, body, content_type, headers
):
    visitor = Visitor()
    console_log.seek(0)
    console_log.truncate()
    body = body() if callable(body) else body
    response = visitor.send(method, path, body=body, headers={**headers,
                            "Content-Type": content_type})  # fmt: skip
    assert HTTPStatus.BAD_REQUEST <= response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
    lines = console_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    assert len(lines[0]) < 500


@pytest.mark.django_db
def test_a_server_error_keeps_its_traceback(console_log):
    visitor = Visitor()
    console_log.seek(0)
    console_log.truncate()
    # The seed's create_article, as written: no title reaches the database as NULL (500).
    response = visitor.send("POST", "/demos/articles/draft-create/", body=b"content=No+title",
                            headers={"Content-Type": FORM})  # fmt: skip
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Traceback" in console_log.getvalue()
