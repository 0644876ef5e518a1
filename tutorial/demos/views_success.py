"""2xx demos: the success lesson's views, run for real."""

from http import HTTPStatus

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .limits import capped
from .models import Article


def my_view(request):
    return HttpResponse("Success!", status=200)  # status=200 is allowed but redundant


def success_view(request):
    return HttpResponse("Request successful!", status=200)


def api_success(request):
    # JsonResponse serialises the dict and sets Content-Type: application/json
    return JsonResponse({"message": "Success", "data": [1, 2, 3]})


def default_success(request):
    return HttpResponse("This returns 200 automatically")


@capped(Article)  # this site's limit on rows per visitor (403 when full); not part of the lesson
@require_http_methods(["POST"])
def create_article(request):
    article = Article.objects.create(
        title=request.POST.get("title"),  # None if the field is missing
        content=request.POST.get("content"),
    )
    return JsonResponse(
        {"message": "Article created successfully", "id": article.id},
        status=201,  # ...but no Location header
    )


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "content"]


@capped(Article)  # this site's limit on rows per visitor (403 when full); not part of the lesson
@require_POST
def create_article_fixed(request):
    form = ArticleForm(request.POST)
    if not form.is_valid():
        # 400 with per-field messages, e.g. {"title": [{"message": "This field is required.", ...}]}
        return JsonResponse({"errors": form.errors.get_json_data()}, status=HTTPStatus.BAD_REQUEST)

    article = form.save()
    url = reverse("demos:article-detail", args=[article.pk])
    response = JsonResponse(
        {"id": article.pk, "title": article.title, "url": url}, status=HTTPStatus.CREATED
    )
    response["Location"] = request.build_absolute_uri(url)
    return response


@require_http_methods(["DELETE"])
def delete_article(request, article_id):
    article = get_object_or_404(Article, pk=article_id)
    article.delete()
    return HttpResponse(status=HTTPStatus.NO_CONTENT)  # no content argument: a 204 has no body
