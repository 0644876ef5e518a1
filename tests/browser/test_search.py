"""Finding a code: the codes index filters as you type, the header's jump box goes to a code."""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tutorial.content.library import code_pages
from tutorial.reference.views import filter_status

# The query, and exactly the rows that stay visible for it.
QUERIES = [
    ("teapot", [HTTPStatus.IM_A_TEAPOT]),
    ("429", [HTTPStatus.TOO_MANY_REQUESTS]),
    ("too many", [HTTPStatus.TOO_MANY_REQUESTS]),
]

SHOWN_CODES = """() => [...document.querySelectorAll("tr[data-code]")]
    .filter(row => row.checkVisibility())
    .map(row => Number(row.dataset.code))"""
SHOWN_GROUPS = """() => [...document.querySelectorAll("[data-code-group]")]
    .filter(group => group.checkVisibility())
    .map(group => group.id)"""


@pytest.fixture
def total():
    return len(code_pages())


def test_the_codes_index_filters_as_you_type_and_announces_it(page, site, total):
    index = reverse("reference:index")
    page.goto(site + index)
    status = page.locator("#code-filter-status")
    expect(status).to_have_text(filter_status(total, total, ""))
    assert len(page.evaluate(SHOWN_CODES)) == total
    box = page.locator("#code-filter-q")
    # The page stays the same document throughout: filtering is done here, not by reloading.
    page.evaluate("window.sameDocument = true")
    for query, codes in QUERIES:
        box.fill("")
        box.press_sequentially(query)
        # Announced once typing pauses, in the server's own words (reference/views.py).
        expect(status).to_have_text(filter_status(len(codes), total, query))
        assert page.evaluate(SHOWN_CODES) == [code.value for code in codes], query
        assert page.evaluate(SHOWN_GROUPS) == ["class-4xx"], query
        # The address is the server's filter for the same query, so it can be shared.
        assert page.evaluate("location.search") == "?" + urlencode({"q": query})
    # Enter filters in place too (the form's no-JS submit is taken over).
    box.press("Enter")
    expect(status).to_have_text(filter_status(1, total, "too many"))
    box.fill("")
    expect(status).to_have_text(filter_status(total, total, ""))
    assert len(page.evaluate(SHOWN_CODES)) == total
    assert page.evaluate("location.search") == ""
    assert page.evaluate("window.sameDocument") is True


def test_the_jump_box_goes_to_a_code_page_or_to_the_filtered_index(page, site, total):
    page.goto(site + reverse("pages:home"))
    jump = page.get_by_role("search", name="Jump to a status code").get_by_role("textbox")
    jump.fill(str(HTTPStatus.NOT_FOUND.value))
    jump.press("Enter")
    page.wait_for_url(site + reverse("reference:code", args=[HTTPStatus.NOT_FOUND.value]))
    expect(page.locator("h1")).to_contain_text(f"{HTTPStatus.NOT_FOUND.value} Not Found")

    jump.fill("teapot")
    jump.press("Enter")
    page.wait_for_url(site + reverse("reference:index") + "?" + urlencode({"q": "teapot"}))
    expect(page.locator("#code-filter-q")).to_have_value("teapot")
    expect(page.locator("#code-filter-status")).to_have_text(filter_status(1, total, "teapot"))
    assert page.evaluate(SHOWN_CODES) == [HTTPStatus.IM_A_TEAPOT.value]
