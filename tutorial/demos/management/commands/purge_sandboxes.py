from django.core.management.base import BaseCommand

from tutorial.demos.models import Sandbox
from tutorial.demos.ratelimit import purge_ended_windows
from tutorial.demos.sandbox import stale_before


class Command(BaseCommand):
    help = (
        "Delete visitor sandboxes (and their articles and products) not seen for "
        "DEMO_SANDBOX_MAX_AGE_HOURS, and rate-limit counters of windows that have ended. "
        "Run it from cron or a scheduled job."
    )

    def handle(self, *args, **options):
        deleted, by_model = Sandbox.objects.filter(last_seen__lt=stale_before()).delete()
        sandboxes = by_model.get("demos.Sandbox", 0)
        self.stdout.write(f"purged {sandboxes} stale sandboxes ({deleted} rows in all)")
        counters = purge_ended_windows()
        self.stdout.write(f"purged {counters} rate-limit counters of ended windows")
