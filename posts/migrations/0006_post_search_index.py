"""A GIN index for full-text search, on PostgreSQL only (SQLite searches without one).

The indexed expression is built by posts.search itself, so the index and the
query's to_tsvector(...) are the same expression and the planner can use it.
"""

from django.db import migrations

INDEX_NAME = "post_search_gin"


def index():
    from django.contrib.postgres.indexes import GinIndex

    from posts.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("posts", "Post"), index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("posts", "Post"), index())


class Migration(migrations.Migration):
    dependencies = [("posts", "0005_attachment_post_featured_attachment")]

    operations = [migrations.RunPython(add_index, remove_index)]
