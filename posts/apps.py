from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .site import sync_site

        post_migrate.connect(sync_site, sender=self)
        from django.contrib.auth import get_user_model

        from blogsite import pagecache

        from .models import Category, Like, Post, Tag

        pagecache.watch(Post, Category, Tag, Like, get_user_model())
