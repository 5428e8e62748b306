"""The "Uncategorized" category and the Authors and Editors groups, as WordPress ships them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR_PERMISSIONS = [
    "posts.add_post",
    "posts.change_post",
    "posts.delete_post",
    "posts.view_post",
    "posts.view_category",
    "posts.add_tag",
    "posts.view_tag",
]
EDITOR_PERMISSIONS = [
    *AUTHOR_PERMISSIONS,
    "posts.edit_others_posts",
    "posts.add_category",
    "posts.change_category",
    "posts.delete_category",
    "posts.change_tag",
    "posts.delete_tag",
]


def permissions_named(apps, names):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_defaults(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Category = apps.get_model("posts", "Category")
    Category.objects.get_or_create(
        slug="uncategorized", defaults={"name": "Uncategorized", "path": "uncategorized"}
    )

    Group = apps.get_model("auth", "Group")
    for group_name, names in [("Authors", AUTHOR_PERMISSIONS), ("Editors", EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*permissions_named(apps, names))


def remove_defaults(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Authors", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
