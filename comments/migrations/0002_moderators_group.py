"""The Moderators group (moderates comments, cannot touch posts) and the discussion settings row."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "view_comment",
    "change_comment",
    "moderate_comment",
    "view_discussionsettings",
    "view_subscription",
]


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=MODERATOR_PERMISSIONS
        )
    )
    # Editors moderate too, as in WordPress.
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="comments",
                codename__in=[*MODERATOR_PERMISSIONS, "delete_comment"],
            )
        )

    # WordPress's defaults, so the first page view only reads.
    apps.get_model("comments", "DiscussionSettings").objects.get_or_create(pk=1)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("posts", "0002_default_category_and_roles"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
