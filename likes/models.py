"""Likes: "N bloggers like this", one like per signed-in reader and post."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from posts.models import Post


class LikeQuerySet(models.QuerySet):
    def like(self, post, user):
        """`user` likes `post`. Liking again (a double submit, a second tab) leaves one like."""
        try:
            with transaction.atomic():
                self.create(post=post, user=user)
        except IntegrityError:
            pass  # the unique constraint kept the like we already had

    def unlike(self, post, user):
        self.filter(post=post, user=user).delete()


class Like(models.Model):
    post = models.ForeignKey(Post, related_name="likes", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="likes", on_delete=models.CASCADE
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = LikeQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_user")]

    def __str__(self):
        return f"{self.user} likes {self.post}"

    @staticmethod
    def refresh_counts(post_ids):
        """Recount `Post.like_count` for these posts: exact, whatever happened before
        (the rows are locked first, as `Comment.refresh_counts` explains)."""
        likes = (
            Like.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        with transaction.atomic():
            Post.entries.lock(post_ids)
            Post.entries.filter(pk__in=post_ids).update(like_count=Coalesce(Subquery(likes), 0))


@receiver(post_save, sender=Like, dispatch_uid="likes-count-on-save")
@receiver(post_delete, sender=Like, dispatch_uid="likes-count-on-delete")
def recount(sender, instance, raw=False, **kwargs):
    """However a like comes or goes (the button, the admin, a reader deleted), the count follows."""
    if not raw:
        Like.refresh_counts({instance.post_id})
