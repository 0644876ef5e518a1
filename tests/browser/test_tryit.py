"""Press every try-it preset in every lesson; the console must show what the network carried."""

import json
import re

import pytest
from playwright.sync_api import expect

from tutorial.content.library import lessons

DEMO_REQUEST = re.compile(r"/demos/(?!sandbox\.json|replay/|sign-in/|sign-out/)")


def lesson_paths():
    return [f"/lessons/{lesson.slug}/" for lesson in lessons()]


def press(page, panel, button):
    """Click a button in a panel and wait for the console's new status line."""
    panel.locator(".tryit-result").evaluate("node => node.replaceChildren()")
    button.click()
    status = panel.locator(".tryit-result .tryit-status")
    status.wait_for(timeout=15_000)
    return status.inner_text()


@pytest.fixture(scope="session")
def record_presses(artifacts):
    """Write this run's presses to presets-clicked.json, lesson by lesson.

    The file is removed when the run starts and rewritten after every lesson, so it only ever
    holds this run's presses (a lesson that was renamed or dropped does not linger in it).
    """
    record = artifacts / "presets-clicked.json"
    record.unlink(missing_ok=True)
    lessons_done = {}

    def write(path, clicked):
        lessons_done[path] = clicked
        total = sum(len(presses) for presses in lessons_done.values())
        record.write_text(json.dumps({"presets": total, "lessons": lessons_done}, indent=1))

    return write


@pytest.mark.parametrize("path", lesson_paths())
def test_every_preset_shows_the_status_the_network_saw(page, site, path, record_presses):
    seen = []
    page.on(
        "response",
        lambda response: (
            seen.append((response.request.method, response.url, response.status))
            if DEMO_REQUEST.search(response.url)
            else None
        ),
    )
    page.goto(site + path)
    panels = page.locator("section.tryit")
    clicked = []
    for index in range(panels.count()):
        panel = panels.nth(index)
        demo = panel.get_attribute("data-demo")
        buttons = panel.locator("button.tryit-preset")
        for number in range(buttons.count()):
            seen.clear()
            shown = press(page, panel, buttons.nth(number))
            # An inner exchange's badge names its own codes; the view's status is said apart.
            outer = panel.locator(".tryit-result .tryit-outer-status code")
            if outer.count():
                shown = outer.inner_text()
            match = re.match(r"HTTP (\d{3})\b", shown)
            assert match, f"{demo}: console shows {shown!r}"
            assert seen, f"{demo}: no request reached the network"
            _method, url, network_status = seen[-1]
            # A 3xx is shown as the 3xx itself (fetch with redirect: "manual"; the server's
            # replay reports it); every other status is the one on the wire.
            assert int(match.group(1)) == network_status, (demo, number, url)
            clicked.append({"demo": demo, "preset": number, "status": network_status})
    assert clicked, "a lesson without try-it panels"
    assert page.dialogs == []
    record_presses(path, clicked)


def panel_for(page, demo):
    panel = page.locator(f'section.tryit[data-demo="{demo}"]')
    panel.scroll_into_view_if_needed()
    return panel


def test_create_delete_delete_plays_201_204_404(page, site):
    page.goto(site + "/lessons/success/")
    create = panel_for(page, "create-article-fixed")
    assert press(page, create, create.locator("button.tryit-preset").first).startswith("HTTP 201")
    created = json.loads(create.locator(".tryit-body").inner_text())["id"]
    delete = panel_for(page, "delete-article")
    first = delete.locator("button.tryit-preset").first
    assert press(page, delete, first).startswith("HTTP 204")
    assert delete.locator("input[name=path]").input_value() == f"/demos/articles/{created}/delete/"
    assert press(page, delete, first).startswith("HTTP 404")


def test_a_redirect_is_shown_then_followed(page, site):
    page.goto(site + "/lessons/redirection/")
    panel = panel_for(page, "permanent-redirect")
    shown = press(page, panel, panel.locator("button.tryit-preset").first)
    assert shown.startswith("HTTP 301")
    assert "/demos/new-url/" in panel.locator(".tryit-result").inner_text()
    assert panel.locator(".tryit-replayed").count() == 1
    panel.locator(".tryit-follow").click()
    expect(panel.locator(".tryit-result .tryit-status")).to_have_text(re.compile("^HTTP 200"))
    assert "You followed the permanent redirect" in panel.locator(".tryit-body").inner_text()


HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_hostile_bodies_are_shown_as_text_and_run_nothing(page, site):
    page.goto(site + "/lessons/success/")
    create = panel_for(page, "create-article-fixed")
    create.locator(".tryit-edit > summary").click()
    form = create.locator("form.tryit-form")
    form.locator("select[name=method]").select_option("POST")
    form.locator("input[name=path]").fill("/demos/articles/")
    form.locator("textarea[name=headers]").fill("Content-Type: application/x-www-form-urlencoded")
    body = "title=" + HOSTILE.replace("<", "%3C").replace(">", "%3E").replace(" ", "+")
    form.locator("textarea[name=body]").fill(body + "&content=x")
    assert press(page, create, form.locator("button.tryit-send")).startswith("HTTP 201")
    article = json.loads(create.locator(".tryit-body").inner_text())["id"]

    form.locator("select[name=method]").select_option("GET")
    form.locator("input[name=path]").fill(f"/demos/articles/{article}/")
    form.locator("textarea[name=body]").fill("")
    assert press(page, create, form.locator("button.tryit-send")).startswith("HTTP 200")
    assert HOSTILE in create.locator(".tryit-body").inner_text()
    # An HTML response (the site's own 404 page) is shown as source too.
    form.locator("input[name=path]").fill("/demos/custom-404/")
    assert press(page, create, form.locator("button.tryit-send")).startswith("HTTP 404")
    assert '<footer class="site-footer">' in create.locator(".tryit-body").inner_text()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert create.locator(".tryit-result img, .tryit-result script").count() == 0


def test_keyboard_only_a_preset_is_announced(page, site):
    page.goto(site + "/lessons/client-errors/")
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tryit-preset')"):
            break
    else:
        pytest.fail("no try-it preset is reachable with Tab")
    page.keyboard.press("Enter")
    announcement = page.locator(".tryit-announcement").filter(has_text="Status")
    announcement.first.wait_for(timeout=15_000)
    assert re.match(r"Status \d{3} ", announcement.first.inner_text())
    live = announcement.first.get_attribute("aria-live")
    assert live == "polite"
