from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "tutorial.reference"
    label = "reference"
