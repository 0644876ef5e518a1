from django.apps import AppConfig


class DemosConfig(AppConfig):
    name = "tutorial.demos"
    label = "demos"
    verbose_name = "Live demos"
