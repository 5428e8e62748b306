"""OutgoingPing, moved here from the comments app with its table and rows.

comments.0005 renamed the table; this takes the model over in Django's state
and moves its content type (and so its permissions) to this app.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from core.model_moves import move_content_type


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("comments", "0005_outgoingping_moves_to_pings"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("posts", "0007_list_order_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingPing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("target_url", models.URLField(max_length=1000, verbose_name="target")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("pingback", "Pingback"), ("trackback", "Trackback")],
                                max_length=20,
                            ),
                        ),
                        (
                            "endpoint",
                            models.URLField(
                                blank=True,
                                help_text="The pingback server or trackback URL used.",
                                max_length=1000,
                            ),
                        ),
                        (
                            "result",
                            models.CharField(
                                choices=[
                                    ("sending", "Sending"),
                                    ("sent", "Accepted"),
                                    ("no-server", "No pingback server"),
                                    ("failed", "Failed"),
                                ],
                                default="sending",
                                max_length=20,
                            ),
                        ),
                        ("message", models.CharField(blank=True, max_length=500)),
                        ("created", models.DateTimeField(default=django.utils.timezone.now)),
                        ("finished", models.DateTimeField(blank=True, null=True)),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outgoing_pings",
                                to="posts.post",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("post", "target_url"),
                                name="one_outgoing_ping_per_post_and_target",
                            )
                        ],
                    },
                ),
            ],
        ),
        move_content_type("outgoingping", old_app="comments", new_app="pings"),
    ]
