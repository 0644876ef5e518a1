"""The index filter's rule (tutorial/reference/search.py), which static/js/code-filter.js shares."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tutorial.content.library import code_pages, get_code_page
from tutorial.reference.search import normalise, search_text

from .parsing import collect

pytestmark = pytest.mark.django_db


def test_case_is_lowered_the_way_the_browser_lowers_it():
    # code-filter.js lowers the query with toLowerCase(), which keeps "ß"; casefold() would
    # turn it into "ss", and the two sides would no longer agree.
    assert normalise("Straße  I\u2019M a TEAPOT ") == "straße im a teapot"


def test_the_search_text_has_the_class_name_and_the_keywords():
    text = search_text(get_code_page(HTTPStatus.MOVED_PERMANENTLY))
    assert text.startswith("301 moved permanently redirection ")
    assert "httpresponsepermanentredirect" in text
    assert "client error" in search_text(get_code_page(HTTPStatus.IM_A_TEAPOT))


def test_each_index_row_carries_the_text_the_server_searches(client):
    # The script filters on data-search, so it sees exactly what ?q= sees.
    rows = collect(client.get(reverse("reference:index")).content.decode()).rows
    assert {int(row["data-code"]): row["data-search"] for row in rows} == {
        page.code: search_text(page) for page in code_pages()
    }
