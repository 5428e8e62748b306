"""OutgoingPing now belongs to the pings app: its table is renamed, its rows stay.

The pings app's first migration takes the model over in Django's state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_outgoingping")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="outgoingping", table="pings_outgoingping"),
            ],
            state_operations=[migrations.DeleteModel(name="OutgoingPing")],
        ),
    ]
