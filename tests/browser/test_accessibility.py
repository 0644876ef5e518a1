"""axe finds no violations on any page of the sitemap, in the light and in the dark theme."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .sitemap import axe_violations, sitemap_paths


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_sitemap_page(new_page, site, theme, artifacts):
    # A watched page: a console error (a CSP violation) on any sitemap page fails this test too.
    page = new_page(color_scheme=theme)
    axe = Axe()
    paths = sitemap_paths()
    violations = {}
    for path in paths:
        page.goto(site + path)
        # Try-it consoles fetch the demo catalogue and the visitor's sandbox after load, and
        # redraw when those arrive; other pages change nothing after load, so they need not
        # wait the half second of quiet that "networkidle" takes.
        if page.locator("section.tryit").count():
            page.wait_for_load_state("networkidle")
        if found := axe_violations(axe, page):
            violations[path] = found
    (artifacts / f"axe-{theme}.json").write_text(
        json.dumps({"pages": len(paths), "violations": violations}, indent=1)
    )
    assert len(paths) > 70
    assert violations == {}
