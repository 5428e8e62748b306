from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from accounts.admin_sign_in import AdminSignInView
from core import xmlrpc
from posts.robots import robots_txt
from posts.sitemaps import SITEMAPS

urlpatterns = [
    # Before the admin's own: its sign-in goes through allauth (rate limits, two-factor).
    path("admin/login/", AdminSignInView.as_view()),
    path("admin/", admin.site.urls),
    path("tinymce/", include("tinymce.urls")),
    path("comments/", include("core.urls")),
    path("comments/", include("comments.urls")),
    path("accounts/", include("allauth.urls")),
    path("likes/", include("likes.urls")),
    path("wp-json/", include("api.urls")),
    # One XML-RPC server: pingbacks (pings) and the authoring APIs (api) register with it.
    path("xmlrpc.php", xmlrpc.serve, name="xmlrpc"),
    path("", include("pings.urls")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("comments.feed_urls")),
    path("", include("posts.urls")),
]

if settings.BENCH_ENDPOINTS:
    from . import bench

    urlpatterns.insert(0, path("__bench__/bare/", bench.bare))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
