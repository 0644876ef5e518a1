from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tutorial.content.library import lessons
from tutorial.reference.sitemaps import SITEMAPS as REFERENCE_SITEMAPS


class StaticPagesSitemap(Sitemap):
    def items(self):
        return ["pages:home"]

    def location(self, item):
        return reverse(item)


class LessonSitemap(Sitemap):
    def items(self):
        return lessons()

    def location(self, item):
        return reverse("pages:lesson", args=[item.slug])


SITEMAPS = {"pages": StaticPagesSitemap, "lessons": LessonSitemap, **REFERENCE_SITEMAPS}


def sitemap_paths() -> list[str]:
    """The path of every page the sitemap lists."""
    paths = []
    for sitemap in SITEMAPS.values():
        site = sitemap()
        paths.extend(site.location(item) for item in site.items())
    return paths
