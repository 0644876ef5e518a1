"""The site's content stores, built once from settings."""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from .documents import CodePage, Lesson, build_code_page, build_lesson
from .store import ContentStore


def _lesson_extensions() -> list:
    from .quiz import QuizExtension
    from .tryit import TryItExtension  # the demo catalog loads with the views it names

    return [TryItExtension(), QuizExtension()]


@cache
def lesson_store() -> ContentStore[Lesson]:
    return ContentStore(
        settings.LESSONS_DIR,
        build_lesson,
        autoreload=settings.LESSONS_AUTORELOAD,
        extensions=_lesson_extensions,
    )


def lessons() -> list[Lesson]:
    """Every lesson, in teaching order."""
    return sorted(lesson_store().all(), key=lambda lesson: (lesson.order, lesson.slug))


def get_lesson(slug: str) -> Lesson:
    return lesson_store().get(slug)


@cache
def code_store() -> ContentStore[CodePage]:
    """The status code reference: one page per code in lessons/codes/, named <code>.md."""
    return ContentStore(
        settings.LESSONS_DIR / "codes", build_code_page, autoreload=settings.LESSONS_AUTORELOAD
    )


def code_pages() -> list[CodePage]:
    """Every code page, in numeric order."""
    return sorted(code_store().all(), key=lambda page: page.code)


def get_code_page(code: int) -> CodePage:
    """Return the page for ``code``; raise KeyError when there is none."""
    return code_store().get(str(code))


@receiver(setting_changed)
def _reset_stores(*, setting: str, **kwargs) -> None:
    if setting in {"LESSONS_DIR", "LESSONS_AUTORELOAD"}:
        lesson_store.cache_clear()
        code_store.cache_clear()
