"""The list pages' index leads with the kind: lists ask for posts (not pages), and without it
the database sorted every published post for each page of ten."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0024_weighted_search_document"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="post",
            name="post_list_order",
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                fields=["kind", "status", "-sticky", "-published_at", "-id"], name="post_list_order"
            ),
        ),
    ]
