from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from django.contrib.redirects.models import Redirect
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, post_save

        from core import pagecache
        from library import usage

        # template_globals: what the public templates call (core/templating.py).
        from . import cachekeys, related, revisions, search, sqlite_stats, template_globals  # noqa: F401
        from .models import Menu, MenuItem, Post
        from .site import sync_site

        post_migrate.connect(sync_site, sender=self)
        connection_created.connect(sqlite_stats.gather_if_missing, dispatch_uid="posts.sqlite")
        search.connect()
        related.connect()
        # Every save of a post (or of a proxy of it, such as a page) keeps a revision.
        post_save.connect(revisions.record_on_save, dispatch_uid="posts.revisions")
        # The library names the posts that show an item before it is deleted.
        usage.register(Post.objects.using_media)
        # Whatever a reader can see moves the page cache's keys of what changed,
        cachekeys.connect()
        pagecache.watch(Menu, MenuItem, keys=lambda item: ["menus"])
        pagecache.watch(Redirect)
        # and a scheduled post's time arriving moves every page.
        pagecache.changes_by_itself(Post.objects.next_publication)
