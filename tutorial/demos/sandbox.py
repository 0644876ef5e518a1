"""Per-visitor sandboxes: every demo write touches only rows owned by the visitor's session.

The demo views keep the seed document's code (``Article.objects.get(id=article_id)``) and are still
isolated: the middleware binds the visitor's sandbox to the request's context, and the models'
default manager filters by it (see ``models.SandboxedManager``). A visitor who never touches the
database never gets a sandbox.
"""

import contextvars
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

SESSION_KEY = "demo_sandbox"

_current: contextvars.ContextVar[Callable[[], object] | None] = contextvars.ContextVar(
    "demo_sandbox", default=None
)


class NoSandbox(RuntimeError):
    """Sandboxed models were queried outside a demo request (or ``use_sandbox``)."""


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


def sandbox_for_session(session):
    """The session's sandbox, created and seeded with a few rows on first use."""
    from .models import Sandbox

    sandbox_id = session.get(SESSION_KEY)
    if sandbox_id is not None:
        sandbox = Sandbox.objects.filter(pk=sandbox_id).first()
        if sandbox is not None:
            sandbox.touch()
            return sandbox
    with transaction.atomic():
        sandbox = Sandbox.objects.create()
        sandbox.seed()
    session[SESSION_KEY] = sandbox.pk
    return sandbox


def stale_before():
    return timezone.now() - timedelta(hours=settings.DEMO_SANDBOX_MAX_AGE_HOURS)
