"""What a learner sees after pressing a preset: the result in view, announced politely."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 740}}


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_after_a_press_the_status_is_on_screen_and_announced(new_page, site, viewport):
    page = new_page(viewport=viewport)
    page.goto(site + reverse("pages:lesson", args=["client-errors"]))
    panels = page.locator("section.tryit")
    for index in range(3):
        panel = panels.nth(index)
        button = panel.locator("button.tryit-preset").first
        button.scroll_into_view_if_needed()
        button.click()
        status = panel.locator(".tryit-result .tryit-status")
        status.wait_for(timeout=15_000)
        expect(status).to_be_in_viewport(ratio=1)
        announcement = panel.locator(".tryit-announcement")
        expect(announcement).to_have_text(re.compile(r"Status \d{3} "))
        assert announcement.get_attribute("aria-live") == "polite"
