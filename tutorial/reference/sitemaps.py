from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tutorial.content.library import code_pages


class ReferencePagesSitemap(Sitemap):
    def items(self):
        return ["reference:index", "reference:choosing", "reference:headers"]

    def location(self, item):
        return reverse(item)


class CodePageSitemap(Sitemap):
    def items(self):
        return code_pages()

    def location(self, item):
        return reverse("reference:code", args=[item.code])


SITEMAPS = {"reference": ReferencePagesSitemap, "codes": CodePageSitemap}
