import pytest

from tutorial.content.library import lesson_store, lessons


@pytest.fixture
def lesson_slugs():
    return [lesson.slug for lesson in lessons()]


@pytest.fixture
def fresh_store():
    """The lesson store emptied, so a test can count the renders it causes."""
    store = lesson_store()
    store.clear()
    yield store
    store.clear()
