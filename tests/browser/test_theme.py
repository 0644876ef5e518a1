"""The header's theme toggle: it changes the theme, is remembered before first paint, cycles back
to following the system, and both toggled themes pass axe (contrast included) on typical pages."""

import json
from http import HTTPStatus

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from .sitemap import axe_violations

THEME_KEY = "status-codes-theme"  # static/js/site.js and static/js/theme-init.js
OTHER = {"light": "dark", "dark": "light"}
# What each theme paints: the body's background (--bg in site.css) and a Python keyword in
# highlighted code (the Pygments palettes in pygments.css).
BODY_BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(17, 21, 19)"}
KEYWORD_COLOUR = {"light": "rgb(169, 13, 145)", "dark": "rgb(255, 173, 102)"}
LABELS = {"auto": "Auto", "light": "Light", "dark": "Dark"}

# Records every change of <html data-theme> from the moment the document exists, and whether
# <body> had been parsed by then: a theme set before <body> exists cannot flash the wrong one.
RECORD_THEME_CHANGES = """
window.themeChanges = [];
new MutationObserver(() => {
  window.themeChanges.push({
    theme: document.documentElement.dataset.theme ?? null,
    bodyParsed: document.body !== null,
  });
}).observe(document, { attributes: true, attributeFilter: ["data-theme"], subtree: true });
"""


def theme_of(page):
    return page.evaluate("document.documentElement.dataset.theme ?? null")


def body_background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def saved_theme(page):
    return page.evaluate("key => localStorage.getItem(key)", THEME_KEY)


def expect_theme(page, choice: str, system: str):
    """The toggle says `choice`, <html> carries it, and the page is painted in it."""
    shown = system if choice == "auto" else choice
    toggle = page.locator("[data-theme-toggle]")
    expect(toggle.locator("[data-theme-label]")).to_have_text(LABELS[choice])
    assert theme_of(page) == (None if choice == "auto" else choice)
    assert saved_theme(page) == (None if choice == "auto" else choice)
    assert body_background(page) == BODY_BACKGROUND[shown]


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_toggle_changes_the_theme_remembers_it_and_cycles_back_to_auto(new_page, site, system):
    page = new_page(color_scheme=system)
    page.add_init_script(RECORD_THEME_CHANGES)
    page.goto(site + reverse("pages:home"))
    toggle = page.locator("[data-theme-toggle]")
    expect(toggle).to_be_visible()
    expect_theme(page, "auto", system)
    assert page.evaluate("window.themeChanges") == []

    # The first press always changes what you see: to the theme the system does not use.
    chosen = OTHER[system]
    toggle.click()
    expect_theme(page, chosen, system)
    assert toggle.get_attribute("title").startswith(f"Theme: {chosen}, your choice.")

    # Remembered, and applied by theme-init.js before <body> is parsed: no flash of the other.
    page.reload()
    assert theme_of(page) == chosen
    assert page.evaluate("window.themeChanges") == [{"theme": chosen, "bodyParsed": False}]
    expect_theme(page, chosen, system)
    page.goto(site + reverse("reference:code", args=[HTTPStatus.NOT_FOUND.value]))
    assert theme_of(page) == chosen
    assert page.evaluate("window.themeChanges") == [{"theme": chosen, "bodyParsed": False}]
    expect_theme(page, chosen, system)

    # The second press picks the system's own theme explicitly, the third follows the system.
    toggle.click()
    expect_theme(page, system, system)
    toggle.click()
    expect_theme(page, "auto", system)
    assert toggle.get_attribute("title").startswith(f"Theme: auto, following your system ({system}")
    page.reload()
    assert page.evaluate("window.themeChanges") == []
    expect_theme(page, "auto", system)


def axe_pages():
    """Pages that between them use every part of the stylesheets."""
    return [
        reverse("pages:home"),
        reverse("pages:lesson", args=["client-errors"]),  # highlighted code, consoles, a quiz
        reverse("reference:code", args=[HTTPStatus.TOO_MANY_REQUESTS.value]),
        reverse("reference:index"),
    ]


def use_the_page(page):
    """Bring out the states that only exist after use: a filled console, a quiz verdict."""
    panel = page.locator("section.tryit").first
    if panel.count():
        panel.locator("button.tryit-preset").first.click()
        panel.locator(".tryit-result .tryit-status").wait_for(timeout=15_000)
    question = page.locator(".quiz-question").first
    if question.count():
        wrong = question.locator("input[type=radio]:not([data-correct])").first
        page.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
        question.locator(".quiz-check").click()
        expect(question.locator(".quiz-choice.is-wrong")).to_have_count(1)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_axe_passes_in_the_toggled_theme_opposite_to_the_system(new_page, site, system, artifacts):
    """`:root[data-theme=...]` is a separate set of selectors from prefers-color-scheme's: the
    sitemap-wide axe run never reaches it, so it is checked here, on the theme the toggle picks."""
    chosen = OTHER[system]
    page = new_page(color_scheme=system)
    page.goto(site + reverse("pages:home"))
    page.locator("[data-theme-toggle]").click()
    expect_theme(page, chosen, system)
    axe = Axe()
    paths = axe_pages()
    violations = {}
    highlighted = []
    for path in paths:
        page.goto(site + path)
        assert theme_of(page) == chosen, path
        assert body_background(page) == BODY_BACKGROUND[chosen], path
        use_the_page(page)
        keyword = page.locator(".highlight .k").first
        if keyword.count():
            assert (
                keyword.evaluate("node => getComputedStyle(node).color") == (KEYWORD_COLOUR[chosen])
            ), path
            highlighted.append(path)
        if found := axe_violations(axe, page):
            violations[path] = found
    (artifacts / f"axe-toggled-{chosen}.json").write_text(
        json.dumps({"system": system, "theme": chosen, "pages": paths, "violations": violations})
    )
    assert violations == {}
    assert len(highlighted) >= 2, "no highlighted code was checked"
