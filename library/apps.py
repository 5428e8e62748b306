from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """The media library: uploads checked by content, images with renditions; embeds of
    other sites' media (oEmbed in)."""

    name = "library"
    verbose_name = "Media library"

    def ready(self):
        from django.db.models.signals import post_delete

        from core import pagecache

        from .models import MediaItem, remove_files_after_delete

        post_delete.connect(remove_files_after_delete, sender=MediaItem)
        # Pages show items' alt text and captions (featured images).
        pagecache.watch(MediaItem)
