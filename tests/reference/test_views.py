from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from tutorial.content.documents import heading_ids
from tutorial.content.library import code_pages, get_code_page, get_lesson
from tutorial.pages.classes import STATUS_CLASSES

from .parsing import collect, visible_codes

pytestmark = pytest.mark.django_db

ALL_CODES = sorted(int(code) for code in [*HTTPStatus, 104, 306])


def test_the_index_lists_every_code_grouped_by_class(client):
    response = client.get(reverse("reference:index"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert visible_codes(html) == set(ALL_CODES)
    for cls in STATUS_CLASSES:
        assert f'id="class-{cls.range}"' in html
    for page in code_pages():
        assert f'href="{reverse("reference:code", args=[page.code])}"' in html
        if not page.is_standard:
            assert f'registry-{page.registry}">{page.registry.capitalize()}</span>' in html
    assert "Showing all 64 status codes." in html


def test_the_filter_form_works_without_javascript(client):
    html = client.get(reverse("reference:index")).content.decode()
    assert 'method="get"' in html
    assert '<label for="code-filter-q">' in html
    assert 'id="code-filter-q" name="q"' in html
    assert 'aria-live="polite"' in html
    assert '<script type="module" src="/static/js/code-filter.js"></script>' in html
    assert (settings.BASE_DIR / "static" / "js" / "code-filter.js").is_file()


def shown_for(client, query: str) -> set[int]:
    response = client.get(reverse("reference:index"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    shown = visible_codes(response.content.decode())
    assert [page.code for page in response.context["matched"]] == sorted(shown)
    return shown


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("teapot", HTTPStatus.IM_A_TEAPOT),
        ("TEAPOT", HTTPStatus.IM_A_TEAPOT),
        ("im a teapot", HTTPStatus.IM_A_TEAPOT),
        ("429", HTTPStatus.TOO_MANY_REQUESTS),
        ("too many", HTTPStatus.TOO_MANY_REQUESTS),
        ("Too  Many", HTTPStatus.TOO_MANY_REQUESTS),
        ("payload too large", HTTPStatus.CONTENT_TOO_LARGE),  # a former name
        ("unprocessable entity", HTTPStatus.UNPROCESSABLE_CONTENT),  # a former name
    ],
)
def test_the_filter_finds_exactly_the_right_code(client, query, expected):
    assert shown_for(client, query) == {expected.value}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("redirect", {301, 302, 303, 307, 308}),
        ("webdav", {102, 207, 208, 422, 423, 424, 507, 508}),  # keywords
        ("login", {401, 403, 407, 511}),
        ("cache", {304}),
    ],
)
def test_the_filter_finds_pages_by_keyword(client, query, expected):
    assert expected <= shown_for(client, query)


@pytest.mark.parametrize("cls", STATUS_CLASSES, ids=lambda cls: cls.range)
def test_the_filter_finds_every_code_of_a_class_by_its_name(client, cls):
    in_class = {page.code for page in code_pages() if page.status_class == cls.digit}
    assert in_class <= shown_for(client, cls.name)


