"""Performance budgets that do not need a server: page weight, same-origin assets, and no markdown
rendered while a request is being answered.

The throughput targets themselves are measured by `make bench` (bench/README.md), not here.
"""

import gzip
import re
import runpy
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import markdown
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from whitenoise.compress import Compressor

import tutorial.content.store as store_module
from tutorial.content.library import code_pages, code_store, lesson_store, lessons
from tutorial.reference.guides import guide_store

# The client's requests end with Django closing stale database connections, which touches the
# database when an earlier test left one open.
pytestmark = pytest.mark.django_db

BUDGET = 40 * 1024  # bytes: the lesson page with everything it loads, compressed as served
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"
# What makes a browser fetch something: <link rel=...> of these kinds, and src of these tags.
FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
FETCHING_TAGS = {"script", "img", "iframe", "audio", "video", "source", "embed", "track", "input"}


class FetchedUrls(HTMLParser):
    """(what, url) for every resource the page makes a browser load."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & FETCHING_LINK_RELS and attributes.get("href"):
                self.urls.append((f"link rel={' '.join(sorted(rels))}", attributes["href"]))
        elif tag in FETCHING_TAGS:
            if attributes.get("src"):
                self.urls.append((tag, attributes["src"]))
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append((f"{tag} srcset", candidate.split()[0]))
        if attributes.get("style") and "url(" in attributes["style"]:
            self.urls.append((f"{tag} style", attributes["style"]))


def fetched_urls(html: str) -> list[tuple[str, str]]:
    parser = FetchedUrls()
    parser.feed(html)
    return parser.urls


def is_same_origin(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme == "data":
        return True  # inline, no request
    return not parts.scheme and not parts.netloc


def static_source(url: str) -> Path:
    """The file behind /static/<name> (the tests serve static files unhashed, from the finders)."""
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not under {settings.STATIC_URL}"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not a static file"
    return Path(found)


def as_served_to_a_browser(data: bytes) -> tuple[int, str]:
    """Bytes on the wire for a static file: collectstatic's brotli file, as whitenoise serves it.

    Compressed exactly as CompressedManifestStaticFilesStorage does; whitenoise keeps a
    compressed copy only when it saves at least 5 %, and serves it to a client that accepts br.
    """
    compressed = Compressor.compress_brotli(data)
    if len(data) and len(compressed) / len(data) <= 0.95:
        return len(compressed), "br"
    return len(data), "identity"


def page_as_served(response) -> tuple[int, str, str]:
    """The page itself as Django sends it to a browser: its size, its encoding and its HTML.

    The page cache (tutorial/pages/pagecache.py) answers a browser with brotli; a page sent
    uncompressed counts at its full size.
    """
    encoding = response.get("Content-Encoding", "identity")
    decode = {"identity": bytes, "br": brotli.decompress, "gzip": gzip.decompress}[encoding]
    return len(response.content), encoding, decode(response.content).decode()


def weigh_lesson(client, slug: str) -> list[tuple[str, str, int, str]]:
    url = reverse("pages:lesson", args=[slug])
    response = client.get(url, HTTP_ACCEPT_ENCODING=BROWSER_ACCEPT_ENCODING)
    assert response.status_code == HTTPStatus.OK
    size, encoding, html = page_as_served(response)
    parts = [("page", url, size, encoding)]
    for what, asset in fetched_urls(html):
        assert is_same_origin(asset), f"{url} loads {asset} from another host"
        asset_response = client.get(asset, HTTP_ACCEPT_ENCODING=BROWSER_ACCEPT_ENCODING)
        asset_response.close()  # a file response: close the file
        assert asset_response.status_code == HTTPStatus.OK, f"{url} loads {asset}: missing"
        size, encoding = as_served_to_a_browser(static_source(asset).read_bytes())
        parts.append((what, asset, size, encoding))
    return parts


def describe(parts) -> str:
    return "\n".join(
        f"  {size / 1024:6.1f} KB  {encoding:<22} {what:<22} {url}"
        for what, url, size, encoding in sorted(parts, key=lambda part: -part[2])
    )


def test_every_lesson_page_with_its_css_and_js_fits_the_byte_budget(client):
    for lesson in lessons():
        parts = weigh_lesson(client, lesson.slug)
        total = sum(part[2] for part in parts)
        assert total <= BUDGET, (
            f"/lessons/{lesson.slug}/ weighs {total / 1024:.1f} KB compressed, over the "
            f"{BUDGET // 1024} KB budget; heaviest first:\n{describe(parts)}"
        )
        assert any(part[0].startswith("link rel=stylesheet") for part in parts)
        assert any(part[0] == "script" for part in parts)


def test_a_lesson_page_loads_nothing_from_another_host(client):
    for lesson in lessons():
        html = client.get(reverse("pages:lesson", args=[lesson.slug])).content.decode()
        urls = fetched_urls(html)
        assert urls, "the page loads its stylesheets and scripts"
        foreign = [url for _, url in urls if not is_same_origin(url)]
        assert not foreign, f"/lessons/{lesson.slug}/ loads {foreign}"
        # Nor do the stylesheets and scripts it loads pull anything in from elsewhere.
        for _, url in urls:
            if not urlsplit(url).path.startswith(settings.STATIC_URL):
                continue
            text = static_source(url).read_text(errors="replace")
            remote = re.findall(
                r"""(?:url\(\s*['"]?|@import\s+['"]|\bfrom\s+['"]|\bimport\s*\(\s*['"])"""
                r"""((?:https?:)?//[^'")\s]+)""",
                text,
            )
            assert not remote, f"{url} loads {remote}"


def test_the_policy_forbids_other_hosts_for_scripts_styles_and_images(client):
    response = client.get(reverse("pages:lesson", args=[lessons()[0].slug]))
    directives = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        sources = directives.get(directive, directives["default-src"])
        assert set(sources) <= {"'self'", "data:", "'none'"}, (directive, sources)


# Markdown in the request path -------------------------------------------------------------------


def load_gunicorn_config() -> dict:
    return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


@pytest.fixture
def cold_stores():
    """Every content store emptied, as in a freshly started server process."""
    stores = [lesson_store(), code_store(), guide_store()]
    for store in stores:
        store.clear()
    yield stores
    for store in stores:
        store.clear()


@pytest.fixture
def render_counter(monkeypatch):
    """Count markdown renders: the store's render() and any markdown.Markdown.convert call."""
    counts = {"render": 0, "convert": 0}
    render, convert = store_module.render, markdown.Markdown.convert

    def counting_render(*args, **kwargs):
        counts["render"] += 1
        return render(*args, **kwargs)

    def counting_convert(self, *args, **kwargs):
        counts["convert"] += 1
        return convert(self, *args, **kwargs)

    monkeypatch.setattr(store_module, "render", counting_render)
    monkeypatch.setattr(markdown.Markdown, "convert", counting_convert)
    return counts


def every_content_page() -> list[str]:
    return [
        reverse("pages:home"),
        *(reverse("pages:lesson", args=[lesson.slug]) for lesson in lessons()),
        reverse("reference:index"),
        *(reverse("reference:code", args=[page.code]) for page in code_pages()),
        reverse("reference:choosing"),
        reverse("reference:headers"),
        reverse("reference:codes_json"),
        reverse("pages:sitemap"),
    ]


def test_the_server_renders_all_content_before_it_serves(cold_stores, render_counter):
    config = load_gunicorn_config()
    assert config["preload_app"] is True, "the master renders once, the workers share it"
    server = type("Server", (), {"log": type("Log", (), {"info": lambda *args: None})()})()
    config["on_starting"](server)  # what gunicorn calls in the master, before any worker forks
    assert render_counter["render"] > 0
    assert all(store.render_count > 0 for store in cold_stores)


def test_markdown_is_never_rendered_while_answering_a_request(client, cold_stores, render_counter):
    load_gunicorn_config()["warm_up"]()
    pages = every_content_page()  # listing them needs the stores, so after the warm-up too
    rendered_at_start = {id(store): store.render_count for store in cold_stores}
    render_counter.update(render=0, convert=0)
    for url in pages:
        assert client.get(url).status_code == HTTPStatus.OK, url
    assert render_counter == {"render": 0, "convert": 0}
    assert {id(store): store.render_count for store in cold_stores} == rendered_at_start
