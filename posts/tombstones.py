"""The addresses of deleted entries answer `410 Gone`, not 404.

When a published post or page is deleted, its permalink path is kept as a small
`Tombstone`: readers, search engines and the sites it sent Webmentions to (which fetch
the source again to see it gone, W3C Webmention §3.2.3) learn that it was removed on
purpose. An entry published again at the same address takes its path back. A redirect
recorded for the address (an import's, a moved page's) still wins: this middleware sits
outside Django's redirect fallback.
"""

from django.db import models
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.http import HttpResponseGone
from django.template.loader import render_to_string
from django.utils import timezone


class Tombstone(models.Model):
    """The permalink path of a published entry that was deleted, and when."""

    path = models.CharField(max_length=1000, unique=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self):
        return self.path


class GoneMiddleware:
    """A 404 at a deleted entry's address becomes a 410 (one query, on 404s only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and Tombstone.objects.filter(path=request.path).exists():
            body = render_to_string("posts/gone.html", request=request)
            return HttpResponseGone(body)
        return response


def _is_entry(instance):
    from .models import Post

    return isinstance(instance, Post)


@receiver(pre_delete, dispatch_uid="posts.tombstones.entry_deleted")
def entry_deleted(sender, instance, **kwargs):
    if _is_entry(instance) and instance.is_published:
        Tombstone.objects.update_or_create(
            path=instance.get_absolute_url(), defaults={"deleted_at": timezone.now()}
        )


@receiver(post_save, dispatch_uid="posts.tombstones.entry_saved")
def entry_saved(sender, instance, raw=False, **kwargs):
    if not raw and _is_entry(instance) and instance.is_published:
        Tombstone.objects.filter(path=instance.get_absolute_url()).delete()
