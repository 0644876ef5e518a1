from xml.etree import ElementTree

from django.test import Client

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths() -> list[str]:
    """Every page the sitemap lists, as paths."""
    response = Client().get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    return [
        loc.text.removeprefix("http://testserver") for loc in root.findall("s:url/s:loc", NAMESPACE)
    ]


def axe_violations(axe, page) -> list[dict]:
    """axe's violations on the page as it is now: rule id and the first few elements, or []."""
    results = axe.run(page)
    if not results.violations_count:
        return []
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]
