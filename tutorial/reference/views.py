"""The status code reference: the index, one page per code, JSON, and two guides."""

import threading
from collections import OrderedDict
from http import HTTPStatus

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tutorial.content.documents import CodePage, heading_ids, reason_phrase
from tutorial.content.library import code_pages, get_code_page, get_lesson
from tutorial.pages import pagecache
from tutorial.pages.classes import STATUS_CLASSES
from tutorial.pages.pagecache import cached_page

from .demos import demo_index, demos_for
from .glossary import codes_by_header, glossary, header_anchor
from .guides import get_guide
from .payloads import code_payload
from .search import MAX_QUERY_LENGTH, clean_query, matches, search_text

CLASSES = {cls.digit: cls for cls in STATUS_CLASSES}


def filter_status(shown: int, total: int, query: str) -> str:
    """The sentence announced in the live region; static/js/code-filter.js words it the same."""
    if not query:
        return f"Showing all {total} status codes."
    if shown == 0:
        return f"No status code matches “{query}”."
    verb = "matches" if shown == 1 else "match"
    return f"{shown} of {total} status codes {verb} “{query}”."


class FilteredPages:
    """The index as filtered by ``?q=``, kept as bytes per query, the MOST_RECENT latest.

    The page cache keeps only paths without a query string; a filtered index is the same bytes
    for everyone who types the same words, so it is kept here, bounded: a client inventing a new
    query each time costs one render each and pushes out the oldest entry, nothing more.
    """

    MOST_RECENT = 256

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, typed: str) -> tuple[bytes, str] | None:
        with self._lock:
            page = self._pages.get(typed)
            if page is not None:
                self._pages.move_to_end(typed)
            return page

    def keep(self, typed: str, response: HttpResponse) -> None:
        with self._lock:
            self._pages[typed] = (response.content, response["Content-Type"])
            while len(self._pages) > self.MOST_RECENT:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


filtered_pages = FilteredPages()


@receiver(setting_changed)
def _forget_filtered_pages(**kwargs) -> None:
    filtered_pages.clear()


def from_filtered_pages(view):
    """Serve ``/codes/?q=...`` from ``filtered_pages`` when the page cache is on."""

    def wrapper(request):
        if not pagecache.enabled() or set(request.GET) != {"q"} or request.method != "GET":
            return view(request)
        typed = typed_query(request)
        kept = filtered_pages.get(typed)
        if kept is not None:
            return HttpResponse(kept[0], content_type=kept[1])
        response = view(request)
        if response.status_code == HTTPStatus.OK and not response.cookies:
            filtered_pages.keep(typed, response)
        return response

    return wrapper


def typed_query(request) -> str:
    return request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()


@require_safe
@cached_page
@from_filtered_pages
def index(request):
    pages = code_pages()
    typed = typed_query(request)
    query = clean_query(typed)
    groups = []
    for cls in STATUS_CLASSES:
        rows = [
            {"page": page, "search": search_text(page), "shown": matches(page, query)}
            for page in pages
            if page.status_class == cls.digit
        ]
        groups.append({"cls": cls, "rows": rows, "shown": any(row["shown"] for row in rows)})
    shown = sum(row["shown"] for group in groups for row in group["rows"])
    return render(
        request,
        "reference/index.html",
        {
            "groups": groups,
            "q": typed,
            "total": len(pages),
            "shown": shown,
            "matched": [row["page"] for g in groups for row in g["rows"] if row["shown"]],
            "filter_status": filter_status(shown, len(pages), typed),
        },
    )


def _page_or_404(code: int) -> CodePage:
    try:
        return get_code_page(code)
    except KeyError:
        raise Http404(f"No status code page for {code}.") from None


def _lesson_link(page: CodePage) -> dict | None:
    if not page.lesson_slug:
        return None
    try:
        lesson = get_lesson(page.lesson_slug)
    except KeyError:
        return None
    # A front matter without an anchor still lands on the lesson's section for the code
    # ("### 429 Too Many Requests") when the lesson has one.
    anchor = page.lesson_anchor or next(
        (id_ for id_ in heading_ids(lesson.toc) if id_.startswith(f"{page.code}-")), None
    )
    url = reverse("pages:lesson", args=[lesson.slug])
    return {"title": lesson.title, "url": f"{url}#{anchor}" if anchor else url}


@require_safe
@cached_page
def code_detail(request, code: int):
    page = _page_or_404(code)
    canonical = reverse("reference:code", args=[page.code])
    if request.path != canonical:  # /codes/0404/ is the same number written differently
        return redirect(canonical, permanent=True)
    pages = code_pages()
    index = next(i for i, item in enumerate(pages) if item.code == page.code)
    return render(
        request,
        "reference/code.html",
        {
            "page": page,
            "cls": CLASSES[page.status_class],
            "headers": [(name, header_anchor(name)) for name in page.headers],
            "related": [(other, reason_phrase(other)) for other in page.related],
            "lesson": _lesson_link(page),
            "demos": demos_for(page),
            "previous": pages[index - 1] if index > 0 else None,
            "next": pages[index + 1] if index + 1 < len(pages) else None,
        },
    )


@require_safe
@cached_page  # built from the content alone, like the pages
def codes_json(request):
    demos = demo_index()
    return JsonResponse(
        {"codes": [code_payload(page, demos.get(page.code, [])) for page in code_pages()]}
    )


@require_safe
@cached_page  # built from the content alone, like the pages
def code_json(request, code: int):
    try:
        page = get_code_page(code)
    except KeyError:
        return JsonResponse(
            {"error": f"No status code page for {code}."}, status=HTTPStatus.NOT_FOUND
        )
    canonical = reverse("reference:code_json", args=[page.code])
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    return JsonResponse(code_payload(page, demos_for(page)))


@require_safe
@cached_page
def choosing(request):
    return render(request, "reference/guide.html", {"guide": get_guide("choosing")})


@require_safe
@cached_page
def headers(request):
    used = codes_by_header(code_pages())
    entries = [(header, used.get(anchor, [])) for anchor, header in glossary().items()]
    return render(request, "reference/headers.html", {"entries": entries})
