import os

import pytest

from tutorial.content.documents import build_lesson
from tutorial.content.rendering import ContentError
from tutorial.content.store import ContentStore

LESSON = """---
title: Missing things
summary: What 404 means.
order: 1
codes: [404]
---

## 404 Not Found

Nothing here.
"""


@pytest.fixture
def lesson_dir(tmp_path):
    (tmp_path / "missing.md").write_text(LESSON)
    return tmp_path


def test_a_document_is_rendered_once_and_kept(lesson_dir):
    store = ContentStore(lesson_dir, build_lesson)
    first = store.get("missing")
    second = store.get("missing")
    assert first is second
    assert store.render_count == 1


def test_without_autoreload_a_changed_file_is_not_rendered_again(lesson_dir):
    store = ContentStore(lesson_dir, build_lesson)
    store.get("missing")
    path = lesson_dir / "missing.md"
    path.write_text(LESSON.replace("Nothing here.", "Changed."))
    os.utime(path, ns=(1, 1))
    assert "Nothing here." in store.get("missing").html
    assert store.render_count == 1


def test_with_autoreload_a_changed_file_is_picked_up(lesson_dir):
    store = ContentStore(lesson_dir, build_lesson, autoreload=True)
    assert "Nothing here." in store.get("missing").html
    path = lesson_dir / "missing.md"
    path.write_text(LESSON.replace("Nothing here.", "Changed."))
    os.utime(path, ns=(1, 1))
    assert "Changed." in store.get("missing").html
    assert store.render_count == 2
    # Unchanged since: served from memory.
    store.get("missing")
    assert store.render_count == 2


@pytest.mark.parametrize("slug", ["nope", "../missing", "missing.md", "", "MISSING", "codes/404"])
def test_unknown_or_path_like_slugs_are_not_found(lesson_dir, slug):
    with pytest.raises(KeyError):
        ContentStore(lesson_dir, build_lesson).get(slug)


def test_a_lesson_without_a_section_for_one_of_its_codes_fails_to_render(lesson_dir):
    (lesson_dir / "broken.md").write_text(LESSON.replace("codes: [404]", "codes: [404, 410]"))
    with pytest.raises(ContentError, match=r"broken\.md: no heading for 410"):
        ContentStore(lesson_dir, build_lesson).get("broken")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("codes: [404]", "codes: [499]", "registered status codes"),
        ("codes: [404]", "codes: []", "registered status codes"),
        ("order: 1", "order: first", "'order'"),
        ("title: Missing things\n", "", "'title'"),
    ],
)
def test_bad_lesson_front_matter_is_a_clear_error(lesson_dir, old, new, message):
    (lesson_dir / "broken.md").write_text(LESSON.replace(old, new))
    with pytest.raises(ContentError, match=message):
        ContentStore(lesson_dir, build_lesson).get("broken")
