from http import HTTPStatus

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from tutorial.content.documents import reason_phrase
from tutorial.content.library import get_lesson, lessons

from .classes import STATUS_CLASSES


@require_safe
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
            "description": HTTPStatus(code).description,
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


@ensure_csrf_cookie  # the try-it consoles send the token with their POSTs
@require_safe
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
def healthz(request):
    return JsonResponse({"status": "ok"})
