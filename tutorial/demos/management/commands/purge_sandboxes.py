from django.core.management.base import BaseCommand

from tutorial.demos.models import Sandbox
from tutorial.demos.sandbox import stale_before


class Command(BaseCommand):
    help = (
        "Delete visitor sandboxes (and their articles and products) not seen for "
        "DEMO_SANDBOX_MAX_AGE_HOURS. Run it from cron or a scheduled job."
    )

    def handle(self, *args, **options):
        deleted, by_model = Sandbox.objects.filter(last_seen__lt=stale_before()).delete()
        sandboxes = by_model.get("demos.Sandbox", 0)
        self.stdout.write(f"purged {sandboxes} stale sandboxes ({deleted} rows in all)")
