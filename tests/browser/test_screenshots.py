"""Screenshots for a person to look at (written to the git-ignored test-artifacts/ folder)."""

import pytest


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(new_page, site, width, artifacts):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(site + "/")
    page.screenshot(path=folder / f"home-{width}.png", full_page=True)

    page.goto(site + "/lessons/client-errors/")
    panel = page.locator('section.tryit[data-demo="api-protected-fixed"]')
    panel.scroll_into_view_if_needed()
    panel.locator("button.tryit-preset").first.click()
    panel.locator(".tryit-result .tryit-status").wait_for()
    panel.screenshot(path=folder / f"lesson-console-{width}.png")
    # No page is wider than the viewport: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(site + "/codes/404/")
    page.screenshot(path=folder / f"code-404-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert (folder / f"lesson-console-{width}.png").stat().st_size > 10_000
