import pytest

from tutorial.content.library import lesson_store, lessons
from tutorial.pages.pagecache import pages


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


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no page kept, so its first request for a page renders it."""
    pages.clear()
    yield
    pages.clear()
