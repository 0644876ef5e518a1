from django.urls import include, path

from tutorial.demos.views_console import catalog_json

urlpatterns = [
    path("", include("tutorial.pages.urls")),
    path("", include("tutorial.reference.urls")),
    path("demos.json", catalog_json, name="demos-catalog"),
    path("demos/", include("tutorial.demos.urls")),
]
