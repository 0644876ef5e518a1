"""Rate limits on demo writes and sign-ins, per visitor and per IP address, answering 429.

Counting is a fixed window per scope and key, kept in the database (models.RateCounter), so every
thread, worker and replica counts together. No library: two ORM statements, each atomic on its
own on SQLite and PostgreSQL alike:

1. ``UPDATE ... SET count = count + 1 WHERE <this window> AND count < limit`` (an F() expression).
   It changes one row while there is room and none once the limit is reached, and the database
   re-checks ``count < limit`` on the row it has locked: PostgreSQL re-evaluates the WHERE on the
   row version it waited for, SQLite has one writer at a time. Two requests can never both take
   the last place.
2. Only when that changed nothing: ``INSERT`` the window's row with count 0 unless it exists
   (``bulk_create(ignore_conflicts=True)``: ON CONFLICT DO NOTHING), then the UPDATE once more.

Why not the cache framework: the database cache's incr() is a read followed by a write (two
requests both read 4 and both write 5, so counts are lost), its MAX_ENTRIES culls live counters,
and the local-memory cache counts per process. Rows of ended windows are deleted at most once per
window by each process (once the next has begun), and by ``manage.py purge_sandboxes``.

Who is counted: the visitor (an id kept in the session, stable across sign-in) and the client's
address (``client_address``). Over a limit the answer is 429 Too Many Requests with Retry-After,
the seconds until the window ends.
"""

import ipaddress
import threading
import time
import uuid
from functools import cache
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.http import JsonResponse

from .models import RateCounter

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
VISITOR_KEY = "visitor_id"  # in the session; kept across sign-in and sign-out
# One IPv6 client usually holds a whole /64: count the network, or each address is a new bucket.
IPV6_PREFIX = 64

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address
type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def visitor_id(request) -> str:
    """A stable id for this visitor's session (a session key changes at sign-in)."""
    if VISITOR_KEY not in request.session:
        request.session[VISITOR_KEY] = uuid.uuid4().hex
    return request.session[VISITOR_KEY]


@cache
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(value, strict=False) for value in values)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DEMO_TRUSTED_PROXIES (TUTORIAL_TRUSTED_PROXIES) must list IP addresses or CIDR "
            f"networks: {error}"
        ) from None


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(settings.DEMO_TRUSTED_PROXIES))


def parse_address(value: str) -> Address | None:
    """An IP address from REMOTE_ADDR or one X-Forwarded-For entry; None if it is not one.

    Some proxies append the port: "192.0.2.1:8080", "[2001:db8::1]:443".
    """
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The address the per-IP limits count: REMOTE_ADDR, or the client a trusted proxy names.

    REMOTE_ADDR is whoever opened the connection. Behind a reverse proxy that is the proxy, for
    every visitor (gunicorn's FORWARDED_ALLOW_IPS does not change REMOTE_ADDR for a WSGI app). So
    when REMOTE_ADDR is one of DEMO_TRUSTED_PROXIES, X-Forwarded-For is read from the right: each
    proxy appends the address it received the request from, and the first entry that is not a
    trusted proxy is the client. Entries further left were written by the client and are never
    believed; with no trusted proxies (the default) the header is ignored altogether. IPv6
    clients are counted by their /64 network.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = parse_address(remote)
    if address is None:
        return remote[:64] or "unknown"
    networks = trusted_proxies()
    if networks and _is_trusted(address, networks):
        for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            hop = parse_address(entry)
            if hop is None:
                break  # not an address: trust ends with the proxy that passed it on
            address = hop
            if not _is_trusted(hop, networks):
                break
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def scope_for(request, match) -> str | None:
    if match is None or match.namespace != "demos":
        return None
    if getattr(match.func, "demo_self_request", False):
        return None  # the 1xx demo's own request to this server: the demo itself is counted
    if match.url_name in {"sign-in", "sign-out"}:
        return "sign-in"
    if match.url_name == "replay":
        return None  # replays run GETs only
    return "write" if request.method in UNSAFE else None


_purge_lock = threading.Lock()
_purged_through = 0  # this process has purged as of the window that began at this time


def _purge_before(start: int, window: int) -> int:
    # The window before the current one is kept: a request that read the clock just before it
    # ended may still be counting in it.
    deleted, _ = RateCounter.objects.filter(window_start__lt=start - window).delete()
    return deleted


def purge_ended_windows() -> int:
    """Delete the counters of windows that ended before the previous one; return how many."""
    now, window = int(time.time()), settings.DEMO_RATE_WINDOW
    return _purge_before(now - now % window, window)


def _purge_once_per_window(start: int, window: int) -> None:
    global _purged_through
    with _purge_lock:
        if start <= _purged_through:
            return
        _purged_through = start
    _purge_before(start, window)


def hit(scope: str, key: str, limit: int, window: int) -> int:
    """Count one request; return 0 when allowed, else the seconds until the window ends."""
    now = int(time.time())
    start = now - now % window
    _purge_once_per_window(start, window)
    this_window = RateCounter.objects.filter(scope=scope, key=key, window_start=start)

    def take_a_place() -> bool:
        return this_window.filter(count__lt=limit).update(count=F("count") + 1) == 1

    if take_a_place():
        return 0
    RateCounter.objects.bulk_create(
        [RateCounter(scope=scope, key=key, window_start=start)], ignore_conflicts=True
    )
    if take_a_place():
        return 0
    return max(1, start + window - now)


def full(scope: str, key: str, limit: int, window: int) -> int:
    """Like hit(), but counting nothing: the seconds until the window ends when it is full."""
    now = int(time.time())
    start = now - now % window
    counted = RateCounter.objects.filter(
        scope=scope, key=key, window_start=start, count__gte=limit
    ).exists()
    return max(1, start + window - now) if counted else 0


class DemoRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        trusted_proxies()  # a malformed TUTORIAL_TRUSTED_PROXIES fails at start-up, not later

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "demo_internal", False):
            return None  # a view the site calls itself (middleware.demo_internal)
        scope = scope_for(request, request.resolver_match)
        if scope is None:
            return None
        limits = settings.DEMO_RATE_LIMITS[scope]
        window = settings.DEMO_RATE_WINDOW
        address = client_address(request)
        # A full address is refused before anything is counted: a client that drops its cookies
        # is a new visitor on every request, and would otherwise add a visitor row each time.
        retry_after = full(f"{scope}:ip", address, limits["ip"], window)
        if retry_after:
            return refusal(scope, "ip", limits["ip"], window, retry_after)
        # Otherwise the visitor is counted first, so that one visitor's refused writes never use
        # up the room of the others behind the same address.
        keys = [
            ("visitor", visitor_id(request), limits["visitor"]),
            ("ip", address, limits["ip"]),
        ]
        for kind, key, limit in keys:
            retry_after = hit(f"{scope}:{kind}", key, limit, window)
            if retry_after:
                return refusal(scope, kind, limit, window, retry_after)
        return None


def refusal(scope: str, kind: str, limit: int, window: int, retry_after: int) -> JsonResponse:
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
