"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
import re
from functools import cache
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; Django's ORM is called from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings):
    """The live server's URL, with the 1xx demo pointed at the live server itself."""
    settings.DEMO_SELF_ADDRESS = urlsplit(live_server.url).netloc
    return live_server.url


# Chromium logs every 4xx/5xx response as a console error. The try-it consoles fetch demo URLs
# that answer 4xx and 5xx on purpose (that is the lesson), so exactly those messages are expected;
# any other console error (a CSP violation, a missing static file, a script's console.error, an
# error from the console's own endpoints) fails.
NETWORK_STATUS_MESSAGE = re.compile(
    r"^Failed to load resource: the server responded with a status of (?P<status>\d{3}) "
)
DEMO_PATH_PREFIX = "/demos/"


@cache
def console_endpoints() -> frozenset[str]:
    """The console's own endpoints under /demos/: they are not demos and must not fail."""
    return frozenset(
        reverse(f"demos:{name}") for name in ("sandbox", "sign-in", "sign-out", "login", "replay")
    )


def is_deliberate_demo_status(message, host: str) -> bool:
    """Is this console message Chromium's note about a demo's deliberate error response?"""
    match = NETWORK_STATUS_MESSAGE.match(message.text)
    url = urlsplit(message.location.get("url", ""))
    return bool(
        match
        and int(match["status"]) >= HTTPStatus.BAD_REQUEST
        and url.netloc == host
        and url.path.startswith(DEMO_PATH_PREFIX)
        and url.path not in console_endpoints()
    )


def watch(page, site: str):
    """Record on `page` what no page of the site may do; `assert_quiet` checks it afterwards."""
    host = urlsplit(site).netloc
    page.dialogs = []
    page.errors = []
    page.console_errors = []
    page.foreign = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # A CSP violation is reported on the console, not as a page error.
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text)
            if message.type == "error" and not is_deliberate_demo_status(message, host)
            else None
        ),
    )
    # Any request to another host is a failure: the site makes no third-party requests.
    # (Recorded rather than intercepted: routing would change how redirects are reported.)
    page.on(
        "request",
        lambda request: (
            page.foreign.append(request.url)
            if urlsplit(request.url).netloc not in {host, ""}
            and not request.url.startswith("data:")
            else None
        ),
    )
    return page


def assert_quiet(page):
    assert page.errors == []
    assert page.console_errors == []
    assert page.foreign == []


@pytest.fixture
def new_page(browser, site):
    """Open a watched page in a new browser context: new_page(color_scheme="dark", ...).

    Every page it opened is closed and checked (no page error, console error or foreign request)
    when the test ends.
    """
    opened = []

    def open_page(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        page = watch(context.new_page(), site)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.context.close()
    for page in opened:
        assert_quiet(page)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
