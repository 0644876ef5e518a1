from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any constant works; every replica must use the same one.
MIGRATION_LOCK_ID = 7_202_611


class Command(BaseCommand):
    help = (
        "Run migrate under a database-wide lock, so replicas starting at once migrate one at a "
        "time (the others wait, then find nothing to do). PostgreSQL uses an advisory lock; "
        "SQLite serialises writers itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-input", action="store_true")

    def handle(self, *args, **options):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
                try:
                    self.migrate(options["verbosity"])
                finally:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_ID])
        else:
            self.migrate(options["verbosity"])

    def migrate(self, verbosity):
        call_command("migrate", interactive=False, verbosity=verbosity)