def test_a_filter_that_matches_nothing_says_so(client):
    response = client.get(reverse("reference:index"), {"q": "no such code anywhere"})
    html = response.content.decode()
    assert visible_codes(html) == set()
    assert "No status code matches “no such code anywhere”." in html


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_every_code_page_renders_its_front_matter(client, code):
    page = get_code_page(code)
    response = client.get(reverse("reference:code", args=[code]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'<span class="code-number class-{code // 100}">{code}</span>' in html
    assert f'href="{page.spec_url}"' in html
    assert f"{page.spec} §{page.section}" in html
    for header in page.headers:
        assert f'href="{reverse("reference:headers")}#{header.lower()}"' in html
    for other in page.related:
        assert f'href="{reverse("reference:code", args=[other])}"' in html
    if page.lesson_slug:
        assert f'href="{reverse("pages:lesson", args=[page.lesson_slug])}' in html
    assert page.html in html


def lesson_sections() -> list[tuple[int, str, str]]:
    """(code, lesson, anchor) for each code page whose lesson has a section for that code."""
    found = []
    for page in code_pages():
        if page.lesson_slug is None:
            continue
        ids = heading_ids(get_lesson(page.lesson_slug).toc)
        anchor = next((id_ for id_ in ids if id_.startswith(f"{page.code}-")), None)
        if anchor:
            found.append((page.code, page.lesson_slug, anchor))
    return found


@pytest.mark.parametrize(("code", "slug", "anchor"), lesson_sections(), ids=str)
def test_the_lesson_link_lands_on_the_lessons_section_for_the_code(client, code, slug, anchor):
    html = client.get(reverse("reference:code", args=[code])).content.decode()
    assert f'href="{reverse("pages:lesson", args=[slug])}#{anchor}"' in html


def test_former_names_and_registry_are_explained(client):
    html = client.get(reverse("reference:code", args=[413])).content.decode()
    assert "Formerly Payload Too Large, Request Entity Too Large" in html
    html = client.get(reverse("reference:code", args=[306])).content.decode()
    assert 'registry-unused">Unused</span> Reserved in the IANA registry' in html


def test_code_pages_link_to_their_neighbours(client):
    html = client.get(reverse("reference:code", args=[HTTPStatus.CONTINUE])).content.decode()
    assert 'rel="prev"' not in html
    assert f'rel="next" href="{reverse("reference:code", args=[101])}"' in html
    html = client.get(reverse("reference:code", args=[HTTPStatus.FOUND])).content.decode()
    assert f'rel="prev" href="{reverse("reference:code", args=[301])}"' in html
    assert f'rel="next" href="{reverse("reference:code", args=[303])}"' in html
    html = client.get(reverse("reference:code", args=[511])).content.decode()
    assert 'rel="next"' not in html


@pytest.mark.parametrize("path", ["/codes/299/", "/codes/600/", "/codes/99/", "/codes/abc/"])
def test_unknown_codes_get_the_site_404_page(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.templates[0].name == "404.html"
    assert "There is nothing at this address" in response.content.decode()


def test_a_code_written_with_a_leading_zero_redirects_to_its_page(client):
    response = client.get("/codes/0404/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == reverse("reference:code", args=[404])


def test_codes_json_lists_exactly_the_code_pages(client):
    response = client.get(reverse("reference:codes_json"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    codes = response.json()["codes"]
    assert [entry["code"] for entry in codes] == [page.code for page in code_pages()]
    assert [entry["code"] for entry in codes] == ALL_CODES
    teapot = next(entry for entry in codes if entry["code"] == HTTPStatus.IM_A_TEAPOT)
    assert teapot["phrase"] == "I'm a Teapot"
    assert teapot["class"] == "4xx"
    assert teapot["url"] == reverse("reference:code", args=[418])
    assert set(teapot) == {
        "code",
        "phrase",
        "former_names",
        "class",
        "spec",
        "section",
        "spec_url",
        "registry",
        "summary",
        "headers",
        "django",
        "related",
        "demos",
        "url",
    }


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_code_json_matches_the_list_entry(client, code):
    response = client.get(reverse("reference:code_json", args=[code]))
    assert response.status_code == HTTPStatus.OK
    entry = response.json()
    page = get_code_page(code)
    assert entry["code"] == page.code
    assert entry["phrase"] == page.phrase
    assert entry["former_names"] == list(page.former_names)
    assert entry["headers"] == list(page.headers)
    assert entry["related"] == list(page.related)
    assert entry["url"] == reverse("reference:code", args=[code])


@pytest.mark.parametrize("code", [299, 600, 99])
def test_code_json_for_an_unknown_number_is_a_json_404(client, code):
    response = client.get(reverse("reference:code_json", args=[code]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"
    assert str(code) in response.json()["error"]


def test_the_choosing_guide_is_a_decision_path_ending_at_code_pages(client):
    response = client.get(reverse("reference:choosing"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for question in [
        "Did it work?",
        "Did the request create something?",
        "Is there nothing to send back?",
        "Is the client at fault?",
        "Is the user unauthenticated or unauthorised?",
        "Does the resource exist?",
        "Is the method wrong?",
        "Is it a conflict or a validation error?",
        "Too many requests?",
        "Is the server or an upstream at fault?",
    ]:
        assert question in html
    for code in (200, 201, 204, 400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503):
        assert f'href="/codes/{code}/"' in html


def test_the_headers_glossary_links_each_header_to_its_codes(client):
    response = client.get(reverse("reference:headers"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'id="retry-after"' in html
    entry = html[html.index('id="retry-after"') :]
    entry = entry[: entry.index("</div>")]
    for code in (413, 429, 503):
        assert f'href="{reverse("reference:code", args=[code])}"' in entry


@pytest.mark.parametrize(
    "name", ["reference:index", "reference:choosing", "reference:headers", "reference:codes_json"]
)
def test_pages_only_answer_get_and_head(client, name):
    response = client.post(reverse(name))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    ["reference:index", "reference:choosing", "reference:headers", ("reference:code", 404)],
    ids=str,
)
def test_no_inline_scripts_or_styles(client, path):
    name, *args = path if isinstance(path, tuple) else (path,)
    page = collect(client.get(reverse(name, args=args)).content.decode())
    assert page.styled == []
    assert all(script.get("src") for script in page.scripts)
