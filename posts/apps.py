from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.flatpages.models import FlatPage
        from django.contrib.redirects.models import Redirect
        from django.db.models.signals import post_migrate

        from core import pagecache
        from library import usage

        from .models import Category, Post, Tag
        from .site import sync_site

        post_migrate.connect(sync_site, sender=self)
        # The library names the posts that show an item before it is deleted.
        usage.register(Post.objects.using_media)
        # Whatever a reader can see moves the page cache's content version,
        pagecache.watch(Post, Category, Tag, FlatPage, Redirect, get_user_model())
        # and so does a scheduled post's time arriving.
        pagecache.changes_by_itself(Post.objects.next_publication)
