"""Every record has its PCN now (0002); NHS numbers are unique within a PCN (ADR 0009)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_belongs_to_one_pcn")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="pcn",
            field=models.ForeignKey(
                db_index=False,
                help_text="The PCN whose record this is",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(fields=("pcn", "nhs_number"), name="person_once_per_pcn"),
        ),
    ]
