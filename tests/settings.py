"""Test settings: the site's own settings with a fixed key and plain static storage.

The live server used by browser tests serves static files through the finders, which do not know
manifest-hashed names, so tests use plain StaticFilesStorage.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")

from tutorial.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the finders, as in development: there is no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client and the live server speak plain HTTP; everything else stays as in production.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOG_FORMAT = "plain"
LOGGING["handlers"]["console"]["formatter"] = "plain"  # noqa: F405
# The suite sends thousands of demo writes from one address in seconds; the rate-limit tests
# set their own small limits.
DEMO_RATE_LIMITS = {
    "write": {"visitor": 100_000, "ip": 100_000},
    "sign-in": {"visitor": 100_000, "ip": 100_000},
    "sandbox": {"ip": 100_000},
    "exchange": {"ip": 100_000},
    "upstream": {"ip": 100_000},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: the live server's threads then get their own connections
    # and lock the way production does (memory databases fail with "table is locked").
    TEST_DB = DATA_DIR / "test-db.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DB)}  # noqa: F405
    # A run that was killed leaves its write-ahead log behind; start clean.
    for stale in (
        TEST_DB,
        TEST_DB.with_name(TEST_DB.name + "-wal"),
        TEST_DB.with_name(TEST_DB.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)
