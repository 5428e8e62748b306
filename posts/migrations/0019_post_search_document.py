"""Search reads a stored document per post, through a GIN index (PostgreSQL only).

The expression index of 0006 could not serve a search that also matched category
and tag names: the OR with their subqueries made the planner scan every post.
The stored document holds the names too, so one indexed condition finds every
match; the old index goes.
"""

import django.contrib.postgres.search
from django.db import migrations

INDEX_NAME = "post_search_document_gin"
OLD_INDEX_NAME = "post_search_gin"


def index():
    from django.contrib.postgres.indexes import GinIndex

    # Without the pending list: a blog writes rarely, and every search reads the index.
    return GinIndex(fields=["search_document"], name=INDEX_NAME, fastupdate=False)


def old_index():
    from django.contrib.postgres.indexes import GinIndex

    from posts.search import search_vector

    return GinIndex(search_vector(), name=OLD_INDEX_NAME)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from posts.search import document

    Post = apps.get_model("posts", "Post")
    schema_editor.remove_index(Post, old_index())
    Post.objects.update(search_document=document())
    schema_editor.add_index(Post, index())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Post = apps.get_model("posts", "Post")
    schema_editor.remove_index(Post, index())
    schema_editor.add_index(Post, old_index())


class Migration(migrations.Migration):
    dependencies = [("posts", "0018_featured_image_is_a_library_item")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
