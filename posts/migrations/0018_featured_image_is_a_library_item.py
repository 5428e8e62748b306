"""The featured image's old file fields go; the library item takes the name."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0017_featured_image_from_the_library"),
    ]

    operations = [
        migrations.RemoveField(model_name="post", name="featured_image"),
        migrations.RemoveField(model_name="post", name="featured_image_alt"),
        migrations.RemoveField(model_name="post", name="featured_image_height"),
        migrations.RemoveField(model_name="post", name="featured_image_renditions"),
        migrations.RemoveField(model_name="post", name="featured_image_width"),
        migrations.RenameField(
            model_name="post", old_name="featured_media", new_name="featured_image"
        ),
        migrations.AlterField(
            model_name="post",
            name="featured_image",
            field=models.ForeignKey(
                blank=True,
                help_text="An image from the media library; its alt text is the library's.",
                limit_choices_to={"kind": "image"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="featured_in_posts",
                to="library.mediaitem",
            ),
        ),
    ]
