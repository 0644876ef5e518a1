"""A minimal Django project the server claims tests run under gunicorn and runserver.

Started in a subprocess (`tests.content.claims_app:application`), so it configures its own
settings: none of the site's middleware, only CommonMiddleware, which every `startproject` has
(it sets Content-Length on responses that are not streamed).
"""

import time

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="claims-tests-only-0123456789-0123456789-0123456789",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, StreamingHttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def sleep(request, tenths: int):
    time.sleep(tenths / 10)
    return HttpResponse("woke up")


def read_body(request):
    return HttpResponse(f"read {len(request.body)} bytes")


def no_content_with_body(request):
    return HttpResponse("Deleted!", status=204)  # the pitfall in lessons/success.md


def stream(request):
    return StreamingHttpResponse(iter([b"first ", b"second"]))


def early_hints(request):
    send_hints = request.META.get("wsgi.early_hints")
    if send_hints:
        send_hints([("Link", "</static/site.css>; rel=preload; as=style")])
    return HttpResponse("hints sent" if send_hints else "no wsgi.early_hints")


def upgrade_required(request, protocol: str):
    # lessons/codes/426.md: Upgrade and Connection are hop-by-hop headers (PEP 3333).
    return HttpResponse(status=426, headers={"Upgrade": protocol, "Connection": "Upgrade"})


def switching(request):
    # lessons/informational.md: a 101 from a WSGI view.
    return HttpResponse(status=101, headers={"Upgrade": "websocket", "Connection": "Upgrade"})


def plain(request):
    return HttpResponse("plain")


urlpatterns = [
    path("sleep/<int:tenths>/", sleep),
    path("read-body/", read_body),
    path("no-content/", no_content_with_body),
    path("stream/", stream),
    path("early-hints/", early_hints),
    path("upgrade/<str:protocol>/", upgrade_required),
    path("switch/", switching),
    path("plain/", plain),
]

application = get_wsgi_application()
