"""No inline code anywhere: the strict Content-Security-Policy must never have to block anything.

Two halves: every page's HTML, as the server renders it, holds no inline script, style or event
handler (the Django test client is enough for that); and in the browser, a violation that slips
through is caught, because the page fixture fails a test on any console error.
"""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.templatetags.static import static
from django.urls import reverse

from .sitemap import sitemap_paths


class InlineCodeFinder(HTMLParser):
    """Collects every piece of markup that a `script-src 'self'; style-src 'self'` CSP blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        where = f"line {self.getpos()[0]}: <{tag}>"
        if tag == "script" and "src" not in names:
            self.found.append(f"{where} inline script")
        if tag == "style":
            self.found.append(f"{where} style element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"{where} style attribute")
            elif name.startswith("on"):
                self.found.append(f"{where} {name} handler")
            elif name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"{where} javascript: URL")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "./x.js"</script>',
        "<style>body { color: red }</style>",
        '<p style="color: red">x</p>',
        '<img src="x.png" alt="" onerror="alert(1)">',
        '<body onload="start()">',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_the_finder_finds_each_kind_of_inline_code(html):
    assert len(inline_code(html)) == 1


def test_the_finder_leaves_external_code_and_escaped_samples_alone():
    html = (
        '<script src="/static/js/site.js" type="module"></script>'
        '<link rel="stylesheet" href="/static/css/site.css">'
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt; style=&quot;x&quot;</code></pre>"
        '<p data-onboarding="x" class="onwards">on</p>'
    )
    assert inline_code(html) == []


def rendered_pages() -> list[tuple[str, HTTPStatus]]:
    """Every sitemap page, and pages outside it that render templates of their own."""
    index = reverse("reference:index")
    return [
        *((path, HTTPStatus.OK) for path in sitemap_paths()),
        (f"{index}?q=teapot", HTTPStatus.OK),
        (f"{index}?q=no-such-code", HTTPStatus.OK),
        (reverse("demos:login"), HTTPStatus.OK),
        ("/no-such-page/", HTTPStatus.NOT_FOUND),  # the site's 404 page
    ]


@pytest.mark.django_db
def test_no_page_holds_inline_scripts_styles_or_handlers(client):
    pages = rendered_pages()
    found = {}
    for path, expected in pages:
        response = client.get(path)
        assert response.status_code == expected, path
        assert response["Content-Type"].startswith("text/html"), path
        if problems := inline_code(response.content.decode()):
            found[path] = problems
    assert len(pages) > 70
    assert found == {}


EXPECTED_ERRORS = {
    "inline script": re.compile(r"Content Security Policy directive .script-src"),
    "inline style": re.compile(r"Content Security Policy directive .style-src"),
    "missing file": re.compile(r"^Failed to load resource: .* status of 404"),
    "console endpoint": re.compile(r"^Failed to load resource: .* status of 405"),
}


def classify(errors: list[str]) -> list[str]:
    return sorted(
        next((kind for kind, pattern in EXPECTED_ERRORS.items() if pattern.search(e)), e)
        for e in errors
    )


def wait_for_console_errors(page, kinds: list[str], timeout_ms=5_000):
    """Console messages arrive asynchronously, in no set order: wait until these have come."""
    for _ in range(timeout_ms // 50):
        if set(kinds) <= set(classify(page.console_errors)):
            break
        page.wait_for_timeout(50)
    # Anything that should not be there has had time to arrive as well.
    page.wait_for_timeout(300)


def test_the_page_watch_fails_on_csp_violations_but_not_on_deliberate_demo_errors(page, site):
    page.goto(site + reverse("pages:lesson", args=["client-errors"]))
    # A demo that answers 404 on purpose: Chromium logs "Failed to load resource", and that alone
    # must not fail a test (the try-it consoles do this on every 4xx/5xx preset).
    status = page.evaluate("url => fetch(url).then(r => r.status)", reverse("demos:custom-404"))
    assert status == HTTPStatus.NOT_FOUND
    # What a careless template or script would do: each is blocked and logged on the console.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true";
            document.head.append(script);
            document.body.setAttribute("style", "color: red");
        }"""
    )
    # A missing static file is a real error, even though it is also a 404.
    missing = static("js/no-such-module.js")
    assert page.evaluate("url => fetch(url).then(r => r.status)", missing) == HTTPStatus.NOT_FOUND
    # So is an error from the console's own endpoints, though they live under /demos/ as well.
    sign_in = reverse("demos:sign-in")  # POST only
    assert page.evaluate("url => fetch(url).then(r => r.status)", sign_in) == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    expected = sorted(EXPECTED_ERRORS)
    wait_for_console_errors(page, expected)
    assert page.evaluate("window.inlineScriptRan") is None
    assert classify(page.console_errors) == expected
    # Caught as they should be; clear them so that the fixture's own check passes.
    page.console_errors.clear()
