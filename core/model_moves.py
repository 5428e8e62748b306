"""Migrations for a model that moves to another app with its table and rows.

The old app's migration renames the table and drops the model from its state;
the new app's first migration takes the model over in its state and runs
`move_content_type`, so that permissions granted on the model (and anything
else that points at its content type) stay with it.
"""

from django.db import migrations


def move_content_type(model, old_app, new_app):
    """The operation that relabels `model`'s content type from `old_app` to `new_app`."""

    def relabel(apps, old, new):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, old_app, new_app),
        lambda apps, schema_editor: relabel(apps, new_app, old_app),
    )
