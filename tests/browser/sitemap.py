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
