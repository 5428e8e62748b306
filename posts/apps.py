from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.redirects.models import Redirect
        from django.db.models.signals import post_migrate, post_save

        from core import pagecache
        from library import usage

        from . import revisions
        from .models import Category, Menu, MenuItem, Page, Post, Tag
        from .site import sync_site

        post_migrate.connect(sync_site, sender=self)
        # Every save of a post (or of a proxy of it, such as a page) keeps a revision.
        post_save.connect(revisions.record_on_save, dispatch_uid="posts.revisions")
        # The library names the posts that show an item before it is deleted.
        usage.register(Post.objects.using_media)
        # Whatever a reader can see moves the page cache's content version,
        pagecache.watch(Post, Page, Category, Tag, Menu, MenuItem, Redirect, get_user_model())
        # and so does a scheduled post's time arriving.
        pagecache.changes_by_itself(Post.objects.next_publication)
