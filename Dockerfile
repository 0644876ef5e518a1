# Status Codes, Live: one container, gunicorn + whitenoise, SQLite by default.
FROM python:3.13-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000 \
    DJANGO_DATA_DIR=/data

WORKDIR /app

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN pip install .

# A numeric, unprivileged user; /data holds the SQLite file when no DATABASE_URL is given.
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown 10001:10001 /data

COPY . .

# Hashed, compressed static files, built once into the image. The key only satisfies settings.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

USER 10001
EXPOSE 8000
VOLUME ["/data"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "bin/healthcheck"]

# Migrations under a lock, then exec gunicorn (PID 1 receives SIGTERM and shuts down gracefully).
CMD ["bin/start"]
