"""Like, moved here from the posts app with its table and rows.

posts.0008 renamed the table; this takes the model over in Django's state,
moves its content type (and so its permissions) to this app, and counts each
post's likes into `Post.like_count`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from core.model_moves import move_content_type


def count_likes(apps, schema_editor):
    Like = apps.get_model("likes", "Like")
    Post = apps.get_model("posts", "Post")
    likes = (
        Like.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Post.objects.update(like_count=Coalesce(Subquery(likes), 0))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("posts", "0008_like_moves_to_likes_post_like_count"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Like",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="likes",
                                to="posts.post",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="likes",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("post", "user"), name="one_like_per_user"
                            )
                        ],
                    },
                ),
            ],
        ),
        move_content_type("like", old_app="posts", new_app="likes"),
        migrations.RunPython(count_likes, migrations.RunPython.noop),
    ]
