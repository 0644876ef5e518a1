from django.urls import path

from . import views_client_errors as e4
from . import views_console as console
from . import views_informational as e1
from . import views_ratelimit as ratelimit
from . import views_redirection as e3
from . import views_responses as responses
from . import views_rest as rest
from . import views_rest_draft as rest_draft
from . import views_server_errors as e5
from . import views_success as e2

app_name = "demos"

urlpatterns = [
    # The console's own endpoints.
    path("sandbox.json", console.sandbox_json, name="sandbox"),
    path("sandbox/reset/", console.sandbox_reset, name="sandbox-reset"),
    path("sign-in/", console.sign_in, name="sign-in"),
    path("sign-out/", console.sign_out, name="sign-out"),
    path("login/", console.login_page, name="login"),
    path("replay/", console.replay, name="replay"),
    # 1xx
    path("expect-continue/", e1.expect_continue, name="expect-continue"),
    path("continue-target/", e1.continue_target, name="continue-target"),
    # 2xx
    path("my-view/", e2.my_view, name="my-view"),
    path("success-view/", e2.success_view, name="success-view"),
    path("api-success/", e2.api_success, name="api-success"),
    path("default-success/", e2.default_success, name="default-success"),
    path("articles/", e2.create_article_fixed, name="articles"),
    path("articles/draft-create/", e2.create_article, name="create-article"),
    path("articles/<int:article_id>/delete/", e2.delete_article, name="delete-article"),
    # 3xx
    path("temporary-redirect/", e3.temporary_redirect, name="temporary-redirect"),
    path("permanent-redirect/", e3.permanent_redirect, name="permanent-redirect"),
    path("new-url/", e3.new_url, name="new-url"),
    path("conditional-redirect/", e3.conditional_redirect, name="conditional-redirect"),
    path(
        "conditional-redirect/fixed/",
        e3.conditional_redirect_fixed,
        name="conditional-redirect-fixed",
    ),
    path("dashboard/", e3.dashboard, name="dashboard"),
    path("articles/<int:article_id>/versioned/", e3.article_versioned, name="article-versioned"),
    # 4xx
    path("create-user/", e4.create_user, name="create-user"),
    path("create-user/fixed/", e4.create_user_fixed, name="create-user-fixed"),
    path("members/<int:member_id>/", e4.member_detail, name="member"),
    path("protected/", e4.protected_view, name="protected"),
    path("api-protected/", e4.api_protected, name="api-protected"),
    path("api-protected/fixed/", e4.api_protected_fixed, name="api-protected-fixed"),
    path("admin-only/", e4.admin_only_view, name="admin-only"),
    path("admin-only/fixed/", e4.admin_only_view_fixed, name="admin-only-fixed"),
    path("articles/<int:article_id>/", e4.article_detail, name="article-detail"),
    path("articles/<int:article_id>/manual/", e4.article_detail_manual, name="article-manual"),
    path(
        "articles/<int:article_id>/check-permission/",
        e4.check_permission,
        name="check-permission",
    ),
    path(
        "articles/<int:article_id>/check-permission/fixed/",
        e4.check_permission_fixed,
        name="check-permission-fixed",
    ),
    path("custom-404/", e4.custom_404, name="custom-404"),
    path("get-only/", e4.get_only_view, name="get-only"),
    path("post-put-only/", e4.post_put_only, name="post-put-only"),
    path("manual-method-check/", e4.manual_method_check, name="manual-method-check"),
    path(
        "manual-method-check/fixed/",
        e4.manual_method_check_fixed,
        name="manual-method-check-fixed",
    ),
    path("csrf/", e4.csrf_protected, name="csrf"),
    # 5xx
    path("risky-operation/", e5.risky_operation, name="risky-operation"),
    path("divide/", e5.divide_numbers, name="divide"),
    path("divide/fixed/", e5.divide_numbers_fixed, name="divide-fixed"),
    path("upstream/", e5.exchange_rate, name="upstream"),
    path("service/", e5.service_status, name="service"),
    # 429: the rate-limiting lesson
    path("rate-limited/", ratelimit.rate_limited, name="rate-limited"),
    path("rate-limited/who/", ratelimit.who_is_counted, name="who-is-counted"),
    # Django's response classes, one URL each
    path("responses/<slug:kind>/", responses.example_responses, name="responses"),
    # REST: the corrected API, and the first draft the lesson corrects
    path("products/", rest.product_collection, name="products"),
    path("products/<int:product_id>/", rest.product_detail, name="product"),
    path("draft/products/create/", rest_draft.create_product, name="draft-create-product"),
    path("draft/products/<int:product_id>/", rest_draft.get_product, name="draft-get-product"),
    path(
        "draft/products/<int:product_id>/update/",
        rest_draft.update_product,
        name="draft-update-product",
    ),
    path(
        "draft/products/<int:product_id>/delete/",
        rest_draft.delete_product,
        name="draft-delete-product",
    ),
]
