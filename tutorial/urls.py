from django.urls import include, path

urlpatterns = [
    path("", include("tutorial.pages.urls")),
]
