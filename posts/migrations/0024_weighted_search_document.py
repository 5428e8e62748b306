"""Search ranks title hits first and can rank only the most recent matches.

The stored document is made again with weights (title A, categories and tags B,
text D), which `ts_rank` reads from the document alone; a partial index on the
publication time of published posts lets a search take the most recent matches
of a common word without fetching every one (posts/search.py).
"""

from django.db import migrations, models

INDEX_NAME = "post_search_document_gin"  # migration 0019's


def forwards(apps, schema_editor):
    """Every document made again, the GIN index set aside meanwhile: rebuilt once, it
    costs less than kept row by row (it has no pending list)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from posts.search import document

    Post = apps.get_model("posts", "Post")
    index = GinIndex(fields=["search_document"], name=INDEX_NAME, fastupdate=False)
    schema_editor.remove_index(Post, index)
    Post.objects.update(search_document=document())
    schema_editor.add_index(Post, index)


class Migration(migrations.Migration):
    dependencies = [("posts", "0023_attachment_media_item")]

    operations = [
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("kind", "post"), ("status", "published")),
                fields=["-published_at", "-id"],
                name="post_published_recent",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
