from django.urls import include, path

from tutorial.demos.views_console import catalog_json

urlpatterns = [
    path("", include("tutorial.pages.urls")),
    path("", include("tutorial.reference.urls")),
    path("demos.json", catalog_json, name="demos-catalog"),
    path("demos/", include("tutorial.demos.urls")),
]

# Error pages that never read the request body (see errors.py for the 500 they prevent).
handler400 = "tutorial.errors.bad_request"
handler403 = "tutorial.errors.permission_denied"
handler404 = "tutorial.errors.page_not_found"
