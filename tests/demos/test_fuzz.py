"""Property-based fuzzing of every demo endpoint (hypothesis).

Every response's status must be one the catalog documents for that demo, or one of the generic
refusals (400, 403, 404, 405, 413, 429); a demo that does not document 500 never answers 500.
The normal run sends a few hundred requests; FUZZ_EXAMPLES=150 (nightly) sends over 5,000.
"""

import os
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutorial.demos.catalog import all_demos

from .conftest import Visitor

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
GENERIC = {400, 403, 404, 405, 413, 429}
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]
CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "multipart/form-data; boundary=fuzz",
    "application/json; charset=latin-1",
    "",
]
ids = st.one_of(
    st.sampled_from(["{own}", "0", "1", "-1", "007", "99999999999999999999999", "abc", "%2e%2e"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=8,
    ).map(lambda value: __import__("json").dumps(value).encode()),
    st.sampled_from([b'{"name": "', b"\xff\xfe\xfd", b"title=%ff%fe&content=%00", b"a=1&" * 200]),
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

DEMOS = [pytest.param(demo, id=demo.id) for demo in all_demos()]


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("demo", DEMOS)
def test_fuzzed_requests_get_documented_statuses(demo):
    visitor = Visitor()
    own = visitor.placeholders()
    allowed = set(demo.statuses) | GENERIC

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        method=st.sampled_from(METHODS + list(demo.methods) * 3),
        identifier=ids,
        body=bodies,
        content_type=st.sampled_from(CONTENT_TYPES),
        extra=headers,
        query=queries,
        csrf=st.booleans(),
    )
    def check(method, identifier, body, content_type, extra, query, csrf):
        path = re.sub(
            r"\{(\w+)\}",
            lambda match: own[match.group(1)] if identifier == "{own}" else identifier,
            demo.path,
        ).split("?")[0]
        if demo.id == "bad-gateway":
            query = {**query, "upstream": query.get("upstream", "refused")}
        if query:
            path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        with transaction.atomic():  # a demo's deliberate database error must not poison the test
            response = visitor.send(
                method, path, body=body, headers={
                    **extra, "Content-Type": content_type or "application/octet-stream"
                }, csrf=csrf,
            )  # fmt: skip
        assert response.status_code in allowed, (method, path, body[:60], response.status_code)

    check()
