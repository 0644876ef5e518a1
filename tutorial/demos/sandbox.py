"""Per-visitor sandboxes: every demo write touches only rows owned by the visitor's session.

The demo views keep the seed document's code (``Article.objects.get(id=article_id)``) and are still
isolated: the middleware binds the visitor's sandbox to the request's context, and the models'
default manager filters by it (see ``models.SandboxedManager``). A visitor who never touches the
database never gets a sandbox.

A new sandbox costs seven rows (itself and six seeded ones), and a client that keeps no cookies
gets a new one on every request that reads a demo model, GETs included. So starting sandboxes is
rate limited per client address, with the same counters as the demo writes (ratelimit.py):
at most DEMO_RATE_LIMITS["sandbox"]["ip"] new sandboxes per DEMO_RATE_WINDOW seconds, and a
request over it is answered 429 with Retry-After (the middleware turns SandboxRefused into it).
A visitor who keeps their cookie is never counted again.
"""

import contextvars
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

SESSION_KEY = "demo_sandbox"
# When the sandbox row was last found (the session is a signed cookie, so the visitor cannot
# change it), and how long a read may trust the id without looking the row up.
SEEN_KEY = "demo_sandbox_seen"
TRUST = 60  # seconds
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_current: contextvars.ContextVar[Callable[[], object] | None] = contextvars.ContextVar(
    "demo_sandbox", default=None
)


class NoSandbox(RuntimeError):
    """Sandboxed models were queried outside a demo request (or ``use_sandbox``)."""


# New sandboxes one client address may start per rate-limit window, unless
# DEMO_RATE_LIMITS["sandbox"]["ip"] says otherwise. A class behind one NAT address, each
# opening a lesson at once, fits; a client without cookies crawling the demos does not.
SANDBOXES_PER_IP = 60


class SandboxRefused(Exception):
    """Too many new sandboxes from this client address in the current window."""

    def __init__(self, retry_after: int, limit: int, window: int) -> None:
        super().__init__(f"at most {limit} new sandboxes per {window} seconds")
        self.retry_after = retry_after
        self.limit = limit
        self.window = window


def sandbox_limit() -> int:
    return settings.DEMO_RATE_LIMITS.get("sandbox", {}).get("ip", SANDBOXES_PER_IP)


def current_sandbox():
    resolve = _current.get()
    if resolve is None:
        raise NoSandbox("no demo sandbox is active: use Model.all_sandboxes outside demo views")
    return resolve()


class use_sandbox:
    """Bind a sandbox (or a callable that makes one on first use) for the code inside."""

    def __init__(self, sandbox_or_factory) -> None:
        if callable(sandbox_or_factory):
            cache = {}

            def resolve():
                if "sandbox" not in cache:
                    cache["sandbox"] = sandbox_or_factory()
                return cache["sandbox"]

            self.resolve = resolve
        else:
            self.resolve = lambda: sandbox_or_factory

    def __enter__(self):
        self.token = _current.set(self.resolve)
        return self

    def __exit__(self, *exc_info) -> None:
        _current.reset(self.token)


def sandbox_for_request(request):
    """The visitor's sandbox, created and seeded with a few rows on first use.

    Raises SandboxRefused when this client address has started too many sandboxes lately.
    """
    from .models import Sandbox
    from .ratelimit import client_address, hit

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
    with transaction.atomic():
        sandbox = Sandbox.objects.create()
        sandbox.seed()
    session[SESSION_KEY] = sandbox.pk
    session[SEEN_KEY] = time.time()
    return sandbox


def stale_before():
    return timezone.now() - timedelta(hours=settings.DEMO_SANDBOX_MAX_AGE_HOURS)
