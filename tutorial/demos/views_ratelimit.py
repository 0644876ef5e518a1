"""The rate-limiting lesson's demos: a limit you can hit and watch reset; who the limiter counts.

Both run the site's own limiter (ratelimit.py): the same hit() that guards demo writes, with
counters of their own (scope "lesson:..."), and the same visitor_id() and client_address().
The window is the site's (DEMO_RATE_WINDOW): hit() purges ended windows of every scope by the
window it is given, so a shorter window here would cut the site's own counters short.
"""

import time
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .models import RateCounter
from .ratelimit import client_address, hit, parse_address, trusted_proxies, visitor_id

# Requests one visitor may send per window, by policy (?policy=...).
POLICIES = {"standard": 5, "strict": 1}
# Requests one address may send per window, all its visitors and policies together. A client
# that keeps no cookie is a new visitor with every request: this bounds its counter rows too.
PER_ADDRESS = 100


def remaining(scope: str, key: str, limit: int) -> tuple[int, int]:
    """(requests left, seconds until the window resets), read from the counter hit() just
    updated. A hint, as the draft says: another request may take a place right after."""
    window = settings.DEMO_RATE_WINDOW
    row = (
        RateCounter.objects.filter(scope=scope, key=key)
        .order_by("-window_start")
        .values_list("window_start", "count")
        .first()
    )
    start, used = row or (int(time.time()), 0)
    return max(0, limit - used), max(1, start + window - int(time.time()))


@require_safe
def rate_limited(request):
    # A limit per visitor, in fixed windows, announced with the draft's RateLimit fields.
    policy = request.GET.get("policy", "standard")
    if policy not in POLICIES:
        return JsonResponse(
            {"error": f"policy must be one of {', '.join(POLICIES)}"},
            status=HTTPStatus.BAD_REQUEST,
        )
    limit, window = POLICIES[policy], settings.DEMO_RATE_WINDOW
    # The address first: a refused address creates no row for a new visitor.
    retry_after = hit("lesson:ip", client_address(request), PER_ADDRESS, window)
    scope, who = f"lesson:{policy}", visitor_id(request)
    if not retry_after:
        retry_after = hit(scope, who, limit, window)
    left, reset = (0, retry_after) if retry_after else remaining(scope, who, limit)
    headers = {
        "RateLimit-Policy": f'"{policy}";q={limit};w={window}',
        "RateLimit": f'"{policy}";r={left};t={reset}',
    }
    if retry_after:
        headers["Retry-After"] = str(retry_after)
        return JsonResponse(
            {
                "error": f"At most {limit} a window per visitor and {PER_ADDRESS} per address."
                f" Try again in {retry_after} seconds."
            },
            status=HTTPStatus.TOO_MANY_REQUESTS,
            headers=headers,
        )
    return JsonResponse({"policy": policy, "remaining": left, "reset": reset}, headers=headers)


@require_safe
def who_is_counted(request):
    # What the limiter counts you as: your visitor id, and the address it believes is yours.
    remote = request.META.get("REMOTE_ADDR", "")
    address = parse_address(remote)
    from_proxy = address is not None and any(address in net for net in trusted_proxies())
    return JsonResponse(
        {
            "visitor": visitor_id(request),
            "REMOTE_ADDR": remote,
            "X-Forwarded-For": request.headers.get("X-Forwarded-For"),
            "sent_by_a_trusted_proxy": from_proxy,
            "counted_address": client_address(request),
        }
    )
