"""Learner-facing prose uses the learner's words: no "seed", this project's name for the example
code the lessons correct.

Checked on the rendered lessons, code pages, the choosing guide and the headers glossary, with the
try-it panels taken out: a panel's title and description come from the demo catalog
(tutorial/demos/catalog), which has its own checks.
"""

import re
from html import unescape

import pytest

from tutorial.content.library import code_pages, lessons
from tutorial.reference.glossary import glossary
from tutorial.reference.guides import get_guide

OUR_WORDS = re.compile(r"\bseed(?:s|ed|ing)?\b", re.IGNORECASE)
PANEL = re.compile(r'<section class="tryit".*?</section>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def prose(html: str) -> str:
    """The text a reader sees, without the try-it panels."""
    return unescape(TAG.sub(" ", PANEL.sub(" ", html)))


def documents():
    yield from ((f"lesson {lesson.slug}", lesson.html) for lesson in lessons())
    yield from ((f"code {page.code}", page.html) for page in code_pages())
    yield from ((f"code {page.code} summary", page.summary) for page in code_pages())
    yield "guide choosing", get_guide("choosing").html


def test_the_panel_pattern_finds_the_panels():
    html = next(lesson.html for lesson in lessons() if lesson.slug == "rest-apis")
    assert PANEL.search(html)
    assert 'class="tryit"' not in PANEL.sub("", html)


@pytest.mark.parametrize(
    ("name", "html"), [pytest.param(name, html, id=name) for name, html in documents()]
)
def test_no_rendered_prose_says_seed(name, html):
    assert OUR_WORDS.findall(prose(html)) == [], name


def test_the_headers_glossary_does_not_say_seed():
    for header in glossary().values():
        assert not OUR_WORDS.search(f"{header.carries} {header.example}"), header.name
