"""The products API as a first draft often looks, bugs included; views_rest.py is the fix.

Two things in create_product are this site's own, each said so where it stands:
``@capped(Product)``, the per-visitor creation cap every demo that creates rows carries (a public
site cannot let one visitor grow the table), and a 400 for a name longer than the column, so it
answers the same on SQLite and PostgreSQL. (NUL and other input no demo teaches about is refused
before any demo view runs: hardening.py.)

Two bugs are kept on purpose, and the REST lesson runs them:
- update_product reads request.POST, which Django fills only for form-encoded POST bodies: for a
  PUT it is empty, the name becomes None, and the database refuses it (500);
- delete_product returns HttpResponse, which this module never imports: the row is deleted, then
  the NameError turns the answer into a 500.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from .limits import capped
from .models import Product


# GET - Retrieve resources (200, 404)
@require_http_methods(["GET"])
def get_product(request, product_id):
    try:
        product = Product.objects.get(id=product_id)
        return JsonResponse({"id": product.id, "name": product.name})
    except Product.DoesNotExist:
        return JsonResponse({"error": "Product not found"}, status=404)


# POST - Create resource (201, 400)
@capped(Product)  # this site's limit on rows per visitor (403 when full); not part of the lesson
@require_http_methods(["POST"])
def create_product(request):
    name = request.POST.get("name")
    if not name:
        return JsonResponse({"error": "Name required"}, status=400)
    # This site's addition: a name over the column's 100 characters is the client's error on
    # every database (SQLite would store it; PostgreSQL refuses it, a 500).
    if len(name) > 100:
        return JsonResponse({"error": "Name too long"}, status=400)
    product = Product.objects.create(name=name)
    return JsonResponse({"id": product.id, "name": product.name}, status=201)


# PUT - Update resource (200, 404)
@require_http_methods(["PUT"])
def update_product(request, product_id):
    try:
        product = Product.objects.get(id=product_id)
        product.name = request.POST.get("name")
        product.save()
        return JsonResponse({"id": product.id, "name": product.name})
    except Product.DoesNotExist:
        return JsonResponse({"error": "Product not found"}, status=404)


# DELETE - Remove resource (204, 404)
@require_http_methods(["DELETE"])
def delete_product(request, product_id):
    try:
        product = Product.objects.get(id=product_id)
        product.delete()
        return HttpResponse(status=204)  # noqa: F821 - the missing import, kept on purpose
    except Product.DoesNotExist:
        return JsonResponse({"error": "Product not found"}, status=404)
