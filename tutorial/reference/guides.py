"""Guides: longer reference pages written as markdown in lessons/guides/ (choosing.md)."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe

from tutorial.content.rendering import ContentError, Rendered
from tutorial.content.store import ContentStore


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    html: SafeString
    toc: list[dict[str, Any]]


def build_guide(slug: str, rendered: Rendered) -> Guide:
    meta = rendered.meta
    for key in ("title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise ContentError(f"front matter needs '{key}' (str)")
    return Guide(
        slug=slug,
        title=meta["title"],
        summary=meta["summary"],
        html=mark_safe(rendered.html),  # our own markdown files; they use no raw HTML
        toc=rendered.toc,
    )


@cache
def guide_store() -> ContentStore[Guide]:
    return ContentStore(
        settings.LESSONS_DIR / "guides", build_guide, autoreload=settings.LESSONS_AUTORELOAD
    )


def get_guide(slug: str) -> Guide:
    """Return the guide for ``slug``; raise KeyError when there is none."""
    return guide_store().get(slug)


@receiver(setting_changed)
def _reset_guides(*, setting: str, **kwargs) -> None:
    if setting in {"LESSONS_DIR", "LESSONS_AUTORELOAD"}:
        guide_store.cache_clear()
