from django.urls import path

from . import views

app_name = "reference"

urlpatterns = [
    path("codes/", views.index, name="index"),
    path("codes/choosing/", views.choosing, name="choosing"),
    path("codes/headers/", views.headers, name="headers"),
    path("codes/<int:code>/", views.code_detail, name="code"),
    path("codes.json", views.codes_json, name="codes_json"),
    path("codes/<int:code>.json", views.code_json, name="code_json"),
]
