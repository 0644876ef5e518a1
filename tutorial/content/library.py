"""The site's content stores, built once from settings."""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from .documents import Lesson, build_lesson
from .store import ContentStore


@cache
def lesson_store() -> ContentStore[Lesson]:
    return ContentStore(settings.LESSONS_DIR, build_lesson, autoreload=settings.LESSONS_AUTORELOAD)


def lessons() -> list[Lesson]:
    """Every lesson, in teaching order."""
    return sorted(lesson_store().all(), key=lambda lesson: (lesson.order, lesson.slug))


def get_lesson(slug: str) -> Lesson:
    return lesson_store().get(slug)


@receiver(setting_changed)
def _reset_stores(*, setting: str, **kwargs) -> None:
    if setting in {"LESSONS_DIR", "LESSONS_AUTORELOAD"}:
        lesson_store.cache_clear()
