"""Which visitor's sandbox the demo models see, for the code running now.

The demo views keep the seed document's code (``Article.objects.get(id=article_id)``) and are still
isolated: the demos' middleware binds the visitor's sandbox here for one request, and the models'
default manager filters by it (``models.SandboxedManager``). This module imports nothing of the
demos: the models read it, the middleware (through sandbox.py) writes it.
"""

import contextvars
from collections.abc import Callable

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
