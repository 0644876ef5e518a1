"""The status code reference pages in lessons/codes/: one per registered code, all valid."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings

from tutorial.content.documents import build_code_page, reason_phrase
from tutorial.content.library import code_pages, code_store, get_code_page, get_lesson
from tutorial.content.rendering import ContentError, Rendered

ALL_CODES = sorted([*HTTPStatus, 104, 306])  # 104 and 306: registered, not in HTTPStatus
PLACEHOLDER_RE = re.compile(r"\b(TODO|TBD|FIXME|lorem|ipsum|placeholder)\b", re.IGNORECASE)


def test_every_registered_code_has_exactly_one_page():
    assert [page.code for page in code_pages()] == [int(code) for code in ALL_CODES]
    assert sorted(code_store().slugs(), key=int) == [str(int(code)) for code in ALL_CODES]


# Number, phrase, registry value and spec URL are checked as each page is built (the tests of
# build_code_page below); what is left to check is that the text is not empty.
@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_every_page_has_a_summary_a_django_answer_and_a_body(code):
    page = get_code_page(int(code))
    assert page.summary.strip()
    assert page.django.strip()
    assert page.html.strip()


# Every code whose registry status is not "standard", and why:
NON_STANDARD = {
    102: "deprecated",  # IANA lists it (RFC 2518) unmarked; RFC 4918 removed it
    103: "experimental",  # RFC 8297 is Experimental
    104: "temporary",  # IANA: a temporary registration for draft-ietf-httpbis-resumable-upload
    208: "experimental",  # RFC 5842 is Experimental
    305: "deprecated",  # RFC 9110 §15.4.6
    306: "unused",  # RFC 9110 §15.4.7
    418: "unused",  # RFC 9110 §15.5.19
    506: "experimental",  # RFC 2295 is Experimental
    508: "experimental",  # RFC 5842
    510: "deprecated",  # IANA: "Not Extended (OBSOLETED)"; RFC 2774 is now Historic
}


def test_the_registry_status_of_every_non_standard_code():
    assert {page.code: page.registry for page in code_pages() if not page.is_standard} == (
        NON_STANDARD
    )


def test_418_cites_the_registry_reference_not_the_joke():
    page = get_code_page(HTTPStatus.IM_A_TEAPOT)
    assert (page.spec, page.section) == ("RFC 9110", "15.5.19")
    assert page.spec_url == "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.19"
    assert "RFC 2324" in page.html  # its history
    assert "RFC 7168" in page.html


def test_306_is_reserved_and_unused():
    page = get_code_page(306)
    assert page.phrase == "Unused"
    assert page.registry == "unused"


# The second-level headings every page has, in this order; "History" may come before the last.
SECTIONS = ["What it means", "When to use it", "Headers", "How Django produces it", "Related codes"]


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_every_page_has_the_reference_sections_in_order(code):
    headings = [entry["name"] for entry in get_code_page(int(code)).toc]
    assert headings in (SECTIONS, [*SECTIONS[:-1], "History", SECTIONS[-1]])


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_no_page_contains_placeholder_text(code):
    text = (settings.LESSONS_DIR / "codes" / f"{int(code)}.md").read_text(encoding="utf-8")
    assert PLACEHOLDER_RE.search(text) is None


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_lesson_references_name_a_real_lesson_section(code):
    page = get_code_page(int(code))
    if page.lesson is None:
        pytest.skip("no lesson reference")
    lesson = get_lesson(page.lesson_slug)  # KeyError: no such lesson
    if page.lesson_anchor:
        assert f'id="{page.lesson_anchor}"' in lesson.html


@pytest.mark.parametrize("code", ALL_CODES, ids=str)
def test_related_codes_have_pages(code):
    page = get_code_page(int(code))
    for other in page.related:
        assert get_code_page(other).code == other


def test_an_unknown_code_has_no_page():
    for code in (299, 600, 99):
        with pytest.raises(KeyError):
            get_code_page(code)


# build_code_page on its own: a valid page, then one broken field at a time.

VALID = {
    "code": 413,
    "phrase": "Content Too Large",
    "former_names": ["Payload Too Large", "Request Entity Too Large"],
    "spec": "RFC 9110",
    "section": "15.5.14",
    "spec_url": "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
    "registry": "standard",
    "summary": "The body is too large.",
    "headers": ["Retry-After"],
    "django": "HttpResponse(status=HTTPStatus.CONTENT_TOO_LARGE)",
    "related": [400, 411],
    "lesson": "client-errors#400-bad-request",
}


def build(slug="413", **changes):
    meta = {**VALID, **changes}
    meta = {key: value for key, value in meta.items() if value is not ...}
    return build_code_page(slug, Rendered(meta=meta, html="<p>Body.</p>"))


def test_a_valid_page_builds_with_its_properties():
    page = build()
    assert page.code == HTTPStatus.CONTENT_TOO_LARGE
    assert page.former_names == ("Payload Too Large", "Request Entity Too Large")
    assert page.headers == ("Retry-After",)
    assert page.related == (400, 411)
    assert page.status_class == 4
    assert page.lesson_slug == "client-errors"
    assert page.lesson_anchor == "400-bad-request"


def test_keywords_and_demos_are_optional():
    page = build()
    assert page.keywords == ()
    assert page.demos == ()
    page = build(keywords=["body too large", "upload"], demos=["create-article"])
    assert page.keywords == ("body too large", "upload")
    assert page.demos == ("create-article",)


def test_the_lesson_is_optional_and_may_have_no_anchor():
    assert build(lesson=...).lesson_slug is None
    page = build(lesson="client-errors")
    assert page.lesson_slug == "client-errors"
    assert page.lesson_anchor is None


def test_104_is_a_temporary_registration_python_does_not_know():
    assert 104 not in HTTPStatus._value2member_map_
    page = get_code_page(104)
    assert page.phrase == "Upload Resumption Supported"
    assert page.registry == "temporary"


def test_306_builds_with_the_unused_phrase():
    page = build("306", code=306, phrase=reason_phrase(306), registry="unused", related=[302])
    assert page.phrase == "Unused"


@pytest.mark.parametrize(
    ("slug", "changes", "message"),
    [
        ("414", {}, "does not match the file name"),
        ("413", {"code": "413"}, "needs 'code'"),
        ("299", {"code": 299}, "not a registered status code"),
        ("413", {"phrase": "Payload Too Large"}, "should be 'Content Too Large'"),
        ("413", {"registry": "obsolete"}, "'registry' must be one of"),
        ("306", {"code": 306, "phrase": "Unused"}, "must be 'unused'"),
        ("413", {"registry": "temporary"}, "'registry: temporary' is for [104] only"),
        ("104", {"code": 104, "phrase": "Upload Resumption Supported"}, "is for [104] only"),
        ("413", {"related": [400, 299]}, "299, which is not a registered code"),
        ("413", {"related": [413]}, "own code"),
        ("413", {"related": "400"}, "needs 'related'"),
        ("413", {"headers": "Retry-After"}, "needs 'headers'"),
        ("413", {"headers": ["Retry-After", 7]}, "'headers' must be a list"),
        ("413", {"former_names": ...}, "needs 'former_names'"),
        ("413", {"section": 15.5}, "needs 'section'"),
        ("413", {"spec_url": "http://example.com"}, "https://"),
        ("413", {"lesson": "Client Errors"}, "'lesson' must be a lesson slug"),
        ("413", {"lesson": ["client-errors"]}, "'lesson' must be a lesson slug"),
        ("413", {"summary": ...}, "needs 'summary'"),
        ("413", {"django": ...}, "needs 'django'"),
        ("413", {"keywords": "upload"}, "needs 'keywords'"),
        ("413", {"keywords": ["upload", ""]}, "'keywords' must be a list"),
        ("413", {"demos": ["no-such-demo"]}, "'demos' lists 'no-such-demo', which is not a demo"),
    ],
)
def test_bad_front_matter_is_a_clear_error(slug, changes, message):
    with pytest.raises(ContentError, match=re.escape(message)):
        build(slug, **changes)
