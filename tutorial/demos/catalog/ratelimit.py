"""The rate-limiting lesson's demos (views_ratelimit.py)."""

from ..ratelimit import client_address, hit
from ..views_ratelimit import rate_limited, remaining, who_is_counted
from .types import Demo, Preset

LIMITED = "/demos/rate-limited/"
WHO = "/demos/rate-limited/who/"

DEMOS = [
    Demo(
        id="rate-limited",
        views=(),
        title="A limit you can hit: 429 with Retry-After",
        description="The site's own limiter, in fixed windows: the standard policy allows five "
        "requests per visitor a window, the strict one a single request. Every answer says what "
        "is left in RateLimit and RateLimit-Policy; over the limit it is 429 with Retry-After, "
        "until the window ends.",
        path=LIMITED,
        methods=("GET", "HEAD"),
        statuses=(200, 400, 429),
        presets=(
            Preset(
                "Send one",
                "GET",
                LIMITED,
                200,
                expect_headers={"RateLimit-Policy": "", "RateLimit": "", "Retry-After": None},
            ),
            Preset("Strict: the first request", "GET", f"{LIMITED}?policy=strict", 200),
            Preset(
                "Strict: one more",
                "GET",
                f"{LIMITED}?policy=strict",
                429,
                note="The strict policy allows one request a window: the second waits.",
                after="Strict: the first request",
                expect_headers={"Retry-After": "", "RateLimit": ""},
            ),
            Preset("An unknown policy", "GET", f"{LIMITED}?policy=unlimited", 400),
        ),
        handler=rate_limited,
        source=(rate_limited, remaining, hit),  # hit(): the site's limiter itself
    ),
    Demo(
        id="who-is-counted",
        views=(),
        title="Who the limiter counts: visitor and address",
        description="What this site's limiter counts you as: the visitor id in your session, "
        "and the address it believes is yours. X-Forwarded-For is read only when the "
        "connection comes from one of the site's trusted proxies.",
        path=WHO,
        methods=("GET", "HEAD"),
        statuses=(200,),
        presets=(
            Preset("As you are", "GET", WHO, 200),
            Preset(
                "With a forged X-Forwarded-For",
                "GET",
                WHO,
                200,
                headers={"X-Forwarded-For": "203.0.113.7"},
                note="Unless the connection comes from a trusted proxy, the header is ignored: "
                "counted_address stays REMOTE_ADDR.",
            ),
        ),
        handler=who_is_counted,
        source=(who_is_counted, client_address),
    ),
]
