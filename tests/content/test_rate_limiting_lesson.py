"""The rate-limiting lesson: in the sitemap, two live consoles and a quiz, its snippets run, its
claims about Django and the demo hold, and the code pages it answers for link to it."""

import inspect
import re
from http import HTTPStatus
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse

from tutorial.content.library import get_code_page, lesson_store, lessons
from tutorial.pages.sitemaps import sitemap_paths

from ..demos.conftest import Visitor

SLUG = "rate-limiting"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def lesson():
    return lesson_store().get(SLUG)


def markdown() -> str:
    return (Path(settings.LESSONS_DIR) / f"{SLUG}.md").read_text()


def snippet(name: str) -> dict:
    """Run the lesson's Python block that defines ``name``; return its namespace."""
    (code,) = [block for block in PYTHON_BLOCK.findall(markdown()) if f" {name}" in block]
    namespace: dict = {"__name__": "lesson_snippet"}
    exec(compile(code, f"{SLUG}.md", "exec"), namespace)  # our own lesson's code, nothing else
    return namespace


@pytest.mark.django_db
def test_the_lesson_is_in_the_sitemap_and_serves(client):
    path = reverse("pages:lesson", args=[SLUG])
    assert path in sitemap_paths()
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert b'id="429-too-many-requests"' in response.content


def test_it_comes_after_the_rest_apis_lesson():
    slugs = [item.slug for item in lessons()]
    assert slugs.index(SLUG) == slugs.index("rest-apis") + 1


def test_it_has_two_live_consoles_and_a_quiz():
    html = lesson().html
    assert re.findall(r'data-demo="([^"]+)"', html) == ["rate-limited", "who-is-counted"]
    questions = markdown().split("```quiz rate-limiting", 1)[1].count("\n- q:")
    assert questions >= 4
    assert 'data-quiz="rate-limiting"' in html
    # The panel shows the site's limiter itself, from its source.
    assert "tutorial/demos/ratelimit.py" in html
    assert '<span class="nf">hit</span>' in html
    assert '<span class="nf">client_address</span>' in html


def test_no_internal_words_in_the_prose():
    text = markdown().lower()
    assert "seed" not in text
    assert "sandbox" not in text


def test_the_token_bucket_snippet_allows_a_burst_then_the_rate():
    bucket = snippet("TokenBucket")["TokenBucket"](capacity=3, rate=1, tokens=3, updated=0)
    assert [bucket.take(now=0) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(now=0.5) is False  # half a token
    assert bucket.take(now=1) is True
    # A long rest fills the bucket only to its capacity: the burst stays bounded.
    assert [bucket.take(now=100) for _ in range(4)] == [True, True, True, False]


def test_the_429_snippet_answers_429_with_retry_after():
    response = snippet("too_many_requests")["too_many_requests"](42)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "42"


def test_django_neither_sends_nor_reads_the_ratelimit_fields():
    # The lesson says Django's source does not mention them (checked at the pinned version).
    root = Path(django.__file__).parent
    mentions = [
        path
        for path in root.rglob("*.py")
        if re.search(r"ratelimit", path.read_text(errors="replace"), re.IGNORECASE)
    ]
    assert mentions == []


@pytest.mark.django_db
def test_the_lessons_header_example_is_what_the_demo_sends(settings):
    settings.DEMO_RATE_WINDOW = 60
    response = Visitor().send("GET", reverse("demos:rate-limited"))
    assert f"RateLimit-Policy: {response['RateLimit-Policy']}\n" in markdown()


@pytest.mark.parametrize("code", [402, 403, 429])
def test_the_code_pages_link_to_the_lesson(code):
    assert f'href="/lessons/{SLUG}/"' in get_code_page(code).html


def test_the_429_page_names_this_lesson_as_its_lesson():
    assert get_code_page(429).lesson.startswith(f"{SLUG}#")


def test_client_errors_links_to_the_lesson_from_its_429_section():
    html = lesson_store().get("client-errors").html
    section = html.split('id="429-too-many-requests"', 1)[1].split("<h2", 1)[0]
    assert f'href="/lessons/{SLUG}/"' in section


def test_the_database_caches_incr_is_a_get_then_a_set():
    # The lesson's reason for counting in a row: DatabaseCache keeps BaseCache.incr, which reads
    # the value and writes value + delta back, two statements another request can fall between.
    from django.core.cache.backends.base import BaseCache
    from django.core.cache.backends.db import DatabaseCache

    assert DatabaseCache.incr is BaseCache.incr
    source = inspect.getsource(BaseCache.incr)
    assert source.index("self.get(") < source.index("self.set(")
    assert "incr()` is a `get()` followed by a `set()`" in markdown()
