"""WordPress's roles beside Authors and Editors: publishing and uploading become permissions
of their own, Editors manage pages, and Contributors write posts for review."""

from django.db import migrations

PUBLISHING = ["posts.publish_posts", "posts.upload_files"]
PAGES = ["posts.add_page", "posts.change_page", "posts.delete_page", "posts.view_page"]
CONTRIBUTOR_PERMISSIONS = [
    "posts.add_post",
    "posts.change_post",
    "posts.delete_post",
    "posts.view_post",
    "posts.view_category",
    "posts.add_tag",
    "posts.view_tag",
]
ADDED = {
    "Authors": PUBLISHING,
    "Editors": [*PUBLISHING, *PAGES],
    "Contributors": CONTRIBUTOR_PERMISSIONS,
}


def add_roles(apps, schema_editor):
    defaults = __import__(
        "posts.migrations.0002_default_category_and_roles", fromlist=["create_defaults"]
    )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        defaults.create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group_name, names in ADDED.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*defaults.permissions_named(apps, names))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Contributors").delete()


class Migration(migrations.Migration):
    dependencies = [("posts", "0011_flatpages_become_pages")]

    operations = [
        migrations.AlterModelOptions(
            name="post",
            options={
                "get_latest_by": "published_at",
                "ordering": ["-published_at", "-pk"],
                "permissions": [
                    ("edit_others_posts", "Can edit and publish other authors' posts"),
                    ("publish_posts", "Can publish and schedule posts"),
                    ("upload_files", "Can upload files"),
                ],
            },
        ),
        migrations.RunPython(add_roles, remove_roles),
    ]
