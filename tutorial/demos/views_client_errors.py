"""4xx demos: bad requests, authentication, permissions, missing records, wrong methods."""

from http import HTTPStatus

from django import forms
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from .limits import capped
from .models import Article, Member


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
    # Process valid request (this demo creates no account)
    return JsonResponse({"message": "User created"}, status=201)


class SignupForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["username", "email"]


@capped(Member)  # this site's limit on rows per visitor (403 when full); not part of the lesson
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
        return JsonResponse(
            {"error": "Authentication required"},
            status=401,
            # RFC 9110 §15.5.2: a 401 MUST say how to authenticate. "Session" is not a
            # registered scheme, on purpose: here you sign in and get a session cookie.
            headers={"WWW-Authenticate": 'Session realm="Status Codes, Live demos"'},
        )
    return JsonResponse({"data": "Secret information"})


def is_admin(user):
    return user.is_staff


@user_passes_test(is_admin)
def admin_only_view(request):
    return JsonResponse({"message": "Admin area"})


def is_staff(user):
    if not user.is_authenticated:
        return False  # anonymous: redirect to the login page
    if not user.is_staff:
        raise PermissionDenied("Staff only.")  # signed in, wrong role: 403
    return True


@user_passes_test(is_staff)
def admin_only_view_fixed(request):
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


@login_required
def check_permission_fixed(request, article_id):
    article = get_object_or_404(Article, pk=article_id)
    if article.author_id != request.user.pk:
        return JsonResponse(
            {"error": "You do not have permission to edit this article"},
            status=403,
        )
    return JsonResponse({"message": "Edit allowed"})


def article_detail(request, article_id):
    # 1. The shortcut: raises Http404 for you.
    article = get_object_or_404(Article, pk=article_id)
    return JsonResponse({"title": article.title})


def article_detail_manual(request, article_id):
    # 2. By hand: useful when the body must be JSON.
    try:
        article = Article.objects.get(pk=article_id)
    except Article.DoesNotExist:
        return JsonResponse({"error": "Article not found"}, status=404)
    return JsonResponse({"title": article.title})


def custom_404(request):
    # 3. Raise Http404 yourself.
    raise Http404("Page does not exist")


@require_safe  # GET and HEAD
def get_only_view(request):
    return JsonResponse({"data": "This is GET (and HEAD) only"})


@require_http_methods(["POST", "PUT"])
def post_put_only(request):
    if request.method == "POST":
        return JsonResponse({"message": "Created"}, status=201)
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
