import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorial.settings")

# Django's own ASGI handler runs each request in a new thread; measured 4.5x slower than its
# WSGI handler in a fixed pool (bench/README.md), it is kept for that comparison only.
if os.environ.get("TUTORIAL_DJANGO_INTERFACE", "wsgi") == "asgi":
    from django.core.asgi import get_asgi_application

    django_application = get_asgi_application()
else:
    from django.core.wsgi import get_wsgi_application

    from tutorial.front import WsgiPool

    django_application = WsgiPool(
        get_wsgi_application(), threads=int(os.environ.get("GUNICORN_THREADS", "8"))
    )

from tutorial.front import Front

# What gunicorn's asgi workers serve (gunicorn.conf.py): Django, behind the few answers the site
# gives from the event loop (tutorial/front.py).
application = Front(django_application)
