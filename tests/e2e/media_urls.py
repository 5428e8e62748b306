"""The site's URLs plus uploaded files, for browser tests (the web server serves them in
production, Django only under DEBUG)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from blogsite.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    *site_urlpatterns,
]
