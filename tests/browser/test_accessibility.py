"""axe finds no violations on any page of the sitemap, in the light and in the dark theme."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .sitemap import sitemap_paths


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_sitemap_page(browser, site, theme, artifacts):
    context = browser.new_context(color_scheme=theme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    axe = Axe()
    paths = sitemap_paths()
    violations = {}
    for path in paths:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        results = axe.run(page)
        if results.violations_count:
            violations[path] = [
                {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in results.response["violations"]
            ]
    context.close()
    (artifacts / f"axe-{theme}.json").write_text(
        json.dumps({"pages": len(paths), "violations": violations}, indent=1)
    )
    assert len(paths) > 70
    assert violations == {}
