from ..views_informational import (
    continue_target,
    exchange_with_self,
    expect_continue,
    parse_status_line,
)
from .types import Demo, Preset

DEMOS = [
    Demo(
        id="expect-continue",
        views=(),
        title="A real 100 Continue",
        description="The view opens a raw HTTP/1.1 connection to this site's own server, sends "
        "Expect: 100-continue, and reports what the server answered before the body: a 100, or "
        "a final status that refuses the request outright.",
        path="/demos/expect-continue/",
        methods=("GET",),
        statuses=(200, 400, 429, 502, 503),
        presets=(
            Preset("Run the exchange", "GET", "/demos/expect-continue/", 200),
            Preset(
                "Too many header fields",
                "GET",
                "/demos/expect-continue/?case=too-many-fields",
                200,
                note="The server refuses the head with 431 and sends no 100: the body stays "
                "unsent.",
            ),
            Preset("An unknown case", "GET", "/demos/expect-continue/?case=huge", 400),
        ),
        handler=expect_continue,
        source=(parse_status_line, exchange_with_self, expect_continue, continue_target),
        needs_server=True,
    ),
]
