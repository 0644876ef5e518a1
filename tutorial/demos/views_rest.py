"""The products API with every fix applied, as the REST lesson shows it."""

import json
from http import HTTPStatus

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .limits import capped
from .models import Product

NAME_MAX_LENGTH = Product._meta.get_field("name").max_length


def error(status, detail, **extra):
    """Every error uses the same JSON shape."""
    status = HTTPStatus(status)
    body = {"status": status.value, "title": status.phrase, "detail": detail, **extra}
    return JsonResponse(body, status=status)


def parse_json(request):
    """Return (data, None) on success or (None, error_response)."""
    if request.content_type != "application/json":
        return None, error(415, "Send the body as application/json.")
    try:
        data = json.loads(request.body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return None, error(400, "The body is not valid JSON.")
    if not isinstance(data, dict):
        return None, error(400, "The body must be a JSON object.")
    return data, None


def validate(data, *, partial):
    """Return (cleaned, errors). partial=True (PATCH) lets fields be missing."""
    cleaned, errors = {}, {}
    if "name" in data:
        name = data["name"]
        if not isinstance(name, str) or not name.strip():
            errors["name"] = "Must be a non-empty string."
        elif len(name.strip()) > NAME_MAX_LENGTH:
            errors["name"] = f"At most {NAME_MAX_LENGTH} characters."
        else:
            cleaned["name"] = name.strip()
    elif not partial:
        errors["name"] = "This field is required."
    return cleaned, errors


def name_taken(cleaned, product=None):
    """Whether another product already has this name: a 409. (With a unique constraint on the
    column, catch IntegrityError around the write instead: no gap between check and write.)"""
    others = Product.objects.exclude(pk=product.pk) if product else Product.objects.all()
    return "name" in cleaned and others.filter(name=cleaned["name"]).exists()


def as_json(product):
    return {
        "id": product.pk,
        "name": product.name,
        "url": reverse("demos:product", args=[product.pk]),
    }


def list_products(request):
    return JsonResponse({"products": [as_json(p) for p in Product.objects.order_by("pk")]})


def create_product(request):
    data, problem = parse_json(request)
    if problem:
        return problem
    cleaned, errors = validate(data, partial=False)
    if errors:
        return error(400, "Invalid product.", errors=errors)
    if name_taken(cleaned):
        return error(409, "A product with this name already exists.")
    product = Product.objects.create(**cleaned)
    body = as_json(product)
    return JsonResponse(body, status=HTTPStatus.CREATED, headers={"Location": body["url"]})


def get_product(request, product):
    return JsonResponse(as_json(product))


def update_product(request, product, *, partial):
    data, problem = parse_json(request)
    if problem:
        return problem
    cleaned, errors = validate(data, partial=partial)
    if errors:
        return error(400, "Invalid product.", errors=errors)
    if name_taken(cleaned, product):
        return error(409, "A product with this name already exists.")
    for field, value in cleaned.items():
        setattr(product, field, value)
    product.save()
    return JsonResponse(as_json(product))


def delete_product(request, product):
    product.delete()
    return HttpResponse(status=HTTPStatus.NO_CONTENT)


# CSRF protection stays on: this API signs visitors in with Django's session cookie, so every
# POST, PUT, PATCH and DELETE carries the X-CSRFToken header (the console sends it).
@capped(Product)  # this site's limit on rows per visitor (403 when full); not part of the lesson
@require_http_methods(["GET", "HEAD", "POST"])
def product_collection(request):
    if request.method == "POST":
        return create_product(request)
    return list_products(request)


@require_http_methods(["GET", "HEAD", "PUT", "PATCH", "DELETE"])
def product_detail(request, product_id):
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        return error(404, f"No product with id {product_id}.")
    if request.method in ("GET", "HEAD"):
        return get_product(request, product)
    if request.method == "DELETE":
        return delete_product(request, product)
    return update_product(request, product, partial=request.method == "PATCH")
