from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from .context import current_sandbox
from .quota import check_room, check_text, stored_bytes

# The two demo accounts; they exist only so visitors can be "signed in" for the auth demos.
DEMO_ACCOUNTS = {"learner": False, "staff": True}  # username -> is_staff


class Sandbox(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"sandbox {self.pk}"

    def touch(self) -> None:
        # Write at most once a minute: reads stay reads.
        now = timezone.now()
        if now - self.last_seen > timedelta(minutes=1):
            Sandbox.objects.filter(pk=self.pk).update(last_seen=now)
            self.last_seen = now

    def seed(self) -> None:
        users = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=DEMO_ACCOUNTS)
        }
        Article.all_sandboxes.bulk_create(
            [
                Article(
                    sandbox=self,
                    title="Status codes are a contract",
                    content="Every response starts with a number the client can rely on.",
                    author=users.get("learner"),
                ),
                Article(
                    sandbox=self,
                    title="Staff notes",
                    content="Written by the staff account: the learner may read it, not edit it.",
                    author=users.get("staff"),
                ),
                Article(
                    sandbox=self,
                    title="A guest post",
                    content="No author: nobody signed in owns it.",
                    author=None,
                ),
            ]
        )
        Product.all_sandboxes.bulk_create(
            [
                Product(sandbox=self, name="Teapot"),
                Product(sandbox=self, name="Coffee pot"),
                Product(sandbox=self, name="Kettle"),
            ]
        )


class SandboxedManager(models.Manager):
    """Only the current visitor's rows."""

    def get_queryset(self):
        return super().get_queryset().filter(sandbox=current_sandbox())


class SandboxedModel(models.Model):
    sandbox = models.ForeignKey(Sandbox, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SandboxedManager()
    all_sandboxes = models.Manager()  # noqa: DJ012 - ruff takes this manager for a field

    class Meta:
        abstract = True
        base_manager_name = "all_sandboxes"
        ordering = ["id"]

    def save(self, *args, **kwargs):
        """Every write of a demo row is bounded here (quota.py): each text field's length, and
        the bytes of text the visitor's whole sandbox holds."""
        if self.sandbox_id is None:
            self.sandbox = current_sandbox()
        check_text(self)
        with transaction.atomic():
            # Concurrent saves of one visitor take turns on the sandbox row, so two cannot both
            # see room for one more (PostgreSQL; SQLite's IMMEDIATE transactions take turns).
            list(Sandbox.objects.select_for_update().filter(pk=self.sandbox_id).values("pk"))
            check_room(self, self.bytes_beside())
            super().save(*args, **kwargs)

    def bytes_beside(self) -> int:
        """Bytes of text the sandbox holds in every row but this one."""
        total = 0
        for model in SandboxedModel.__subclasses__():
            rows = model.all_sandboxes.filter(sandbox_id=self.sandbox_id)
            if isinstance(self, model) and self.pk is not None:
                rows = rows.exclude(pk=self.pk)
            total += stored_bytes(rows)
        return total


class Article(SandboxedModel):
    title = models.CharField(max_length=200)
    # A TextField's max_length is enforced by its form field and by SandboxedModel.save().
    content = models.TextField(max_length=10_000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self) -> str:
        return self.title


class Product(SandboxedModel):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Member(SandboxedModel):
    """A sign-up from the corrected create_user demo: kept in the visitor's sandbox, never a real
    account (anonymous visitors may not create users of the site)."""

    username = models.CharField(max_length=150)
    email = models.EmailField()

    def __str__(self) -> str:
        return self.username


class RateCounter(models.Model):
    """One fixed-window rate-limit counter (see ratelimit.py): how many requests ``key`` (a
    visitor id or a client address) made in ``scope`` ("write:ip", ...) during the window that
    began at ``window_start`` (Unix seconds). Not sandboxed: limits span visitors."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="demos_ratecounter_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} @{self.window_start}: {self.count}"
