from django.core.management.base import BaseCommand

from tutorial.demos.ratelimit import purge_ended_windows
from tutorial.demos.sandbox import purge_stale


class Command(BaseCommand):
    help = (
        "Delete every visitor sandbox (and its rows) not seen for DEMO_SANDBOX_MAX_AGE_HOURS, "
        "and rate-limit counters of windows that have ended. Optional: the site already purges "
        "idle sandboxes, a batch at a time, as new ones are created."
    )

    def handle(self, *args, **options):
        sandboxes = purge_stale(batch=None)
        self.stdout.write(f"purged {sandboxes} stale sandboxes")
        counters = purge_ended_windows()
        self.stdout.write(f"purged {counters} rate-limit counters of ended windows")
