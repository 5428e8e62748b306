from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.redirects.models import Redirect
        from django.db.models.signals import post_migrate

        from core import pagecache

        from .models import Category, Menu, MenuItem, Page, Post, Tag
        from .site import sync_site

        post_migrate.connect(sync_site, sender=self)
        # Whatever a reader can see moves the page cache's content version,
        pagecache.watch(Post, Page, Category, Tag, Menu, MenuItem, Redirect, get_user_model())
        # and so does a scheduled post's time arriving.
        pagecache.changes_by_itself(Post.objects.next_publication)
