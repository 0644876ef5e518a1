"""Layout: nothing scrolls sideways on a 360 px phone, and a lesson prints as just its text."""

from django.urls import reverse
from playwright.sync_api import expect

from .sitemap import sitemap_paths

PHONE_WIDTH = 360

VISIBLE = """selector => [...document.querySelectorAll(selector)]
    .filter(node => node.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }))
    .map(node => node.outerHTML.slice(0, 120))"""


def test_no_sitemap_page_scrolls_sideways_at_360_px(new_page, site):
    page = new_page(viewport={"width": PHONE_WIDTH, "height": 740})
    paths = sitemap_paths()
    too_wide = {}
    for path in paths:
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            too_wide[path] = width
    assert len(paths) > 70
    assert too_wide == {}


def test_a_lesson_prints_its_text_without_buttons_navigation_or_consoles(new_page, site):
    # A reader whose screen is dark: paper is still white, and the text black.
    page = new_page(color_scheme="dark")
    page.goto(site + reverse("pages:lesson", args=["client-errors"]))
    # Fill a console first: its output must not print either.
    panel = page.locator("section.tryit").first
    panel.locator("button.tryit-preset").first.click()
    panel.locator(".tryit-result .tryit-status").wait_for(timeout=15_000)
    assert page.evaluate(VISIBLE, "button")  # on screen, there are buttons to hide

    page.emulate_media(media="print")
    assert page.evaluate("matchMedia('print').matches")
    assert page.evaluate(VISIBLE, "button") == []
    assert page.evaluate(VISIBLE, "nav, .site-header, .site-footer, .toc, .skip-link") == []
    assert page.evaluate(VISIBLE, ".tryit-presets, .tryit-form, .tryit-output, .tryit-result") == []
    assert page.evaluate(VISIBLE, "input:not([type=radio]), select, textarea") == []

    article = page.locator("article.lesson")
    expect(article.locator("h1")).to_be_visible()
    expect(article.locator("h2").first).to_be_visible()
    expect(article.locator("div.highlight pre").first).to_be_visible()
    paragraphs = page.evaluate(VISIBLE, "article.lesson p")
    assert len(paragraphs) > 20
    # In black on white, highlighted code too (the dark Pygments palette is pale text).
    colour = "node => getComputedStyle(node).color"
    assert page.locator("body").evaluate("node => getComputedStyle(node).backgroundColor") == (
        "rgb(255, 255, 255)"
    )
    assert article.evaluate(colour) == "rgb(0, 0, 0)"
    assert article.locator("div.highlight .k").first.evaluate(colour) == "rgb(0, 0, 0)"
