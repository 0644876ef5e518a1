from ..views_responses import RESPONSES, example_responses
from .types import Demo, Preset

STATUSES = {
    "ok": 200,
    "bad-request": 400,
    "forbidden": 403,
    "not-found": 404,
    "not-allowed": 405,
    "server-error": 500,
    "redirect": 302,
    "permanent-redirect": 301,
}

DEMOS = [
    Demo(
        id="example-responses",
        views=("example_responses",),
        title="Django's response classes",
        description="Each of Django's built-in response classes, one URL each.",
        path="/demos/responses/ok/",
        methods=("GET",),
        statuses=tuple(sorted(set(STATUSES.values()))),
        presets=tuple(
            Preset(kind.replace("-", " ").capitalize(), "GET", f"/demos/responses/{kind}/", status)
            for kind, status in STATUSES.items()
        ),
        handler=example_responses,
    ),
]

assert set(STATUSES) == set(RESPONSES)
