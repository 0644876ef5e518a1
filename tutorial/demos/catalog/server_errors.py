from ..views_server_errors import (
    divide_numbers,
    divide_numbers_fixed,
    exchange_rate,
    exchange_rates,
    perform_complex_calculation,
    risky_operation,
    service_status,
    set_maintenance,
)
from .types import FORM, Demo, Preset

SERVICE = "/demos/service/"

DEMOS = [
    Demo(
        id="risky-operation",
        views=("risky_operation",),
        title="A catch-all that answers 500",
        description="Every exception becomes a JSON 500, bad input included (only numbers JSON "
        "cannot carry are refused first, with 400).",
        path="/demos/risky-operation/",
        methods=("GET",),
        statuses=(200, 400, 500),
        presets=(
            Preset("Three samples", "GET", "/demos/risky-operation/?samples=3,4,5", 200),
            Preset(
                "Too big to be a number",
                "GET",
                "/demos/risky-operation/?samples=3,1e400",
                400,
                note="1e400 parses as infinity, which JSON cannot carry.",
            ),
            Preset(
                "No samples",
                "GET",
                "/demos/risky-operation/?samples=",
                500,
                note="statistics.mean raises StatisticsError for an empty list.",
            ),
            Preset(
                "Not a number",
                "GET",
                "/demos/risky-operation/?samples=3,x",
                500,
                note="Bad input, reported as the server's fault.",
            ),
        ),
        handler=risky_operation,
        source=(perform_complex_calculation, risky_operation),
    ),
    Demo(
        id="divide-numbers",
        views=("divide_numbers",),
        title="Divide, as it is often written",
        description="200, 400 on zero, and a 500 for a missing or non-numeric value.",
        path="/demos/divide/",
        methods=("GET",),
        statuses=(200, 400, 500),
        presets=(
            Preset("10 / 4", "GET", "/demos/divide/?a=10&b=4", 200),
            Preset("Divide by zero", "GET", "/demos/divide/?a=10&b=0", 400),
            Preset(
                "Missing a",
                "GET",
                "/demos/divide/?b=4",
                500,
                note="int(None) raises TypeError; the catch-all answers 500.",
            ),
            Preset(
                "a is not a number",
                "GET",
                "/demos/divide/?a=ten&b=4",
                500,
                note="int('ten') raises ValueError: a 500 where 400 belongs.",
            ),
        ),
        handler=divide_numbers,
    ),
    Demo(
        id="divide-numbers-fixed",
        views=("divide_numbers",),
        title="Divide, corrected",
        description="Input is validated first: every bad request is a 400.",
        path="/demos/divide/fixed/",
        methods=("GET",),
        statuses=(200, 400),
        presets=(
            Preset("10 / 4", "GET", "/demos/divide/fixed/?a=10&b=4", 200),
            Preset("Divide by zero", "GET", "/demos/divide/fixed/?a=10&b=0", 400),
            Preset("Missing a", "GET", "/demos/divide/fixed/?b=4", 400),
            Preset("a is not a number", "GET", "/demos/divide/fixed/?a=ten&b=4", 400),
        ),
        handler=divide_numbers_fixed,
    ),
    Demo(
        id="bad-gateway",
        views=(),
        title="An upstream that fails for real",
        description="The view calls a real service on loopback: refused connections, replies "
        "that are not HTTP and the upstream's own 500 become 502, silence becomes 504.",
        path="/demos/upstream/",
        methods=("GET",),
        # 429 and 503 (with Retry-After) are this site's bound on the demo, not the lesson's code.
        statuses=(200, 400, 429, 502, 503, 504),
        presets=(
            Preset("Upstream answers", "GET", "/demos/upstream/?upstream=ok", 200),
            Preset("Connection refused", "GET", "/demos/upstream/?upstream=refused", 502),
            Preset("Not an HTTP reply", "GET", "/demos/upstream/?upstream=invalid", 502),
            Preset(
                "Upstream answers 500",
                "GET",
                "/demos/upstream/?upstream=error",
                502,
                note="Its own 500 describes its failure; to your client it is a bad gateway.",
            ),
            Preset("Upstream too slow", "GET", "/demos/upstream/?upstream=timeout", 504),
        ),
        handler=exchange_rate,
        source=(exchange_rates, exchange_rate),
    ),
    Demo(
        id="maintenance",
        views=(),
        title="503 with Retry-After, maintenance for this visitor",
        description="POST maintenance=on puts the service into maintenance for you alone, for two "
        "minutes: meanwhile GET answers 503, and Retry-After counts the seconds that are left. "
        "maintenance=off ends it early.",
        path=SERVICE,
        methods=("GET", "HEAD", "POST"),
        statuses=(200, 400, 405, 503),
        presets=(
            Preset("Service up", "GET", SERVICE, 200),
            Preset("Turn maintenance on", "POST", SERVICE, 200, FORM, "maintenance=on"),
            Preset(
                "Service during maintenance",
                "GET",
                SERVICE,
                503,
                after="Turn maintenance on",
                expect_headers={"Retry-After": ""},
            ),
            Preset("Turn maintenance off", "POST", SERVICE, 200, FORM, "maintenance=off"),
            Preset("Neither on nor off", "POST", SERVICE, 400, FORM, "maintenance=soon"),
            Preset("DELETE the service", "DELETE", SERVICE, 405),
        ),
        handler=service_status,
        source=(set_maintenance, service_status),
    ),
]
