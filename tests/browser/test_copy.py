"""Copy buttons put exactly the code on the clipboard: a code block, a console's curl line."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

LESSON = "success"


@pytest.fixture
def clipboard_page(new_page, site):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + reverse("pages:lesson", args=[LESSON]))
    # The live server is http://localhost: a secure context, where the async clipboard exists.
    assert urlsplit(site).hostname == "localhost"
    assert page.evaluate("window.isSecureContext") is True
    # Something else on the clipboard first, so that a copy that did nothing cannot pass.
    page.evaluate("navigator.clipboard.writeText('not copied yet')")
    return page


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_puts_a_lesson_code_block_on_the_clipboard(clipboard_page):
    page = clipboard_page
    block = page.locator("article.lesson > div.highlight").first
    code = block.locator("pre").evaluate("pre => pre.textContent")
    assert "\n" in code.strip(), "pick a block of more than one line"
    button = block.locator("button.code-copy")
    expect(button).to_have_text("Copy")
    button.click()
    expect(block.locator(".code-copy-status")).to_have_text("Copied")
    # Pygments' trailing newline is dropped; the text is otherwise the block's, without the bar.
    assert clipboard(page) == code.rstrip()


def test_copy_puts_the_consoles_curl_line_on_the_clipboard(clipboard_page, site):
    page = clipboard_page
    panel = page.locator("section.tryit").first
    panel.scroll_into_view_if_needed()
    panel.locator("button.tryit-preset").first.click()
    curl = panel.locator(".tryit-result .tryit-curl")
    expect(curl).to_be_visible(timeout=15_000)
    command = curl.inner_text()
    path = panel.locator("input[name=path]").input_value()
    assert command.startswith("curl -i ")
    assert site + path in command
    panel.locator("button.tryit-copy").click()
    expect(panel.locator(".tryit-copied")).to_have_text("Copied.")
    assert clipboard(page) == command
