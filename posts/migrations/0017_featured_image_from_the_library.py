"""The featured image becomes an item of the media library (the old fields go in 0011).

Each stored featured file becomes a library item in place: same file name, same
renditions, so the URLs pages and feeds gave out keep working. Authors and Editors
get the library's permissions as WordPress gives them the Media screen. The data moves
here and the schema changes in the next migration: PostgreSQL does not alter a table
in the transaction that changed rows pointing at it.
"""

import mimetypes

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

AUTHOR_MEDIA_PERMISSIONS = [
    "add_mediaitem",
    "change_mediaitem",
    "delete_mediaitem",
    "view_mediaitem",
]
EDITOR_MEDIA_PERMISSIONS = [*AUTHOR_MEDIA_PERMISSIONS, "edit_others_media"]


def featured_files_into_the_library(apps, schema_editor):
    Post = apps.get_model("posts", "Post")
    MediaItem = apps.get_model("library", "MediaItem")
    for post in Post.objects.exclude(featured_image="").iterator():
        name = post.featured_image.name
        try:
            size = post.featured_image.size
        except OSError:
            size = 0  # the file went missing; the row still says what it was
        item = MediaItem.objects.create(
            file=name,
            kind="image",
            mime_type=mimetypes.guess_type(name)[0] or "image/jpeg",
            title=post.title[:300],
            alt=post.featured_image_alt,
            uploaded_by_id=post.author_id,
            uploaded_at=post.created,
            width=post.featured_image_width,
            height=post.featured_image_height,
            size=size,
            renditions=post.featured_image_renditions,
        )
        Post.objects.filter(pk=post.pk).update(featured_media=item)


def library_items_back_to_featured_files(apps, schema_editor):
    Post = apps.get_model("posts", "Post")
    for post in Post.objects.exclude(featured_media=None).select_related("featured_media"):
        item = post.featured_media
        Post.objects.filter(pk=post.pk).update(
            featured_image=item.file.name,
            featured_image_alt=item.alt,
            featured_image_width=item.width,
            featured_image_height=item.height,
            featured_image_renditions=item.renditions,
        )


def grant_media_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("library")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in [
        ("Authors", AUTHOR_MEDIA_PERMISSIONS),
        ("Editors", EDITOR_MEDIA_PERMISSIONS),
    ]:
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="library", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0016_post_reading_minutes"),
        ("library", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="featured_media",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="library.mediaitem",
            ),
        ),
        migrations.RunPython(featured_files_into_the_library, library_items_back_to_featured_files),
        migrations.RunPython(grant_media_permissions, migrations.RunPython.noop),
    ]
