"""2xx demos: the seed's success views, run for real."""

from http import HTTPStatus

from django import forms
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .limits import capped
from .models import Article


def my_view(request):
    return HttpResponse("Success!", status=200)


def success_view(request):
    # Return HTML response with 200
    return HttpResponse("Request successful!", status=200)


def api_success(request):
    # Return JSON response (200 is default)
    return JsonResponse({"message": "Success", "data": [1, 2, 3]})


def default_success(request):
    # 200 is default, no need to specify
    return HttpResponse("This returns 200 automatically")


@capped(Article)
@require_http_methods(["POST"])
def create_article(request):
    # As the seed wrote it: no validation. A missing title reaches the database as NULL,
    # the NOT NULL constraint refuses it, and the visitor gets a 500.
    article = Article.objects.create(
        title=request.POST.get("title"),
        content=request.POST.get("content"),
    )
    return JsonResponse({"message": "Article created successfully", "id": article.id}, status=201)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "content"]


@capped(Article)
@require_POST
def create_article_fixed(request):
    form = ArticleForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=HTTPStatus.BAD_REQUEST)
    article = form.save(commit=False)
    article.author = request.user if request.user.is_authenticated else None
    article.save()
    response = JsonResponse(
        {"message": "Article created successfully", "id": article.id},
        status=HTTPStatus.CREATED,
    )
    # A 201 says where the new resource lives.
    response["Location"] = reverse("demos:article-detail", args=[article.id])
    return response


@require_http_methods(["DELETE"])
def delete_article(request, article_id):
    try:
        article = Article.objects.get(id=article_id)
        article.delete()
        # Return 204 with no content
        return HttpResponse(status=204)
    except Article.DoesNotExist:
        return HttpResponse(status=404)
