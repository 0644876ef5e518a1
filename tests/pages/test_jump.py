import re
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

JUMP = reverse("pages:jump")


def redirect_target(response) -> tuple[str, dict[str, list[str]]]:
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("404", 404), (" 418 ", 418), ("200", 200), ("\t503\n", 503)],
)
def test_a_code_with_a_page_goes_straight_to_it(client, typed, code):
    response = client.get(JUMP, {"code": typed})
    assert redirect_target(response) == (reverse("reference:code", args=[code]), {})


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("299", "299"),  # a number, but no registered code
        ("teapot", "teapot"),
        (" im a teapot ", "im a teapot"),
        ("4O4", "4O4"),  # letter O: searched, not guessed at
        ("-404", "-404"),
        ("1" * 40, "1" * 40),  # far too long for int() to be worth calling
        ("<script>", "<script>"),  # only ever a query parameter, encoded
    ],
)
def test_anything_else_searches_the_codes_index(client, typed, query):
    response = client.get(JUMP, {"code": typed})
    assert redirect_target(response) == (reverse("reference:index"), {"q": [query]})


@pytest.mark.parametrize("params", [{}, {"code": ""}, {"code": "   "}])
def test_an_empty_box_goes_to_the_whole_index(client, params):
    response = client.get(JUMP, params)
    assert redirect_target(response) == (reverse("reference:index"), {})


def test_the_search_follows_through_to_a_filtered_index(client):
    response = client.get(JUMP, {"code": "teapot"}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert response.context["q"] == "teapot"
    assert [page.code for page in response.context["matched"]] == [418]


def test_the_jump_box_is_in_every_page_header_and_needs_no_javascript(client):
    html = client.get(reverse("pages:home")).content.decode()
    form = re.search(r'<form class="jump-form"[^>]*>.*?</form>', html, re.DOTALL)
    assert form is not None
    assert f'action="{JUMP}"' in form.group()
    assert 'method="get"' in form.group()
    label = re.search(r'<label[^>]*for="jump-code">(.*?)</label>', html)
    assert label is not None
    assert re.sub(r"<[^>]+>", "", label.group(1)) == "Jump to status code"
    assert re.search(r'<input[^>]*id="jump-code"[^>]*name="code"[^>]*inputmode="numeric"', html)


def test_posting_to_the_jump_box_is_405(client):
    response = client.post(JUMP, {"code": "404"})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


# The CSP (script-src 'self', style-src 'self') would silently drop these in the browser.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)", re.IGNORECASE)
SCRIPT_WITH_CONTENT = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 5
    assert Path(settings.BASE_DIR, "templates", "base.html") in TEMPLATES


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "an inline <script> (the CSP blocks it)"
    assert not SCRIPT_WITH_CONTENT.search(text), "a <script> with content (the CSP blocks it)"
    assert not STYLE_ATTRIBUTE.search(text), "a style= attribute (the CSP blocks it)"
    assert not STYLE_ELEMENT.search(text), "a <style> element (the CSP blocks it)"


@pytest.mark.parametrize(
    ("html", "pattern"),
    [
        ("<script>alert(1)</script>", SCRIPT_WITH_CONTENT),
        ('<script type="module">\n  import "x";\n</script>', INLINE_SCRIPT),
        ('<p class="x" style="color: red">', STYLE_ATTRIBUTE),
        ("<div\n  STYLE='x'>", STYLE_ATTRIBUTE),
        ("<style>p { color: red }</style>", STYLE_ELEMENT),
    ],
)
def test_the_template_check_catches_what_it_looks_for(html, pattern):
    assert pattern.search(html)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/site.js"></script>',
        '<script type="module" src="/static/js/tryit.js"></script>',
        '<p data-style="x">style= is only text here</p>',
        '<link rel="stylesheet" href="/static/css/site.css">',
    ],
)
def test_the_template_check_allows_external_scripts_and_stylesheets(html):
    for pattern in (INLINE_SCRIPT, SCRIPT_WITH_CONTENT, STYLE_ATTRIBUTE, STYLE_ELEMENT):
        assert not pattern.search(html)
