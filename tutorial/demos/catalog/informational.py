from ..views_informational import continue_target, expect_continue, read_head
from .types import Demo, Preset

DEMOS = [
    Demo(
        id="expect-continue",
        view=None,
        title="A real 100 Continue",
        description="The view opens a raw HTTP/1.1 connection to this site's own server, sends "
        "Expect: 100-continue, and reports the interim response the server sent before the body.",
        path="/demos/expect-continue/",
        methods=("GET",),
        statuses=(200, 503),
        presets=(Preset("Run the exchange", "GET", "/demos/expect-continue/", 200),),
        handler=expect_continue,
        source=(read_head, expect_continue, continue_target),
        needs_server=True,
    ),
]
