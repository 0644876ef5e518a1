"""The demo catalog: every live demo, its URL, the statuses it can return, and its presets.

Lessons embed panels by demo id, /demos.json serves it, the console reads it, and the tests walk
it. An unknown id is an error wherever it is used.
"""

from functools import cache

from . import (
    client_errors,
    informational,
    ratelimit,
    redirection,
    responses,
    rest,
    server_errors,
    success,
)
from .types import Demo, Preset

__all__ = ["Demo", "Preset", "all_demos", "get_demo"]


@cache
def _registry() -> dict[str, Demo]:
    registry: dict[str, Demo] = {}
    for module in (
        informational,
        success,
        redirection,
        client_errors,
        server_errors,
        responses,
        rest,
        ratelimit,
    ):
        for demo in module.DEMOS:
            if demo.id in registry:
                raise ValueError(f"duplicate demo id {demo.id!r}")
            registry[demo.id] = demo
    return registry


def all_demos() -> list[Demo]:
    return list(_registry().values())


def get_demo(demo_id: str) -> Demo:
    """The demo with this id; KeyError for an unknown one."""
    return _registry()[demo_id]
