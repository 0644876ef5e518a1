"""The products API done right: JSON bodies, Location on 201, 405 with Allow for other methods."""

import json
from http import HTTPStatus

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect

from .limits import capped
from .models import Product


def product_json(product):
    return {"id": product.id, "name": product.name}


def read_name(request):
    """The "name" from a JSON body, or the error response to send instead."""
    if request.content_type != "application/json":
        # 415: we only speak JSON. (A form body would also have been consumed by the CSRF
        # check, so request.body could not be read.)
        return None, JsonResponse(
            {"error": "Send the product as JSON (Content-Type: application/json)."},
            status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        )
    try:
        data = json.loads(request.body)
    except ValueError:  # not UTF-8, or not JSON
        data = None
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        message = 'Send a JSON object with a non-empty "name".'
    elif len(name) > Product._meta.get_field("name").max_length:
        message = "The name is too long."
    else:
        return name.strip(), None
    return None, JsonResponse({"error": message}, status=HTTPStatus.BAD_REQUEST)


def get_product(request, product_id):
    product = get_object_or_404(Product, id=product_id)
    return JsonResponse(product_json(product))


@capped(Product)
def create_product(request):
    name, error = read_name(request)
    if error:
        return error
    product = Product.objects.create(name=name)
    response = JsonResponse(product_json(product), status=HTTPStatus.CREATED)
    response["Location"] = reverse("demos:product", args=[product.id])
    return response


def update_product(request, product_id):
    product = get_object_or_404(Product, id=product_id)
    name, error = read_name(request)  # a PUT body is in request.body, never in request.POST
    if error:
        return error
    product.name = name
    product.save()
    return JsonResponse(product_json(product))


def delete_product(request, product_id):
    product = get_object_or_404(Product, id=product_id)
    product.delete()
    return HttpResponse(status=HTTPStatus.NO_CONTENT)


def list_products(request):
    return JsonResponse({"products": [product_json(p) for p in Product.objects.all()]})


def by_method(**handlers):
    """One URL, one handler per method; any other method is 405 with an Allow header."""
    if "GET" in handlers:
        handlers.setdefault("HEAD", handlers["GET"])
    allowed = sorted(handlers)

    @csrf_protect
    def view(request, *args, **kwargs):
        handler = handlers.get(request.method)
        if handler is None:
            return HttpResponseNotAllowed(allowed)
        return handler(request, *args, **kwargs)

    return view


products = by_method(GET=list_products, POST=create_product)
product = by_method(
    GET=get_product, PUT=update_product, PATCH=update_product, DELETE=delete_product
)
