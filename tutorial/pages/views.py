from urllib.parse import urlencode

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tutorial.content.documents import reason_phrase
from tutorial.content.library import get_code_page, get_lesson, lessons
from tutorial.reference.search import MAX_QUERY_LENGTH

from .classes import STATUS_CLASSES
from .pagecache import cached_page


@require_safe
@cached_page
def home(request):
    all_lessons = lessons()
    lesson_for_code = {}
    for lesson in all_lessons:
        for code in lesson.codes:
            lesson_for_code.setdefault(code, lesson)
    glance = [
        {
            "code": code,
            "phrase": reason_phrase(code),
            # The plain-English line of the code's reference page, as /codes/ shows it.
            "description": get_code_page(code).summary,
            "lesson": lesson,
            "anchor": lesson.code_anchors[code],
        }
        for code, lesson in sorted(lesson_for_code.items())
    ]
    return render(
        request,
        "pages/home.html",
        {"classes": STATUS_CLASSES, "lessons": all_lessons, "glance": glance},
    )


# No CSRF cookie here: the page is the same bytes for everyone. The try-it console gets its token
# from /demos/sandbox.json before its first request.
@require_safe
@cached_page
def lesson_detail(request, slug: str):
    try:
        lesson = get_lesson(slug)
    except KeyError:
        raise Http404("No such lesson.") from None
    ordered = lessons()
    index = next(i for i, item in enumerate(ordered) if item.slug == lesson.slug)
    return render(
        request,
        "pages/lesson.html",
        {
            "lesson": lesson,
            "previous": ordered[index - 1] if index > 0 else None,
            "next": ordered[index + 1] if index + 1 < len(ordered) else None,
        },
    )


@require_safe
def jump(request):
    """The header's "jump to status code" box: a plain GET form, so it works without JavaScript.

    A number with a reference page goes straight to that page; anything else (an unregistered
    number, a phrase, a typo) becomes a search of the codes index, which says what matched.
    """
    typed = request.GET.get("code", "").strip()[:MAX_QUERY_LENGTH]
    # Status codes are three digits; the length check also keeps int() away from huge numbers.
    if typed.isascii() and typed.isdigit() and len(typed) <= 3:
        try:
            page = get_code_page(int(typed))
        except KeyError:
            pass
        else:
            return redirect(reverse("reference:code", args=[page.code]))
    index = reverse("reference:index")
    return redirect(f"{index}?{urlencode({'q': typed})}" if typed else index)


@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})
