"""The visitor's sandbox: found from the session, created and seeded on first use, reset on
request, purged when idle.

Every demo write touches only rows owned by the visitor's session: the middleware binds the
sandbox this module finds to the request (context.py), and the models filter by it. A visitor who
never touches the database never gets a sandbox.

A new sandbox costs seven rows (itself and six seeded ones), and a client that keeps no cookies
gets a new one on every request that reads a demo model, GETs included. So starting sandboxes is
rate limited per client address, with the same counters as the demo writes (ratelimit.py):
at most DEMO_RATE_LIMITS["sandbox"]["ip"] new sandboxes per DEMO_RATE_WINDOW seconds, and a
request over it is answered 429 with Retry-After (the middleware turns SandboxRefused into it).
A visitor who keeps their cookie is never counted again.

Idle sandboxes (not seen for DEMO_SANDBOX_MAX_AGE_HOURS) are purged without anyone scheduling
it: creating a sandbox first deletes up to PURGE_BATCH idle ones, at most once every
PURGE_EVERY seconds per process. ``manage.py purge_sandboxes`` deletes them all at once.

Imports go one way: this module uses the models and the rate limiter; neither knows it.
"""

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Article, Member, Product, Sandbox
from .ratelimit import client_address, hit

SESSION_KEY = "demo_sandbox"
# When the sandbox row was last found (the session is a signed cookie, so the visitor cannot
# change it), and how long a read may trust the id without looking the row up.
SEEN_KEY = "demo_sandbox_seen"
TRUST = 60  # seconds
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# New sandboxes one client address may start per rate-limit window, unless
# DEMO_RATE_LIMITS["sandbox"]["ip"] says otherwise. A class behind one NAT address, each
# opening a lesson at once, fits; a client without cookies crawling the demos does not.
SANDBOXES_PER_IP = 60
# Opportunistic purging: how often a process may purge, and how many sandboxes one purge
# deletes at most (a request that starts a sandbox should not wait on a big delete).
PURGE_EVERY = 600  # seconds
PURGE_BATCH = 100


class SandboxRefused(Exception):
    """Too many new sandboxes from this client address in the current window."""

    def __init__(self, retry_after: int, limit: int, window: int) -> None:
        super().__init__(f"at most {limit} new sandboxes per {window} seconds")
        self.retry_after = retry_after
        self.limit = limit
        self.window = window


def sandbox_limit() -> int:
    return settings.DEMO_RATE_LIMITS.get("sandbox", {}).get("ip", SANDBOXES_PER_IP)


def sandbox_for_request(request):
    """The visitor's sandbox, created and seeded with a few rows on first use.

    Raises SandboxRefused when this client address has started too many sandboxes lately.
    """
    session = request.session
    sandbox_id = session.get(SESSION_KEY)
    if sandbox_id is not None:
        if request.method in SAFE_METHODS and 0 <= time.time() - session.get(SEEN_KEY, 0) < TRUST:
            # Found (and touched) in the last minute, and purging removes only sandboxes idle for
            # hours: a read can filter by the id without looking the row up again.
            return Sandbox(pk=sandbox_id)
        sandbox = Sandbox.objects.filter(pk=sandbox_id).first()
        if sandbox is not None:
            sandbox.touch()
            session[SEEN_KEY] = time.time()
            return sandbox
    limit, window = sandbox_limit(), settings.DEMO_RATE_WINDOW
    retry_after = hit("sandbox:ip", client_address(request), limit, window)
    if retry_after:
        raise SandboxRefused(retry_after, limit, window)
    purge_now_and_then()
    with transaction.atomic():
        sandbox = Sandbox.objects.create()
        sandbox.seed()
    session[SESSION_KEY] = sandbox.pk
    session[SEEN_KEY] = time.time()
    return sandbox


def reset(sandbox) -> None:
    """Delete every row of this one sandbox and seed it again, as a new visitor's."""
    with transaction.atomic():
        list(Sandbox.objects.select_for_update().filter(pk=sandbox.pk).values("pk"))
        for model in (Article, Product, Member):
            model.all_sandboxes.filter(sandbox_id=sandbox.pk).delete()
        sandbox.seed()


def stale_before():
    return timezone.now() - timedelta(hours=settings.DEMO_SANDBOX_MAX_AGE_HOURS)


def purge_stale(batch: int | None) -> int:
    """Delete sandboxes idle since stale_before() (their rows go with them), at most ``batch``
    of them (None: all); return how many."""
    stale = Sandbox.objects.filter(last_seen__lt=stale_before()).order_by("last_seen")
    ids = list(stale.values_list("pk", flat=True)[:batch])
    if not ids:
        return 0
    _, by_model = Sandbox.objects.filter(pk__in=ids).delete()
    return by_model.get(Sandbox._meta.label, 0)


_purge_lock = threading.Lock()
_purged_at = 0.0  # when this process last purged (time.monotonic())


def purge_now_and_then() -> int:
    """purge_stale(), if this process has not purged in the last PURGE_EVERY seconds."""
    global _purged_at
    with _purge_lock:
        now = time.monotonic()
        if _purged_at and now - _purged_at < PURGE_EVERY:
            return 0
        _purged_at = now
    return purge_stale(PURGE_BATCH)
