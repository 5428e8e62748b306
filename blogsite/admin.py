from django.conf import settings
from django.contrib import admin


class BlogAdminSite(admin.AdminSite):
    """The admin, under the blog's name; the apps add to its pages through templates."""

    site_header = f"{settings.BLOG_TITLE} administration"
    site_title = settings.BLOG_TITLE
    # WordPress's Dashboard above the app list (posts/dashboard.py and the apps' parts).
    index_template = "admin/dashboard.html"
