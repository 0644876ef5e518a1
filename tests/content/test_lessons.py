"""The real lessons in lessons/: all seven exist, render, and cover their codes."""

from http import HTTPStatus

import pytest

from tutorial.content.library import lesson_store, lessons

EXPECTED = {
    "informational": {100, 101},
    "success": {200, 201, 204},
    "redirection": {301, 302, 304},
    "client-errors": {400, 401, 403, 404, 405},
    "server-errors": {500, 502, 503},
    "response-classes": {200, 301, 302, 400, 403, 404, 405, 500},
    "rest-apis": {200, 201, 204, 400, 404, 405},
    "rate-limiting": {429},
}


def test_the_seven_lessons_exist_in_order():
    assert {lesson.slug for lesson in lessons()} == set(EXPECTED)
    orders = [lesson.order for lesson in lessons()]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_lesson_covers_its_codes(slug):
    lesson = lesson_store().get(slug)
    assert set(lesson.codes) == EXPECTED[slug]  # the front matter lists exactly these
    for code in lesson.codes:
        assert lesson.code_anchors[code] == lesson.code_anchors[code].lower()
        phrase = HTTPStatus(code).phrase.lower().replace("'", "").replace(" ", "-")
        assert lesson.code_anchors[code] == f"{code}-{phrase}"


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_lesson_has_highlighted_python(slug):
    html = lesson_store().get(slug).html
    assert '<div class="highlight">' in html
    assert '<span class="kn">from</span>' in html
    assert '<span class="nn">django' in html
