from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from django.contrib.flatpages.models import FlatPage
        from django.contrib.redirects.models import Redirect
        from django.db.models.signals import post_migrate

        from core import pagecache

        from . import cachekeys, search
        from .models import Post
        from .site import sync_site

        post_migrate.connect(sync_site, sender=self)
        search.connect()
        # Whatever a reader can see moves the page cache's keys of what changed,
        cachekeys.connect()
        pagecache.watch(FlatPage, Redirect)
        # and a scheduled post's time arriving moves every page.
        pagecache.changes_by_itself(Post.objects.next_publication)
