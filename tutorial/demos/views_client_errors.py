"""4xx demos: bad requests, authentication, permissions, missing records, wrong methods."""

from http import HTTPStatus

from django import forms
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .limits import capped
from .models import Article, Member

# Without an auth-scheme the browser knows (Basic would pop up a password dialog), a 401 still
# names how to authenticate: here, a session cookie obtained by signing in.
WWW_AUTHENTICATE = 'Session realm="Status Codes, Live demos"'


def create_user(request):
    if request.method != "POST":
        return HttpResponseBadRequest("Only POST method allowed")
    username = request.POST.get("username")
    email = request.POST.get("email")
    # Validate required fields
    if not username or not email:
        return JsonResponse({"error": "Username and email are required"}, status=400)
    # Validate email format
    if "@" not in email:
        return JsonResponse({"error": "Invalid email format"}, status=400)
    # Process valid request (the seed creates nothing, and neither does this demo)
    return JsonResponse({"message": "User created"}, status=201)


class SignupForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["username", "email"]


@capped(Member)
@require_POST  # a wrong method is 405 with Allow, not 400
def create_user_fixed(request):
    form = SignupForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=HTTPStatus.BAD_REQUEST)
    member = form.save()  # into the visitor's sandbox: the demo creates no real account
    return JsonResponse(
        {"id": member.pk, "username": member.username},
        status=HTTPStatus.CREATED,
        headers={"Location": reverse("demos:member", args=[member.pk])},  # where it now lives
    )


@require_GET
def member_detail(request, member_id):
    member = get_object_or_404(Member, id=member_id)
    return JsonResponse({"id": member.pk, "username": member.username, "email": member.email})


@login_required
def protected_view(request):
    # Django automatically redirects to login if not authenticated
    return JsonResponse({"message": "Protected data"})


def api_protected(request):
    # Manual authentication check for APIs
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Authentication required"}, status=401)
    return JsonResponse({"data": "Secret information"})


def api_protected_fixed(request):
    if not request.user.is_authenticated:
        response = JsonResponse(
            {"error": "Authentication required"}, status=HTTPStatus.UNAUTHORIZED
        )
        # RFC 9110 §15.5.2: a 401 MUST say how to authenticate.
        response["WWW-Authenticate"] = WWW_AUTHENTICATE
        return response
    return JsonResponse({"data": "Secret information"})


def is_admin(user):
    return user.is_staff


@user_passes_test(is_admin)
def admin_only_view(request):
    return JsonResponse({"message": "Admin area"})


def admin_only_view_fixed(request):
    if not request.user.is_authenticated:
        response = JsonResponse(
            {"error": "Authentication required"}, status=HTTPStatus.UNAUTHORIZED
        )
        response["WWW-Authenticate"] = WWW_AUTHENTICATE
        return response
    if not request.user.is_staff:
        raise PermissionDenied("Staff only.")  # Django answers 403
    return JsonResponse({"message": "Admin area"})


def check_permission(request, article_id):
    article = Article.objects.get(id=article_id)
    # Check if user owns the article
    if article.author != request.user:
        return JsonResponse(
            {"error": "You do not have permission to edit this article"}, status=403
        )
    # User has permission, proceed
    return JsonResponse({"message": "Edit allowed"})


def check_permission_fixed(request, article_id):
    article = get_object_or_404(Article, id=article_id)  # a missing id is 404, not 500
    # Compare ids, and never let "no author" match "not signed in".
    if not request.user.is_authenticated or article.author_id != request.user.pk:
        raise PermissionDenied("You do not have permission to edit this article")
    return JsonResponse({"message": "Edit allowed"})


def article_detail(request, article_id):
    # Method 1: Using get_object_or_404 (recommended)
    article = get_object_or_404(Article, id=article_id)
    return JsonResponse({"title": article.title})


def article_detail_manual(request, article_id):
    # Method 2: Manual try-except
    try:
        article = Article.objects.get(id=article_id)
        return JsonResponse({"title": article.title})
    except Article.DoesNotExist:
        return JsonResponse({"error": "Article not found"}, status=404)


def custom_404(request):
    # Method 3: Raise Http404
    raise Http404("Page does not exist")


@require_http_methods(["GET"])
def get_only_view(request):
    # Only GET requests allowed
    return JsonResponse({"data": "This is GET only"})


@require_http_methods(["POST", "PUT"])
def post_put_only(request):
    # Only POST and PUT allowed
    if request.method == "POST":
        return JsonResponse({"message": "Created"}, status=201)
    elif request.method == "PUT":
        return JsonResponse({"message": "Updated"})


def manual_method_check(request):
    if request.method != "POST":
        return JsonResponse({"error": "Only POST method is allowed"}, status=405)
    return JsonResponse({"message": "Success"})


def manual_method_check_fixed(request):
    if request.method != "POST":
        # HttpResponseNotAllowed sets the Allow header RFC 9110 §15.5.6 requires.
        return HttpResponseNotAllowed(["POST"])
    return JsonResponse({"message": "Success"})


@require_POST
def csrf_protected(request):
    # CsrfViewMiddleware has already checked the token: without one, this never runs (403).
    return JsonResponse({"message": "The CSRF token matched: the POST was accepted."})
