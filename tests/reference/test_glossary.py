"""The headers glossary (lessons/guides/headers.yaml) covers every header a code page names."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tutorial.content.library import code_pages
from tutorial.reference.glossary import SENT_IN, codes_by_header, glossary, header_anchor

pytestmark = pytest.mark.django_db


def test_every_header_named_by_a_code_page_has_a_glossary_entry():
    entries = glossary()
    missing = {
        f"{page.code}: {name}"
        for page in code_pages()
        for name in page.headers
        if header_anchor(name) not in entries
    }
    assert missing == set()


def test_entries_are_complete_and_keyed_by_lowercase_name():
    entries = glossary()
    assert list(entries) == sorted(entries)
    for anchor, header in entries.items():
        assert anchor == header.name.lower()
        assert header.sent_in in SENT_IN
        assert header.carries.strip()
        assert header.example.strip()
        assert header.spec_url.startswith("https://www.rfc-editor.org/rfc/rfc")


def test_the_usual_suspects_are_in_the_glossary():
    entries = glossary()
    for name in [
        "Location",
        "Allow",
        "WWW-Authenticate",
        "Proxy-Authenticate",
        "Retry-After",
        "ETag",
        "Last-Modified",
        "Content-Range",
        "Accept-Ranges",
        "Vary",
        "Upgrade",
        "Link",
        "Content-Location",
        "If-Match",
        "If-None-Match",
        "If-Modified-Since",
        "If-Unmodified-Since",
        "Range",
        "Expect",
        "Accept",
        "Content-Type",
    ]:
        assert header_anchor(name) in entries


def test_codes_by_header_is_computed_from_the_pages():
    used = codes_by_header(code_pages())
    assert [page.code for page in used["www-authenticate"]] == [HTTPStatus.UNAUTHORIZED]
    assert HTTPStatus.METHOD_NOT_ALLOWED in [page.code for page in used["allow"]]
    assert HTTPStatus.TOO_MANY_REQUESTS in [page.code for page in used["retry-after"]]


def test_every_header_gets_an_anchor_on_the_glossary_page(client):
    html = client.get(reverse("reference:headers")).content.decode()
    for anchor in glossary():
        assert f'id="{anchor}"' in html
