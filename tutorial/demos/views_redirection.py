"""3xx demos: redirects, and 304/412 through ETag and Last-Modified."""

import json
from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import condition, require_http_methods

from .models import Article


def temporary_redirect(request):
    # 302 Temporary redirect (default)
    return redirect("pages:home")


def permanent_redirect(request):
    # 301 Permanent redirect
    return HttpResponsePermanentRedirect("/demos/new-url/")


def new_url(request):
    return HttpResponse("You followed the permanent redirect to /demos/new-url/.")


def conditional_redirect(request):
    if not request.user.is_authenticated:
        # Redirect to login
        return redirect("demos:login")
    return redirect("demos:dashboard")


@login_required
def dashboard(request):
    return JsonResponse({"message": f"Welcome to your dashboard, {request.user.username}."})


def article_etag(request, article_id):
    article = Article.objects.filter(id=article_id).only("id", "updated").first()
    if article is None:
        return None
    # Strong validator: changes whenever the row is saved.
    return f'"{article.id}-{article.updated.timestamp():.6f}"'


def article_last_modified(request, article_id):
    article = Article.objects.filter(id=article_id).only("updated").first()
    return article.updated if article else None


@require_http_methods(["GET", "HEAD", "PUT"])
@condition(etag_func=article_etag, last_modified_func=article_last_modified)
def article_versioned(request, article_id):
    # @condition answers 304 to a GET whose If-None-Match matches the current ETag, and 412 to a
    # PUT whose If-Match does not: this body runs only when the preconditions pass.
    article = get_object_or_404(Article, id=article_id)
    if request.method == "PUT":
        try:
            data = json.loads(request.body)
            article.title = str(data["title"])[:200]
        except (ValueError, KeyError, TypeError):
            return JsonResponse(
                {"error": 'Send a JSON object with a "title".'}, status=HTTPStatus.BAD_REQUEST
            )
        article.save()
        response = JsonResponse({"id": article.id, "title": article.title})
        response["ETag"] = article_etag(request, article.id)
        return response
    return JsonResponse({"id": article.id, "title": article.title})
