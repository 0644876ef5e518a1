from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "tutorial.content"
    label = "content"
