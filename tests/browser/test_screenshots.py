"""Screenshots: for a person to look at (written to the git-ignored test-artifacts/ folder), and
the README's picture of a lesson with a live console (docs/lesson.png, kept current here)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

README_IMAGE = Path(settings.BASE_DIR) / "docs" / "lesson.png"
README_IMAGE_LIMIT = 200_000  # bytes: the README's first screen loads it
CONSOLE_LESSON = "client-errors"
CONSOLE_DEMO = "api-protected-fixed"


def press_first_preset(page):
    """On the console lesson, press the demo's first preset and wait for the answer."""
    page.goto(page.site + reverse("pages:lesson", args=[CONSOLE_LESSON]))
    panel = page.locator(f'section.tryit[data-demo="{CONSOLE_DEMO}"]')
    panel.scroll_into_view_if_needed()
    panel.locator("button.tryit-preset").first.click()
    status = panel.locator(".tryit-result .tryit-status")
    status.wait_for()
    return panel, status


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(new_page, site, width, artifacts):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    page = new_page(viewport={"width": width, "height": 900})
    page.site = site
    page.goto(site + "/")
    page.screenshot(path=folder / f"home-{width}.png", full_page=True)

    panel, _ = press_first_preset(page)
    panel.screenshot(path=folder / f"lesson-console-{width}.png")
    # No page is wider than the viewport: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(site + "/codes/404/")
    page.screenshot(path=folder / f"code-404-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert (folder / f"lesson-console-{width}.png").stat().st_size > 10_000


def test_the_readme_picture_is_a_lesson_with_a_live_console(new_page, site):
    """Rewrites docs/lesson.png: a console from its title down to the answer it got."""
    page = new_page(viewport={"width": 1280, "height": 800})
    page.site = site
    panel, status = press_first_preset(page)
    top = panel.bounding_box()
    answer = status.bounding_box()
    margin = 12
    # Page coordinates: the clip may reach below the viewport (full_page).
    scroll = page.evaluate("window.scrollY")
    y = top["y"] + scroll - margin
    bottom = answer["y"] + scroll + answer["height"] + 4 * margin
    clip = {
        "x": top["x"] - margin,
        "y": y,
        "width": top["width"] + 2 * margin,
        "height": min(bottom - y, 1400),
    }
    README_IMAGE.parent.mkdir(exist_ok=True)
    page.screenshot(path=README_IMAGE, clip=clip, full_page=True)
    size = README_IMAGE.stat().st_size
    assert 10_000 < size < README_IMAGE_LIMIT, size
