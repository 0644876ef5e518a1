"""3xx demos: redirects, and 304/412 through ETag and Last-Modified."""

import json
from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_http_methods

from .models import Article
from .views_success import ArticleForm


def temporary_redirect(request):
    # 302 Found, Location: the URL named "home"
    return redirect("pages:home")


def permanent_redirect(request):
    # 301 Moved Permanently, Location: the URL named "new-url"
    response = redirect("demos:new-url", permanent=True)
    # A browser may keep a 301 for as long as it likes; max-age bounds that: it reuses the
    # redirect for five minutes, then asks again.
    patch_cache_control(response, max_age=300)
    return response


def new_url(request):
    return HttpResponse("You followed the permanent redirect to /demos/new-url/.")


def conditional_redirect(request):
    if not request.user.is_authenticated:
        # Redirect to login
        return redirect("demos:login")
    return redirect("demos:dashboard")


def conditional_redirect_fixed(request):
    if not request.user.is_authenticated:
        # 302 to LOGIN_URL?next=/the/page/they/wanted/
        return redirect_to_login(request.get_full_path())
    return redirect("demos:dashboard")


@login_required
def dashboard(request):
    return JsonResponse({"message": f"Welcome to your dashboard, {request.user.username}."})


def article_last_modified(request, article_id):
    return Article.objects.filter(pk=article_id).values_list("updated", flat=True).first()


def article_etag(request, article_id):
    updated = article_last_modified(request, article_id)
    if updated is None:
        return None  # no such article: no ETag, and the view answers 404
    return f'"article-{article_id}-{updated.timestamp()}"'


# Outermost, so it is on every answer, the 304 that @condition sends without running the view
# included: each browser keeps its own copy (private) and asks before reusing it (no-cache).
@cache_control(private=True, no_cache=True)
@require_http_methods(["GET", "HEAD", "PUT"])
@condition(etag_func=article_etag, last_modified_func=article_last_modified)
def article_versioned(request, article_id):
    article = get_object_or_404(Article, pk=article_id)
    if request.method == "PUT":
        if "If-Match" not in request.headers:
            return JsonResponse(
                {"error": "Send If-Match with the ETag you edited"},
                status=HTTPStatus.PRECONDITION_REQUIRED,
            )
        try:
            data = json.loads(request.body)  # request.POST is always empty for PUT
        except ValueError:  # malformed JSON or bytes that aren't UTF-8
            return JsonResponse({"error": "Body must be valid JSON"}, status=HTTPStatus.BAD_REQUEST)
        form = ArticleForm(data if isinstance(data, dict) else {}, instance=article)
        if not form.is_valid():
            return JsonResponse(
                {"errors": form.errors.get_json_data()}, status=HTTPStatus.BAD_REQUEST
            )
        article = form.save()
    response = JsonResponse({"id": article.pk, "title": article.title})
    response["ETag"] = article_etag(request, article.pk)  # the current version
    return response
