"""Like now belongs to the likes app: its table is renamed, its rows stay.

Posts keep their like count in a column, as they keep their comment count, so
that a list of post cards reads no other table. The likes app's first
migration takes the model over in Django's state and fills the column.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("posts", "0007_list_order_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="like", table="likes_like"),
            ],
            state_operations=[migrations.DeleteModel(name="Like")],
        ),
        migrations.AddField(
            model_name="post",
            name="like_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Likes, kept exact by the likes app."
            ),
        ),
    ]
