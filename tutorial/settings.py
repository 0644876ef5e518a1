"""Settings for the HTTP status codes tutorial, read from the environment.

Development defaults are safe: DEBUG is off unless DJANGO_DEBUG is set, and with DEBUG off the
site refuses to start without DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "data"))

TRUTHY = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUTHY


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    # Development only: never reached with DEBUG off.
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "localhost,127.0.0.1"
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "tutorial.content",
    "tutorial.pages",
    "tutorial.reference",
    "tutorial.demos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside whitenoise and CommonMiddleware: static files and the DisallowedHost 400 get the
    # CSP and X-Frame-Options too (an answer only passes the middleware outside the one making it).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tutorial.pages.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # With debug on, demos still answer errors with the site's own pages (tutorial/errors.py).
    "tutorial.errors.DemoErrorPagesMiddleware",
    "tutorial.demos.middleware.DemoSandboxMiddleware",
    "tutorial.demos.ratelimit.DemoRateLimitMiddleware",
    "tutorial.demos.hardening.DemoInputMiddleware",
]

ROOT_URLCONF = "tutorial.urls"
WSGI_APPLICATION = "tutorial.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tutorial.pages.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    # The embedded default: an SQLite file in a git-ignored folder.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (gthread workers, several processes) wait for each other instead of
    # failing: write-ahead log, a busy timeout, and transactions that take the write lock first.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The rate limits count in their own table (tutorial/demos/ratelimit.py), not in a cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE",
            "tutorial.storage.StaticStorage",
        )
    },
}
# In development whitenoise serves files straight from the finders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Where lesson markdown lives; the content app renders it once and keeps the HTML.
LESSONS_DIR = Path(os.environ.get("TUTORIAL_LESSONS_DIR", BASE_DIR / "lessons"))
# Re-check a lesson file's modification time on access (development), or trust the first render.
LESSONS_AUTORELOAD = env_bool("TUTORIAL_LESSONS_AUTORELOAD", DEBUG)
# Keep each content page's HTML (and its gzip and brotli encodings) after its first render, so
# a page costs about what /healthz does (tutorial/pages/pagecache.py). Off while autoreloading.
PAGE_CACHE = env_bool("TUTORIAL_PAGE_CACHE", not LESSONS_AUTORELOAD)

# The live demos: each visitor's rows live in a sandbox tied to their session.
DEMO_SANDBOX_CAP = int(os.environ.get("TUTORIAL_SANDBOX_CAP", "20"))
# Bytes of text (titles, contents, names) one visitor's sandbox may hold (demos/quota.py).
DEMO_SANDBOX_BYTES = int(os.environ.get("TUTORIAL_SANDBOX_BYTES", str(64 * 1024)))
DEMO_SANDBOX_MAX_AGE_HOURS = int(os.environ.get("TUTORIAL_SANDBOX_MAX_AGE_HOURS", "24"))
# Where the 1xx demo reaches this site's own server for a raw HTTP/1.1 exchange ("host:port").
# Empty (the default): the local address of the socket the visitor's request came in on, so it
# follows whatever port the server listens on; never the Host header (views_informational.py).
DEMO_SELF_ADDRESS = os.environ.get("TUTORIAL_SELF_ADDRESS", "")
LOGIN_URL = "demos:login"
# Demo writes and sign-ins allowed per window, per visitor (session) and per IP address.
DEMO_RATE_WINDOW = int(os.environ.get("TUTORIAL_RATE_WINDOW", "60"))
# Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For names the client for the
# per-IP limits. Empty: the header is never believed and REMOTE_ADDR is the client.
DEMO_TRUSTED_PROXIES = env_list("TUTORIAL_TRUSTED_PROXIES")
DEMO_RATE_LIMITS = {
    "write": {
        "visitor": int(os.environ.get("TUTORIAL_RATE_WRITES_PER_VISITOR", "60")),
        "ip": int(os.environ.get("TUTORIAL_RATE_WRITES_PER_IP", "300")),
    },
    "sign-in": {
        "visitor": int(os.environ.get("TUTORIAL_RATE_SIGNINS_PER_VISITOR", "30")),
        "ip": int(os.environ.get("TUTORIAL_RATE_SIGNINS_PER_IP", "120")),
    },
    # New sandboxes (seven rows each) one address may start per window: a client that keeps no
    # cookies gets a new one on every demo request.
    "sandbox": {"ip": int(os.environ.get("TUTORIAL_RATE_SANDBOXES_PER_IP", "60"))},
}
# How long the 503 demo's maintenance lasts for the visitor who switched it on.
DEMO_MAINTENANCE_SECONDS = int(os.environ.get("TUTORIAL_MAINTENANCE_SECONDS", "120"))

# Structured logs: one JSON object a line on stdout (python-json-logger), or plain text. A
# client's error (a bad Host, a body too big, ...) is one short line without a traceback
# (tutorial/logfilters.py); server errors keep theirs.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {"client_errors_one_line": {"()": "tutorial.logfilters.ClientErrorsOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["client_errors_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}


def env_setting(name: str, default, cast=str):
    """A security setting overridable by DJANGO_<NAME>, e.g. DJANGO_SECURE_SSL_REDIRECT=0."""
    value = os.environ.get(f"DJANGO_{name}")
    if value is None or value.strip() == "":
        return default
    if cast is bool:
        return value.strip().lower() in TRUTHY
    return cast(value)


# Production hardening, on whenever DEBUG is off; each can be overridden from the environment.
PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = env_setting("SECURE_SSL_REDIRECT", PRODUCTION, bool)
# Plain HTTP stays allowed for two requests the server makes to itself: the container's health
# check, and the 1xx demo's raw exchange with its own address (views_informational.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^demos/continue-target/$"]
SECURE_HSTS_SECONDS = env_setting("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION, bool)
SECURE_HSTS_PRELOAD = env_setting("SECURE_HSTS_PRELOAD", PRODUCTION, bool)
SESSION_COOKIE_SECURE = env_setting("SESSION_COOKIE_SECURE", PRODUCTION, bool)
CSRF_COOKIE_SECURE = env_setting("CSRF_COOKIE_SECURE", PRODUCTION, bool)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: DJANGO_SECURE_PROXY_SSL_HEADER=1.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_setting("SECURE_PROXY_SSL_HEADER", False, bool)
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env_setting("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session holds two small things, the demo sandbox's id and the demo account signed in, so it
# lives in a cookie signed with SECRET_KEY (tamper-proof, JSON-serialised) rather than in a table:
# a demo request then reads no session row, and every replica can read every visitor's session.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Django's built-in Content-Security-Policy, on every response: no inline scripts or styles,
# nothing from any other host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
