from .. import views_rest, views_rest_draft
from .types import FORM, JSON, Demo, Preset

P = "/demos/products/"
ONE = "/demos/products/{product}/"
DRAFT = "/demos/draft/products/"

DUPLICATE = '{"name": "Twin lamp"}'

DEMOS = [
    Demo(
        id="products",
        views=("create_product",),
        title="The products collection, corrected",
        description='GET lists your products under "results"; POST is the corrected '
        "create_product: a JSON body, 400 or 415 for a bad one, 409 for a name already taken, "
        "201 with Location. Every error has one JSON shape. Other methods: 405 with Allow.",
        path=P,
        methods=("GET", "HEAD", "POST"),
        statuses=(200, 201, 400, 403, 405, 409, 415),
        presets=(
            Preset("List", "GET", P, 200),
            Preset(
                "Create",
                "POST",
                P,
                201,
                JSON,
                '{"name": "Milk jug"}',
                expect_headers={"Location": ""},
            ),
            Preset("Create without a name", "POST", P, 400, JSON, "{}"),
            Preset("Create with broken JSON", "POST", P, 400, JSON, '{"name": '),
            Preset("Create from a form", "POST", P, 415, FORM, "name=Milk+jug"),
            Preset(
                "Create without the CSRF token",
                "POST",
                P,
                403,
                JSON,
                '{"name": "Milk jug"}',
                csrf=False,
                note="The API signs you in with the session cookie, so CSRF protection stays on.",
            ),
            Preset("Create a name", "POST", P, 201, JSON, DUPLICATE),
            Preset(
                "Create the same name again",
                "POST",
                P,
                409,
                JSON,
                DUPLICATE,
                after="Create a name",
            ),
            Preset(
                "DELETE the collection",
                "DELETE",
                P,
                405,
                expect_headers={"Allow": "GET, HEAD, POST"},
            ),
        ),
        handler=views_rest.product_collection,
        source=(views_rest.create_product, views_rest.product_collection),
        resource="product",
    ),
    Demo(
        id="product",
        views=("get_product", "update_product", "delete_product"),
        title="One product, corrected: GET, PUT, PATCH, DELETE",
        description="GET 200, PUT (a full replacement) and PATCH (a partial one) 200, 400 for a "
        "bad body, 409 for a name another product has; DELETE 204; a missing id is a JSON 404; "
        "any other method 405.",
        path=ONE,
        methods=("GET", "HEAD", "PUT", "PATCH", "DELETE"),
        statuses=(200, 204, 400, 404, 405, 409, 415),
        presets=(
            Preset("GET", "GET", ONE, 200),
            Preset(
                "GET a missing id",
                "GET",
                "/demos/products/0/",
                404,
                expect_headers={"Content-Type": "application/json"},
            ),
            Preset("PUT a new name", "PUT", ONE, 200, JSON, '{"name": "Samovar"}'),
            Preset("PUT without a name", "PUT", ONE, 400, JSON, '{"title": "Samovar"}'),
            Preset(
                "PATCH nothing but the fields you send",
                "PATCH",
                ONE,
                200,
                JSON,
                "{}",
                note="PATCH is partial: a body without a name changes nothing.",
            ),
            Preset(
                "PUT to a missing id", "PUT", "/demos/products/0/", 404, JSON, '{"name": "Samovar"}'
            ),
            Preset("DELETE", "DELETE", ONE, 204),
            Preset("DELETE a missing id", "DELETE", "/demos/products/0/", 404),
            Preset(
                "POST to an item",
                "POST",
                ONE,
                405,
                expect_headers={"Allow": "GET, HEAD, PUT, PATCH, DELETE"},
            ),
        ),
        handler=views_rest.product_detail,
        source=(
            views_rest.get_product,
            views_rest.update_product,
            views_rest.delete_product,
            views_rest.product_detail,
        ),
    ),
    Demo(
        id="get-product-draft",
        views=("get_product",),
        title="get_product, as it is often written",
        description="Correct as it stands: 200 or a JSON 404.",
        path=DRAFT + "{product}/",
        methods=("GET",),
        statuses=(200, 404, 405),
        presets=(
            Preset("GET", "GET", DRAFT + "{product}/", 200),
            Preset("GET a missing id", "GET", DRAFT + "0/", 404),
        ),
        handler=views_rest_draft.get_product,
    ),
    Demo(
        id="create-product-draft",
        views=("create_product",),
        title="create_product, as it is often written",
        description="201 or 400 from form data, but no Location header.",
        path=DRAFT + "create/",
        methods=("POST",),
        statuses=(201, 400, 403, 405),
        presets=(
            Preset("Create", "POST", DRAFT + "create/", 201, FORM, "name=Milk+jug"),
            Preset("Without a name", "POST", DRAFT + "create/", 400, FORM, ""),
        ),
        handler=views_rest_draft.create_product,
        resource="product",
    ),
    Demo(
        id="update-product-draft",
        views=("update_product",),
        title="update_product, as it is often written",
        description="Reads request.POST, which is empty for a PUT: the name becomes None and "
        "the database refuses it (500).",
        path=DRAFT + "{product}/update/",
        methods=("PUT",),
        statuses=(404, 405, 500),
        presets=(
            Preset(
                "PUT a new name",
                "PUT",
                DRAFT + "{product}/update/",
                500,
                FORM,
                "name=Samovar",
                note="request.POST is empty for PUT.",
            ),
            Preset("PUT to a missing id", "PUT", DRAFT + "0/update/", 404, FORM, "name=Samovar"),
        ),
        handler=views_rest_draft.update_product,
    ),
    Demo(
        id="delete-product-draft",
        views=("delete_product",),
        title="delete_product, as it is often written",
        description="HttpResponse is never imported: the row is deleted, then NameError: 500.",
        path=DRAFT + "{product}/delete/",
        methods=("DELETE",),
        statuses=(404, 405, 500),
        presets=(
            Preset(
                "DELETE",
                "DELETE",
                DRAFT + "{product}/delete/",
                500,
                note="The product is gone, yet the client is told the server failed.",
            ),
            Preset("DELETE a missing id", "DELETE", DRAFT + "0/delete/", 404),
        ),
        handler=views_rest_draft.delete_product,
    ),
]
