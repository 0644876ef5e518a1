"""Rate limits on demo writes and sign-ins, per visitor and per IP address, answering 429.

Built on Django's cache framework (the "ratelimit" cache, a database table by default, so every
worker and every replica counts together): a fixed window per scope and key. Over the limit the
visitor gets 429 Too Many Requests with Retry-After, the seconds until the window ends.
"""

import time
import uuid
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
VISITOR_KEY = "visitor_id"  # in the session; kept across sign-in and sign-out


def visitor_id(request) -> str:
    """A stable id for this visitor's session (a session key changes at sign-in)."""
    if VISITOR_KEY not in request.session:
        request.session[VISITOR_KEY] = uuid.uuid4().hex
    return request.session[VISITOR_KEY]


def scope_for(request, match) -> str | None:
    if match is None or match.namespace != "demos":
        return None
    if match.url_name in {"sign-in", "sign-out"}:
        return "sign-in"
    if match.url_name == "replay":
        return None  # replays run GETs only
    return "write" if request.method in UNSAFE else None


def hit(scope: str, key: str, limit: int, window: int) -> int:
    """Count one request; return 0 when allowed, else the seconds until the window ends."""
    cache = caches["ratelimit"]
    now = int(time.time())
    start = now - now % window
    name = f"rl:{scope}:{key}:{start}"
    if cache.add(name, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=window + 1)
            count = 1
    return 0 if count <= limit else max(1, start + window - now)


class DemoRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        scope = scope_for(request, request.resolver_match)
        if scope is None:
            return None
        limits = settings.DEMO_RATE_LIMITS[scope]
        window = settings.DEMO_RATE_WINDOW
        keys = [
            ("visitor", visitor_id(request), limits["visitor"]),
            ("ip", request.META.get("REMOTE_ADDR", "unknown"), limits["ip"]),
        ]
        for kind, key, limit in keys:
            retry_after = hit(f"{scope}:{kind}", key, limit, window)
            if retry_after:
                response = JsonResponse(
                    {
                        "error": f"Too many {'sign-ins' if scope == 'sign-in' else 'demo writes'}"
                        f" from this {'address' if kind == 'ip' else 'visitor'}: at most {limit}"
                        f" every {window} seconds. Try again in {retry_after} seconds.",
                    },
                    status=HTTPStatus.TOO_MANY_REQUESTS,
                )
                response["Retry-After"] = str(retry_after)
                return response
        return None
