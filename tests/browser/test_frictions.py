"""Small frictions: class queries ("4xx"), HTTP blocks, quiz text, contents, the phone header."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .test_tryit import lesson_paths

# Words of the contents entries that a line break cuts in two (one run of letters and digits on
# several line boxes). A break at a hyphen or after punctuation is an ordinary break.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const link of document.querySelectorAll(".toc a")) {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[A-Za-z0-9]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1366, 1024, 360])
def test_contents_entries_wrap_between_words(new_page, site, width):
    page = new_page(viewport={"width": width, "height": 800})
    broken = {}
    for path in lesson_paths():
        page.goto(site + path)
        if words := page.evaluate(BROKEN_WORDS):
            broken[path] = words
    assert broken == {}


# A request line or a status line: where an HTTP message starts.
START_LINE = r"^(?:[A-Z][A-Z-]* \S+ HTTP/\d(?:\.\d)?|HTTP/\d(?:\.\d)? \d{3}\b.*)$"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_http_blocks_hold_one_message_each_lexed_as_http(new_page, site, theme):
    page = new_page(color_scheme=theme)
    page.goto(site + reverse("pages:lesson", args=["client-errors"]))
    blocks = page.locator("article.lesson div.highlight:has(code .kr)")  # HTTP/1.1 tokens
    assert blocks.count() >= 5
    for index in range(blocks.count()):
        block = blocks.nth(index)
        lines = block.locator("code").inner_text().splitlines()
        starts = sum(bool(re.match(START_LINE, line)) for line in lines)
        assert starts == 1, block.inner_text()
        # No Pygments error token (red in the dark palette, stray colours in the light one).
        expect(block.locator(".err")).to_have_count(0)
    # The status line after a request body is a status line, not JSON or error tokens.
    status = page.locator("article.lesson div.highlight code", has_text="HTTP/1.1 400 Bad Request")
    expect(status.first.locator(".kr").first).to_have_text("HTTP")


def test_the_quiz_announcement_is_for_screen_readers_only(page, site):
    page.goto(site + reverse("pages:lesson", args=["client-errors"]))
    quiz = page.locator("section.quiz.is-interactive").first
    question = quiz.locator(".quiz-question").first
    question.locator("input[type=radio]").first.check(force=True)
    question.locator(".quiz-check").click()
    result = quiz.locator(".quiz-result")
    expect(result).to_have_text(re.compile(r"^Question 1: "))
    assert result.get_attribute("aria-live") == "polite"
    box = result.bounding_box()
    assert box is not None
    assert box["width"] <= 1
    assert box["height"] <= 1


@pytest.mark.parametrize("query", ["4xx", "5XX", "3xx"])
def test_the_code_filter_and_the_jump_box_understand_a_class(page, site, query):
    digit = query[0]
    page.goto(site + reverse("reference:index"))
    page.locator("[data-code-filter] input[name=q]").fill(query)
    rows = page.locator("tr[data-code]:visible")
    expect(rows.first).to_be_visible()
    codes = [int(code) for code in rows.evaluate_all("rows => rows.map(r => r.dataset.code)")]
    assert codes
    assert {str(code)[0] for code in codes} == {digit}

    page.goto(site + reverse("pages:home"))
    page.locator("#jump-code").fill(query)
    page.locator(".jump-submit").click()
    page.wait_for_url(re.compile(r"/codes/\?q="))
    jumped = page.locator("tr[data-code]:visible")
    assert jumped.count() == len(codes)


# Rows of the header: distinct tops of its visible boxes (brand, nav links, the tools).
HEADER_ROWS = """() => {
  const parts = document.querySelectorAll(
    ".brand, .site-nav li, .jump-form, .theme-toggle:not([hidden])");
  const header = document.querySelector(".site-header").getBoundingClientRect();
  const tops = [...parts].map((node) => node.getBoundingClientRect())
    .filter((box) => box.height > 0).map((box) => box.top);
  const rows = [];
  for (const top of tops.sort((a, b) => a - b)) {
    if (!rows.length || top - rows[rows.length - 1] > 12) rows.push(top);
  }
  return { rows: rows.length, height: header.height };
}"""


def test_at_360_px_the_lesson_title_is_on_the_first_screen(new_page, site):
    page = new_page(viewport={"width": 360, "height": 740})
    for path in lesson_paths():
        page.goto(site + path)
        header = page.evaluate(HEADER_ROWS)
        assert header["rows"] <= 2, (path, header)
        title = page.locator("article.lesson h1")
        expect(title).to_be_in_viewport(ratio=1)
        # The contents are there, collapsed: one tap opens them.
        contents = page.locator(".toc details")
        assert contents.get_attribute("open") is None
        contents.locator("summary").click()
        expect(page.locator(".toc a").first).to_be_visible()
