from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "tutorial.pages"
    label = "pages"
