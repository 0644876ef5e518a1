import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorial.settings")

django_application = get_asgi_application()

from tutorial.front import Front  # noqa: E402  (after Django is set up)

# What gunicorn's asgi workers serve (gunicorn.conf.py): Django, behind the few answers the site
# gives from the event loop (tutorial/front.py).
application = Front(django_application)
